import { useEffect, useState } from 'react';
import { Button, Card, Collapse, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { HAZARD_SEVERITY, INSPECTION_LIST, INSTITUTION_TYPE } from '@doudi/domain';
import type { InstitutionType } from '@doudi/domain';
import { showError, showFormError, showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import { useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { hazardKeys, hazardsApi, type ChecklistItem } from './hazardsApi';
import { chinaToday } from './hazardsFormat';
import './hazards.css';

interface ItemResult { passed?: boolean; note: string }

function InstitutionModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const me = useMe();
  const { t } = useI18n();
  const [form] = Form.useForm<{ regionCode: string; type: InstitutionType; name: string }>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: hazardsApi.createInstitution,
    meta: { form: true },
    onSuccess: (i) => {
      void queryClient.invalidateQueries({ queryKey: [...hazardKeys.all, 'institutions'] });
      onCreated(i.id);
      onClose();
    },
    onError: (e) => showFormError(form, e, ['regionCode', 'type', 'name']),
  });
  return (
    <Modal open={open} title={t('hazards.institution.new')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}
      okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ regionCode: me.region.code, type: 'rescue_station' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="regionCode" label={t('hazards.field.region')} rules={[{ required: true }]}><RegionPicker root={me.region} allowClear={false} /></Form.Item>
        <Form.Item name="type" label={t('hazards.inspection.type')}><Select options={INSTITUTION_TYPE.options} /></Form.Item>
        <Form.Item name="name" label={t('hazards.institution.name')} rules={[{ required: true, message: t('hazards.institution.nameRequired') }]}><Input maxLength={100} /></Form.Item>
      </Form>
    </Modal>
  );
}

