import { useState } from 'react';
import { Button, Card, Checkbox, Descriptions, Form, Input, Modal, Space, Spin, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { CARE_PLAN_ACTION, CARE_PLAN_STATUS } from '@doudi/domain';
import type { CarePlanAction, CarePlanDetail, CarePlanMeasure, CarePlanStatus } from '@doudi/domain';
import { isApiError } from '../../api';
import { showFormError, showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { hazardKeys, hazardsApi } from './hazardsApi';
import { DueDate, formatTime, PlanStatusTag } from './hazardsFormat';
import './hazards.css';

interface EditValues { problems: string; responsibleName: string; reviewOn?: string; measures: { what: string; responsible: string; due?: string; done?: boolean }[] }
type Step = 'start' | 'submit-review' | 'reopen' | 'close';

function EditForm({ plan, onDone }: { plan: CarePlanDetail; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<EditValues>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: EditValues) => hazardsApi.updateCarePlan(plan.id, {
      version: plan.version, problems: v.problems, responsibleName: v.responsibleName ?? '', reviewOn: v.reviewOn || null,
      measures: (v.measures ?? []).map((m) => ({ what: m.what, responsible: m.responsible, due: m.due || null, done: m.done ?? false })),
    }),
    meta: { form: true },
    onSuccess: (p) => {
      queryClient.setQueryData([...hazardKeys.carePlans, p.id], p);
      void queryClient.invalidateQueries({ queryKey: hazardKeys.carePlans });
      showSuccess(t('hazards.plan.saved'));
      onDone();
    },
    onError: (e) => showFormError(form, e, ['problems', 'responsibleName', 'reviewOn', 'measures']),
  });
  return (
    <Form<EditValues>
      form={form} layout="vertical" onFinish={(v) => save.mutate(v)}
      initialValues={{
        problems: plan.problems, responsibleName: plan.responsibleName, reviewOn: plan.reviewOn ?? undefined,
        measures: plan.measures.map((m: CarePlanMeasure) => ({ ...m, due: m.due ?? undefined })),
      }}
    >
      <Form.Item name="problems" label={t('hazards.plan.problems')} rules={[{ required: true, message: t('hazards.plan.problemsRequired') }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
      <Typography.Text strong>{t('hazards.plan.measures')}</Typography.Text>
      <Form.List name="measures">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Card key={f.key} size="small" style={{ margin: '8px 0' }}>
                <Form.Item name={[f.name, 'what']} label={t('hazards.plan.measureWhat')} rules={[{ required: true, message: t('hazards.plan.measureWhatRequired') }]}><Input maxLength={300} data-testid="measure-what" /></Form.Item>
                <Space wrap align="end">
                  <Form.Item name={[f.name, 'responsible']} label={t('hazards.plan.measureResponsible')} rules={[{ required: true, message: t('hazards.plan.measureResponsibleRequired') }]}><Input maxLength={50} data-testid="measure-responsible" /></Form.Item>
                  <Form.Item name={[f.name, 'due']} label={t('hazards.plan.measureDue')}><Input type="date" /></Form.Item>
                  <Form.Item name={[f.name, 'done']} valuePropName="checked"><Checkbox>{t('hazards.plan.measureDone')}</Checkbox></Form.Item>
                  <Form.Item><Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('hazards.plan.removeMeasure')} /></Form.Item>
                </Space>
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ what: '', responsible: '', done: false })} style={{ margin: '8px 0 16px' }} data-testid="measure-add">{t('hazards.plan.addMeasure')}</Button>
          </>
        )}
      </Form.List>
      <Space wrap>
        <Form.Item name="responsibleName" label={t('hazards.plan.responsible')}><Input maxLength={50} data-testid="plan-responsible" /></Form.Item>
        <Form.Item name="reviewOn" label={t('hazards.plan.reviewOn')}><Input type="date" data-testid="plan-review-on" /></Form.Item>
      </Space>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="plan-save">{t('common.save')}</Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}

