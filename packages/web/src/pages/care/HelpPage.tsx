import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Segmented, Space, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { HELP_CHANNEL, HELP_STATUS, type HelpRequestView, type HelpStatus } from '@doudi/domain';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { showFormError, showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { careApi, careKeys } from './careApi';
import { HelpStatusTag, formatTime } from './careFormat';
import './care.css';

/** /elderly/help: emergency help requests, pending first; respond, then close. */
export default function HelpPage() {
  const { t } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const [status, setStatus] = useState<HelpStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const [acting, setActing] = useState<{ h: HelpRequestView; type: 'respond' | 'close' } | null>(null);
  const query = { status: status === 'all' ? undefined : status, page, pageSize: 20 };
  const list = useQuery({ queryKey: careKeys.help(query), queryFn: () => careApi.helpRequests(query), placeholderData: keepPreviousData });
  const canWrite = hasPermission(me, 'care.write');
  const [form] = Form.useForm<{ response: string; responder: string }>();
  const act = useMutation({
    mutationFn: (v: { response: string; responder: string }) => acting!.type === 'respond'
      ? careApi.respondHelp(acting!.h.id, { ...v, version: acting!.h.version })
      : careApi.closeHelp(acting!.h.id, { ...(v.response ? { response: v.response } : {}), version: acting!.h.version }),
    onSuccess: () => { setActing(null); showSuccess(t('care.saved')); void qc.invalidateQueries({ queryKey: careKeys.all }); },
    onError: (e) => showFormError(form, e, ['response', 'responder']),
  });
  return (
    <div className="care-page">
      <Typography.Title level={3} style={{ margin: 0 }}>{t('care.help.title')}</Typography.Title>
      <Alert type="info" showIcon title={t('care.help.new')} />
      <Segmented value={status} onChange={(v) => { setStatus(v as HelpStatus | 'all'); setPage(1); }}
        options={[{ value: 'all', label: t('common.all') }, ...HELP_STATUS.options]} />
      <Card size="small">
        <ResponsiveTable<HelpRequestView>
          rowKey="id"
          size="small"
          scroll={{ x: 760 }}
          cardTestId="help-card"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (total) => t('common.total', { total }) }}
          data-testid="help-table"
          columns={[
            { title: t('care.help.person'), dataIndex: 'personName', render: (v: string, r) => <>{v}<div className="muted">{r.regionName}</div></> },
            { title: t('care.help.when'), dataIndex: 'requestedAt', render: (v: string, r) => <>{formatTime(v)}<div className="muted">{HELP_CHANNEL.labels[r.channel]}</div></> },
            { title: t('care.form.description'), dataIndex: 'description' },
            { title: t('care.form.response'), dataIndex: 'response', render: (v: string, r) => v ? <>{r.responder}{t('care.punct.colon')}{v}</> : '—' },
            { title: t('care.help.responseTime'), dataIndex: 'responseMinutes', render: (v: number | null) => v === null ? '—' : t('care.help.minutes', { n: v }) },
            { title: t('common.actions'), dataIndex: 'status', render: (s: HelpStatus, r) => (
              <Space wrap>
                <HelpStatusTag status={s} />
                {canWrite && s === 'pending' ? <Button size="small" type="primary" onClick={() => { form.resetFields(); setActing({ h: r, type: 'respond' }); }} data-testid="help-respond">{t('care.action.respond')}</Button> : null}
                {canWrite && s === 'responded' ? <Button size="small" onClick={() => { form.resetFields(); setActing({ h: r, type: 'close' }); }} data-testid="help-close">{t('care.action.close')}</Button> : null}
              </Space>
            ) },
          ]}
        />
      </Card>
      <Modal open={acting !== null} title={acting?.type === 'respond' ? t('care.action.respond') : t('care.action.close')} onCancel={() => setActing(null)}
        onOk={() => form.submit()} confirmLoading={act.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => act.mutate(v)}>
          <Form.Item name="response" label={t('care.form.response')} rules={acting?.type === 'respond' ? [{ required: true, message: t('care.form.responseRequired') }] : []}>
            <Input.TextArea rows={3} maxLength={500} data-testid="help-response" />
          </Form.Item>
          {acting?.type === 'respond' ? (
            <Form.Item name="responder" label={t('care.form.responder')} rules={[{ required: true, message: t('care.form.responderRequired') }]}><Input maxLength={50} data-testid="help-responder" /></Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