/** 新增检查: pick the institution, then go through the 五个清单 item by item; every 不合格 item opens a hazard. */
export default function InspectionFormPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ institutionId: number; inspectedOn: string; inspectors: string; ownerName: string; note: string }>();
  const [addingInstitution, setAddingInstitution] = useState(false);
  const institutionId = Form.useWatch('institutionId', form);
  const institutions = useQuery({ queryKey: [...hazardKeys.all, 'institutions'], queryFn: () => hazardsApi.institutions() });
  const type = institutions.data?.items.find((i) => i.id === institutionId)?.type;
  const checklist = useQuery({ queryKey: [...hazardKeys.all, 'checklist', type], queryFn: () => hazardsApi.checklist(type!), enabled: !!type });
  const [results, setResults] = useState<Record<string, ItemResult>>({});
  useEffect(() => setResults({}), [type]);
  const setResult = (key: string, r: Partial<ItemResult>) => setResults((all) => ({ ...all, [key]: { note: '', ...all[key], ...r } }));

  const save = useMutation({
    mutationFn: (v: { institutionId: number; inspectedOn: string; inspectors: string; ownerName: string; note?: string }) => {
      const items = (checklist.data?.items ?? []).map((i: ChecklistItem) => ({
        key: i.key, list: i.list, label: i.label, passed: results[i.key]?.passed ?? true, note: results[i.key]?.note ?? '',
      }));
      return hazardsApi.createInspection({ ...v, note: v.note ?? '', items });
    },
    meta: { form: true },
    onSuccess: (d) => {
      void queryClient.invalidateQueries({ queryKey: hazardKeys.all });
      showSuccess(t('hazards.inspection.saved', { failed: d.itemsFailed }));
      void navigate(`/hazards/inspections?inspection=${d.id}`);
    },
    onError: (e) => showFormError(form, e, ['institutionId', 'inspectedOn', 'inspectors', 'ownerName', 'note']),
  });
  const submit = () => {
    const missing = (checklist.data?.items ?? []).filter((i) => results[i.key]?.passed === undefined);
    const noNote = (checklist.data?.items ?? []).find((i) => results[i.key]?.passed === false && (results[i.key]?.note ?? '').trim().length < 2);
    if (noNote) return showError(new Error(t('hazards.inspection.noteRequired', { item: noNote.label })));
    if (missing.length) {
      Modal.confirm({
        title: t('hazards.inspection.unanswered', { n: missing.length }), okText: t('common.confirm'), cancelText: t('common.cancel'),
        onOk: () => form.submit(),
      });
      return;
    }
    form.submit();
  };
  const failed = Object.values(results).filter((r) => r.passed === false).length;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Link to="/hazards/inspections"><ArrowLeftOutlined /> {t('hazards.inspection.title')}</Link>
      <Card title={t('hazards.inspection.new')}>
        <Form form={form} layout="vertical" initialValues={{ inspectedOn: chinaToday() }} onFinish={(v) => save.mutate(v)}>
          <Form.Item label={t('hazards.inspection.institution')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="institutionId" noStyle rules={[{ required: true, message: t('hazards.inspection.institutionRequired') }]}>
                <Select
                  showSearch optionFilterProp="label" placeholder={t('hazards.inspection.institution')} data-testid="inspection-institution"
                  options={(institutions.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.name}${t('hazards.punct.paren', { text: INSTITUTION_TYPE.labels[i.type] })}` }))}
                />
              </Form.Item>
              <Button icon={<PlusOutlined />} onClick={() => setAddingInstitution(true)}>{t('hazards.institution.new')}</Button>
            </Space.Compact>
          </Form.Item>
          <Form.Item name="inspectedOn" label={t('hazards.inspection.date')} rules={[{ required: true }]}><Input type="date" max={chinaToday()} /></Form.Item>
          <Form.Item name="inspectors" label={t('hazards.inspection.inspectors')} rules={[{ required: true, message: t('hazards.inspection.inspectorsRequired') }]}>
            <Input maxLength={200} placeholder={t('hazards.inspection.inspectorsPlaceholder')} data-testid="inspection-inspectors" />
          </Form.Item>
          <Form.Item name="ownerName" label={t('hazards.inspection.owner')} rules={[{ required: true, message: t('hazards.create.ownerRequired') }]}>
            <Input maxLength={50} data-testid="inspection-owner" />
          </Form.Item>
          <Form.Item name="note" label={t('hazards.inspection.note')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
        </Form>
        {checklist.data ? (
          <>
            <Typography.Title level={5}>{t('hazards.inspection.lists')} {failed ? <Tag color="red">{t('hazards.inspection.failedCount', { n: failed })}</Tag> : null}</Typography.Title>
            <Collapse
              defaultActiveKey={['responsibility']}
              items={INSPECTION_LIST.schema.options.map((list) => {
                const items = checklist.data.items.filter((i) => i.list === list);
                const answered = items.filter((i) => results[i.key]?.passed !== undefined).length;
                return {
                  key: list,
                  label: <span>{INSPECTION_LIST.labels[list]} <Typography.Text type="secondary">{answered}/{items.length}</Typography.Text></span>,
                  children: items.map((i) => (
                    <div key={i.key} className="checklist-item" data-testid={`check-${i.key}`}>
                      <div className="checklist-item-label">{i.label}</div>
                      <Radio.Group
                        optionType="button" buttonStyle="solid" value={results[i.key]?.passed}
                        onChange={(e) => setResult(i.key, { passed: e.target.value as boolean })}
                        options={[{ value: true, label: t('hazards.inspection.pass') }, { value: false, label: t('hazards.inspection.fail') }]}
                      />
                      {results[i.key]?.passed === false ? (
                        <>
                          <Input.TextArea
                            rows={2} style={{ marginTop: 8 }} placeholder={t('hazards.inspection.failNote')} value={results[i.key]?.note}
                            onChange={(e) => setResult(i.key, { note: e.target.value })} data-testid={`check-note-${i.key}`}
                          />
                          <Typography.Text type="secondary">{t('hazards.inspection.willOpen', { severity: HAZARD_SEVERITY.labels[i.severity] })}</Typography.Text>
                        </>
                      ) : null}
                    </div>
                  )),
                };
              })}
            />
          </>
        ) : <Typography.Text type="secondary">{t('hazards.inspection.pickFirst')}</Typography.Text>}
        <div style={{ marginTop: 16 }}>
          <Button type="primary" onClick={submit} loading={save.isPending} disabled={!checklist.data} data-testid="inspection-save">{t('hazards.inspection.save')}</Button>
        </div>
      </Card>
      <InstitutionModal open={addingInstitution} onClose={() => setAddingInstitution(false)} onCreated={(id) => form.setFieldValue('institutionId', id)} />
    </Space>
  );
}
