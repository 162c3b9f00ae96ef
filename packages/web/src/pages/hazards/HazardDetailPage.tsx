import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Image, Input, Modal, Popconfirm, Radio, Select, Space, Spin, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, CameraOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { HAZARD_CATEGORY, HAZARD_SEVERITY, HAZARD_SOURCE, HAZARD_STATUS } from '@doudi/domain';
import type { HazardDetail, HazardStatus, UpdateHazardRequest } from '@doudi/domain';
import { isApiError } from '../../api';
import { showError, showFormError, showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { hazardKeys, hazardsApi } from './hazardsApi';
import { DueDate, formatTime, HazardStatusTag, SeverityTag } from './hazardsFormat';
import { photoToDataUrl } from './photo';
import './hazards.css';

function RectifyModal({ hazard, open, onClose }: { hazard: HazardDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text: string }>();
  const [photo, setPhoto] = useState<string | undefined>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { text: string }) => hazardsApi.rectify(hazard.id, { version: hazard.version, text: v.text, ...(photo ? { photo } : {}) }),
    meta: { form: true },
    onSuccess: (h) => {
      queryClient.setQueryData([...hazardKeys.all, h.id], h);
      void queryClient.invalidateQueries({ queryKey: hazardKeys.all });
      showSuccess(t('hazards.rectify.done'));
      onClose();
    },
    onError: (e) => showFormError(form, e, ['text']),
  });
  return (
    <Modal open={open} title={t('hazards.action.rectify')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}
      okText={t('hazards.rectify.submit')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="text" label={t('hazards.field.rectification')} rules={[{ required: true, message: t('hazards.rectify.required') }]}>
          <Input.TextArea rows={4} maxLength={1000} data-testid="rectify-text" />
        </Form.Item>
        <Form.Item label={t('hazards.field.photo')}>
          <label className="ant-btn ant-btn-default" style={{ display: 'inline-flex', alignItems: 'center', gap: 6, padding: '4px 15px', cursor: 'pointer' }}>
            <CameraOutlined /> {t('hazards.rectify.photo')}
            <input
              type="file" accept="image/*" capture="environment" style={{ display: 'none' }} data-testid="rectify-photo"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) photoToDataUrl(file).then(setPhoto, showError);
              }}
            />
          </label>
          {photo ? <div style={{ marginTop: 8 }}><img src={photo} alt="" className="hazard-photo" /></div> : null}
        </Form.Item>
      </Form>
    </Modal>
  );
}

type EditValues = Omit<UpdateHazardRequest, 'version' | 'ownerUserId'>;