/** 一人一策详情: the plan, its measures, the steps allowed now, and its history. */
export default function CarePlanDetailPage() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [noteStep, setNoteStep] = useState<'reopen' | 'close' | null>(null);
  const [note, setNote] = useState('');
  const plan = useQuery({ queryKey: [...hazardKeys.carePlans, id], queryFn: () => hazardsApi.carePlan(id), enabled: Number.isInteger(id) && id > 0 });
  const step = useMutation({
    mutationFn: ({ s, n }: { s: Step; n: string }) => hazardsApi.carePlanStep(id, s, { version: plan.data!.version, note: n }),
    onSuccess: (p) => {
      queryClient.setQueryData([...hazardKeys.carePlans, p.id], p);
      void queryClient.invalidateQueries({ queryKey: hazardKeys.carePlans });
      setNoteStep(null);
      setNote('');
    },
  });
  if (plan.isError && isApiError(plan.error, 404)) return <NotFoundPage />;
  if (!plan.data) return <Spin />;
  const p = plan.data;
  const can = (a: CarePlanAction) => p.availableActions.includes(a);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Link to="/visits/care-plans"><ArrowLeftOutlined /> {t('hazards.plan.title')}</Link>
      <Card
        title={<span>{p.householdHead ?? `#${p.householdId}`} <PlanStatusTag status={p.status} /></span>}
        extra={can('edit') && !editing ? <Button onClick={() => setEditing(true)} data-testid="plan-edit">{t('common.edit')}</Button> : null}
      >
        {editing ? <EditForm plan={p} onDone={() => setEditing(false)} /> : (
          <>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('hazards.field.region')}>{p.regionName}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.field.household')}><Link to={`/registry/households/${p.householdId}`}>{p.householdHead ?? p.householdId}</Link></Descriptions.Item>
              <Descriptions.Item label={t('hazards.plan.responsible')}>{p.responsibleName || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('hazards.plan.reviewOn')}><DueDate date={p.reviewOn} overdue={p.reviewOverdue} /></Descriptions.Item>
              <Descriptions.Item label={t('hazards.plan.problems')} span={2}>{p.problems}</Descriptions.Item>
              {p.closeSummary ? <Descriptions.Item label={t('hazards.plan.closeSummary')} span={2}>{p.closeSummary}</Descriptions.Item> : null}
            </Descriptions>
            <Typography.Title level={5}>{t('hazards.plan.measures')}</Typography.Title>
            {p.measures.length ? (
              <ol style={{ paddingLeft: 20 }}>
                {p.measures.map((m, i) => (
                  <li key={i}>
                    {m.done ? <Typography.Text delete>{m.what}</Typography.Text> : m.what}
                    <Typography.Text type="secondary"> · {m.responsible}{m.due ? ` · ${m.due}` : ''}{m.done ? ` · ${t('hazards.plan.measureDone')}` : ''}</Typography.Text>
                  </li>
                ))}
              </ol>
            ) : <Typography.Text type="secondary">{t('hazards.plan.noMeasures')}</Typography.Text>}
            <div className="hazard-actions" style={{ marginTop: 12 }}>
              {can('start') ? <Button type="primary" loading={step.isPending} onClick={() => step.mutate({ s: 'start', n: '' })} data-testid="plan-start">{CARE_PLAN_ACTION.labels.start}</Button> : null}
              {can('submit_review') ? <Button type="primary" loading={step.isPending} onClick={() => step.mutate({ s: 'submit-review', n: '' })} data-testid="plan-submit-review">{CARE_PLAN_ACTION.labels.submit_review}</Button> : null}
              {can('reopen') ? <Button onClick={() => setNoteStep('reopen')} data-testid="plan-reopen">{CARE_PLAN_ACTION.labels.reopen}</Button> : null}
              {can('close') ? <Button type="primary" onClick={() => setNoteStep('close')} data-testid="plan-close">{CARE_PLAN_ACTION.labels.close}</Button> : null}
            </div>
          </>
        )}
      </Card>
      <Card title={t('hazards.detail.history')} size="small">
        <Timeline
          items={p.events.map((e) => ({
            children: (
              <div>
                <div><strong>{e.actionLabel}</strong> · {e.actorName ?? '—'} · {formatTime(e.at)}</div>
                <Typography.Text type="secondary">
                  {e.fromStatus && e.fromStatus !== e.toStatus ? `${CARE_PLAN_STATUS.labels[e.fromStatus as CarePlanStatus]} → ${CARE_PLAN_STATUS.labels[e.toStatus as CarePlanStatus]}` : ''}
                  {typeof e.detail.note === 'string' && e.detail.note ? `${t('hazards.punct.colon')}${e.detail.note}` : ''}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      </Card>
      <Modal
        open={noteStep !== null} title={noteStep ? CARE_PLAN_ACTION.labels[noteStep] : ''} onCancel={() => setNoteStep(null)}
        onOk={() => noteStep && step.mutate({ s: noteStep, n: note })} confirmLoading={step.isPending} okText={t('common.confirm')} cancelText={t('common.cancel')}
      >
        <Typography.Paragraph>{noteStep === 'close' ? t('hazards.plan.closeHint') : t('hazards.plan.reopenHint')}</Typography.Paragraph>
        <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} data-testid="plan-step-note" />
      </Modal>
    </Space>
  );
}
