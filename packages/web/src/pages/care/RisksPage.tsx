import { useState } from 'react';
import { Button, Card, Input, Modal, Segmented, Space, Tag, Timeline, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CHILD_AREA, RISK_ACTION, RISK_STATUS, regionLevel, type RiskAction, type RiskReportView, type RiskStatus } from '@doudi/domain';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { showError, showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { careApi, careKeys } from './careApi';
import { RiskLevelTag, RiskStatusTag, formatTime } from './careFormat';
import './care.css';

/** The actions a user of this level can take on a report in this status (the server checks the same ladder). */
function actionsFor(status: RiskStatus, level: number): RiskAction[] {
  if (level > 4) return [];
  if (status === 'reported') return ['receive'];
  if (status === 'township_received') return ['escalate', 'resolve'];
  if (status === 'county_reported' && level <= 3) return ['resolve'];
  return [];
}

/** /children/risks: risk reports of children in difficulty, escalated township → county, every step shown. */
export default function RisksPage() {
  const { t } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const [status, setStatus] = useState<RiskStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const [acting, setActing] = useState<{ r: RiskReportView; action: RiskAction } | null>(null);
  const [note, setNote] = useState('');
  const query = { status: status === 'all' ? undefined : status, page, pageSize: 20 };
  const list = useQuery({ queryKey: careKeys.risks(query), queryFn: () => careApi.riskReports(query), placeholderData: keepPreviousData });
  const level = regionLevel(me.region.code);
  const canWrite = hasPermission(me, 'care.write');
  const act = useMutation({
    mutationFn: () => careApi.actOnRisk(acting!.r.id, { action: acting!.action, note, version: acting!.r.version }),
    onSuccess: () => { setActing(null); setNote(''); showSuccess(t('care.saved')); void qc.invalidateQueries({ queryKey: careKeys.all }); },
    onError: showError,
  });
  return (
    <div className="care-page">
      <Typography.Title level={3} style={{ margin: 0 }}>{t('care.risk.title')}</Typography.Title>
      <Segmented value={status} onChange={(v) => { setStatus(v as RiskStatus | 'all'); setPage(1); }} options={[{ value: 'all', label: t('common.all') }, ...RISK_STATUS.options]} />
      <Card size="small">
        <ResponsiveTable<RiskReportView>
          rowKey="id"
          size="small"
          scroll={{ x: 760 }}
          cardTestId="risk-card"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (total) => t('common.total', { total }) }}
          expandable={{
            expandedRowRender: (r) => (
              <Timeline items={r.events.map((e) => ({ key: e.id, content: <><RiskStatusTag status={e.toStatus} />{formatTime(e.at)} · {e.actorName ?? ''}<div>{e.note}</div></> }))} />
            ),
          }}
          data-testid="risk-table"
          columns={[
            { title: t('care.risk.child'), dataIndex: 'childName', render: (v: string, r) => <>{v}<div className="muted">{r.regionName}</div></> },
            { title: t('care.form.area'), dataIndex: 'area', render: (v: RiskReportView['area'], r) => <><Tag>{CHILD_AREA.labels[v]}</Tag><RiskLevelTag level={r.level} /></> },
            { title: t('care.form.riskDescription'), dataIndex: 'description' },
            { title: t('care.risk.reportedAt'), dataIndex: 'reportedAt', render: (v: string, r) => <>{formatTime(v)}<div className="muted">{r.reportedBy}</div></> },
            { title: t('common.actions'), dataIndex: 'status', render: (s: RiskStatus, r) => (
              <Space wrap>
                <RiskStatusTag status={s} />
                {canWrite ? actionsFor(s, level).map((a) => (
                  <Button key={a} size="small" type={a === 'resolve' ? 'default' : 'primary'} onClick={() => setActing({ r, action: a })} data-testid={`risk-${a}`}>{RISK_ACTION.labels[a]}</Button>
                )) : null}
              </Space>
            ) },
          ]}
        />
      </Card>
      <Modal open={acting !== null} title={acting ? RISK_ACTION.labels[acting.action] : ''} onCancel={() => setActing(null)} onOk={() => act.mutate()} confirmLoading={act.isPending} destroyOnHidden>
        <Input.TextArea rows={3} maxLength={500} placeholder={t('care.form.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="risk-note" />
      </Modal>
    </div>
  );
}