function EditModal({ hazard, open, onClose }: { hazard: HazardDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<EditValues>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: EditValues) => hazardsApi.update(hazard.id, { ...v, version: hazard.version }),
    meta: { form: true },
    onSuccess: (h) => {
      queryClient.setQueryData([...hazardKeys.all, h.id], h);
      void queryClient.invalidateQueries({ queryKey: hazardKeys.all });
      onClose();
    },
    onError: (e) => showFormError(form, e, ['category', 'severity', 'description', 'ownerName', 'deadline']),
  });
  return (
    <Modal open={open} title={t('hazards.edit.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}
      okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form<EditValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}
        initialValues={{ category: hazard.category, severity: hazard.severity, description: hazard.description, ownerName: hazard.ownerName, deadline: hazard.deadline }}>
        <Form.Item name="category" label={t('hazards.field.category')}><Select options={HAZARD_CATEGORY.options} /></Form.Item>
        <Form.Item name="severity" label={t('hazards.field.severity')}><Radio.Group options={HAZARD_SEVERITY.options} optionType="button" /></Form.Item>
        <Form.Item name="description" label={t('hazards.field.description')} rules={[{ required: true, message: t('hazards.create.descriptionRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="ownerName" label={t('hazards.field.owner')} rules={[{ required: true, message: t('hazards.create.ownerRequired') }]}><Input maxLength={50} /></Form.Item>
        <Form.Item name="deadline" label={t('hazards.field.deadline')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
      </Form>
    </Modal>
  );
}

function VerifyModal({ hazard, open, onClose }: { hazard: HazardDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ passed: boolean; note: string }>();
  const passed = Form.useWatch('passed', form);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { passed: boolean; note?: string }) => hazardsApi.verify(hazard.id, { version: hazard.version, passed: v.passed, note: v.note ?? '' }),
    meta: { form: true },
    onSuccess: (h) => {
      queryClient.setQueryData([...hazardKeys.all, h.id], h);
      void queryClient.invalidateQueries({ queryKey: hazardKeys.all });
      showSuccess(h.status === 'closed' ? t('hazards.verify.closed') : t('hazards.verify.returned'));
      onClose();
    },
    onError: (e) => showFormError(form, e, ['note']),
  });
  return (
    <Modal open={open} title={t('hazards.action.verify')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}
      okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
      <Typography.Paragraph>{t('hazards.verify.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ passed: true }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="passed" label={t('hazards.verify.result')}>
          <Radio.Group data-testid="verify-result" options={[{ value: true, label: t('hazards.verify.pass') }, { value: false, label: t('hazards.verify.fail') }]} />
        </Form.Item>
        <Form.Item name="note" label={passed === false ? t('hazards.verify.reason') : t('hazards.verify.note')}
          rules={passed === false ? [{ required: true, message: t('hazards.verify.reasonRequired') }] : []}>
          <Input.TextArea rows={3} maxLength={500} data-testid="verify-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 隐患详情: the hazard, its rectification and verification, and the steps the user may take now. */
export default function HazardDetailPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const [modal, setModal] = useState<'rectify' | 'verify' | 'edit' | null>(null);
  const hazard = useQuery({ queryKey: [...hazardKeys.all, id], queryFn: () => hazardsApi.get(id), enabled: Number.isInteger(id) && id > 0 });
  const start = useMutation({
    mutationFn: (h: HazardDetail) => hazardsApi.start(h.id, h.version),
    onSuccess: (h) => {
      queryClient.setQueryData([...hazardKeys.all, h.id], h);
      void queryClient.invalidateQueries({ queryKey: hazardKeys.all });
    },
  });
  if (hazard.isError && isApiError(hazard.error, 404)) return <NotFoundPage />;
  if (!hazard.data) return <Spin />;
  const h = hazard.data;
  const place = h.institutionName ?? (h.householdId ? `${h.householdHead ?? ''}${t('hazards.punct.paren', { text: t('hazards.field.householdNo', { id: h.householdId }) })}` : h.regionName);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Link to="/hazards/list"><ArrowLeftOutlined /> {t('hazards.list.title')}</Link>
      <Card
        title={<span>{place} <SeverityTag severity={h.severity} /><HazardStatusTag status={h.status} /></span>}
        extra={h.canEdit ? <Button onClick={() => setModal('edit')} data-testid="hazard-edit">{t('common.edit')}</Button> : <span data-testid="hazard-id">#{h.id}</span>}
      >
        {h.overdue ? <Alert type="error" showIcon message={t('hazards.detail.overdue', { date: h.deadline })} style={{ marginBottom: 12 }} /> : null}
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label={t('hazards.field.region')}>{h.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.field.source')}>
            {HAZARD_SOURCE.labels[h.source]}
            {h.inspectionId ? <> · <Link to={`/hazards/inspections?inspection=${h.inspectionId}`}>{t('hazards.detail.inspection')}</Link></> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('hazards.field.category')}>{HAZARD_CATEGORY.labels[h.category]}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.field.owner')}>{h.ownerName}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.field.deadline')}><DueDate date={h.deadline} overdue={h.overdue} /></Descriptions.Item>
          <Descriptions.Item label={t('hazards.field.createdBy')}>{h.createdBy ?? '—'} · {formatTime(h.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.field.description')} span={2}>{h.description}</Descriptions.Item>
          {h.householdId ? (
            <Descriptions.Item label={t('hazards.field.household')}><Link to={`/registry/households/${h.householdId}`}>{h.householdHead ?? h.householdId}</Link></Descriptions.Item>
          ) : null}
        </Descriptions>
        <div className="hazard-actions" style={{ marginTop: 12 }}>
          {h.availableActions.includes('start') ? (
            <Popconfirm title={t('hazards.start.confirm')} onConfirm={() => start.mutate(h)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
              <Button loading={start.isPending} data-testid="hazard-start">{t('hazards.action.start')}</Button>
            </Popconfirm>
          ) : null}
          {h.availableActions.includes('rectify') ? <Button type="primary" onClick={() => setModal('rectify')} data-testid="hazard-rectify">{t('hazards.action.rectify')}</Button> : null}
          {h.availableActions.includes('verify') ? <Button type="primary" onClick={() => setModal('verify')} data-testid="hazard-verify">{t('hazards.action.verify')}</Button> : null}
          {h.status === 'awaiting_verification' && !h.availableActions.includes('verify') ? (
            <Typography.Text type="secondary">{t('hazards.detail.waitVerify')}</Typography.Text>
          ) : null}
        </div>
      </Card>
      {h.rectification || h.verifiedAt ? (
        <Card title={t('hazards.detail.rectification')} size="small">
          <Descriptions column={1} size="small">
            {h.rectification ? <Descriptions.Item label={t('hazards.field.rectification')}>{h.rectification}{t('hazards.punct.parenOpen')}{h.rectifiedBy} · {formatTime(h.rectifiedAt)}{t('hazards.punct.parenClose')}</Descriptions.Item> : null}
            {h.verifiedAt ? (
              <Descriptions.Item label={t('hazards.field.verification')}>
                {h.verifiedBy} · {formatTime(h.verifiedAt)}{h.verificationNote ? `${t('hazards.punct.colon')}${h.verificationNote}` : ''}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {h.photoIds.length ? (
            <Image.PreviewGroup>
              <Space wrap>{h.photoIds.map((p) => <Image key={p} width={120} src={hazardsApi.photoUrl(h.id, p)} alt={t('hazards.field.photo')} />)}</Space>
            </Image.PreviewGroup>
          ) : null}
        </Card>
      ) : null}
      <Card title={t('hazards.detail.history')} size="small">
        <Timeline
          items={h.events.map((e) => ({
            color: e.action === 'verify_fail' ? 'red' : e.action === 'verify_pass' ? 'green' : 'blue',
            children: (
              <div>
                <div><strong>{e.actionLabel}</strong> · {e.actorName ?? '—'} · {formatTime(e.at)}</div>
                <Typography.Text type="secondary">
                  {e.fromStatus ? `${HAZARD_STATUS.labels[e.fromStatus as HazardStatus]} → ` : ''}{HAZARD_STATUS.labels[e.toStatus as HazardStatus]}
                  {typeof e.detail.text === 'string' ? `${t('hazards.punct.colon')}${e.detail.text}` : ''}
                  {typeof e.detail.note === 'string' && e.detail.note ? `${t('hazards.punct.colon')}${e.detail.note}` : ''}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      </Card>
      <RectifyModal hazard={h} open={modal === 'rectify'} onClose={() => setModal(null)} />
      <VerifyModal hazard={h} open={modal === 'verify'} onClose={() => setModal(null)} />
      <EditModal hazard={h} open={modal === 'edit'} onClose={() => setModal(null)} />
    </Space>
  );
}
