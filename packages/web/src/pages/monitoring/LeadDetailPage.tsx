import { useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Breadcrumb, Button, Card, Descriptions, Empty, Skeleton, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { CONTACT_METHOD, LEAD_ACTION, LEAD_OUTCOME, LEAD_SOURCE, LEAD_STATUS, LeadRevealRequest, RULE_KIND } from '@doudi/domain';
import type { LeadAction, LeadDetail, LeadEventView, LeadStatus } from '@doudi/domain';
import { api, isApiError } from '../../api';
import { RevealModal } from '../../components/RevealModal';
import { formatDateTime } from '../../format';
import { schemaRule } from '../../forms';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { hasPermission, useMe } from '../../session';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { AssignModal, CloseModal, ContactModal, OutcomeModal } from './LeadActionModals';
import { MonitoringGuard } from './MonitoringGuard';
import { Deadline, LeadStatusTag, ReasonsAndTrail, RuleTag, WarningStatusTag, sourceLabel } from './monitoringFormat';
import { usePhone } from '../../hooks/usePhone';
import './monitoring.css';

/** Where a status sits on the five steps 待处理 → 已分派 → 已联系 → 结果 → 已办结. */
function stepOf(status: LeadStatus): number {
  switch (status) {
    case 'pending':
      return 0;
    case 'assigned':
      return 1;
    case 'contacted':
      return 2;
    case 'closed':
      return 4;
    default:
      return 3;
  }
}

function LeadSteps({ lead }: { lead: LeadDetail }) {
  const { t } = useI18n();
  const isMobile = usePhone();
  const current = stepOf(lead.status);
  const outcomeTitle = lead.outcome ? LEAD_OUTCOME.labels[lead.outcome] : t('monitoring.detail.stepOutcome');
  const at = (value: string | null) => (value ? formatDateTime(value).slice(0, 16) : undefined);
  return (
    <Steps
      size="small"
      orientation={isMobile ? 'vertical' : 'horizontal'}
      current={current}
      status={lead.status === 'closed' ? 'finish' : lead.overdue ? 'error' : 'process'}
      data-testid="lead-steps"
      items={[
        { title: LEAD_STATUS.labels.pending, content: at(lead.createdAt) },
        { title: LEAD_STATUS.labels.assigned, content: lead.assigneeName ?? undefined },
        { title: LEAD_STATUS.labels.contacted, content: at(lead.contactedAt) },
        { title: outcomeTitle, content: lead.referredTo ?? undefined },
        { title: LEAD_STATUS.labels.closed },
      ]}
    />
  );
}

/** The reasons and their trail, from the warning behind a 系统预警 lead (read from the household's warnings). */
function WarningReasons({ lead }: { lead: LeadDetail }) {
  const { t } = useI18n();
  const householdId = lead.householdId;
  const warnings = useQuery({
    queryKey: queryKeys.householdWarnings(householdId ?? 0),
    queryFn: async () => (await api.householdWarnings(householdId ?? 0)).items,
    enabled: householdId !== null,
  });
  if (householdId === null) return null;
  if (warnings.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  const linked = (warnings.data ?? []).filter((w) => lead.warningIds.includes(w.id) || w.leadId === lead.id);
  if (linked.length === 0) return <Typography.Text type="secondary">{t('monitoring.detail.noWarning')}</Typography.Text>;
  return (
    <div className="warning-blocks">
      {linked.map((warning) => (
        <div key={warning.id} data-testid="lead-warning">
          <Space size={4} wrap className="warning-head">
            <RuleTag rule={warning.rule} />
            <WarningStatusTag status={warning.status} />
            {warning.memberName ? <span>{t('monitoring.warning.member', { name: warning.memberName })}</span> : null}
            <span className="muted">{t('monitoring.warning.raisedAt', { at: formatDateTime(warning.raisedAt).slice(0, 16) })}</span>
          </Space>
          <ReasonsAndTrail reasons={warning.reasons} trail={warning.trail} />
        </div>
      ))}
    </div>
  );
}


const DETAIL_LABELS: Record<string, string> = {
  assigneeName: '承办人',
  assignee: '承办人',
  method: '联系方式',
  policyExplained: '已讲解政策',
  willing: '愿意申请',
  ableToApplyAlone: '能自行申请',
  note: '说明',
  outcome: '结果',
  department: '转介部门',
  summary: '办结说明',
  source: '来源',
  description: '描述',
  reason: '原因',
  dueDate: '办理时限',
  rule: '预警规则',
  rules: '预警规则',
};

const RULE_LABELS = RULE_KIND.labels as Record<string, string>;

function detailValue(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if ((key === 'rule' || key === 'rules') && (typeof value === 'string' || Array.isArray(value))) {
    return [value].flat().map((r) => RULE_LABELS[String(r)] ?? String(r)).join('、');
  }
  if (key === 'source' && typeof value === 'string') return (LEAD_SOURCE.labels as Record<string, string>)[value] ?? value;
  if (key === 'method' && typeof value === 'string') return (CONTACT_METHOD.labels as Record<string, string>)[value] ?? value;
  if (key === 'outcome' && typeof value === 'string') return (LEAD_OUTCOME.labels as Record<string, string>)[value] ?? value;
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function EventDetail({ detail }: { detail: LeadEventView['detail'] }) {
  // Ids are for the machine; the names and labels beside them say the same to a person.
  const entries = Object.entries(detail).filter(([key, value]) => !/ids?$/i.test(key) && key !== 'version' && value !== null && value !== '');
  if (entries.length === 0) return null;
  return (
    <ul className="event-detail">
      {entries.map(([key, value]) => (
        <li key={key}>
          {DETAIL_LABELS[key] ?? key}：{detailValue(key, value)}
        </li>
      ))}
    </ul>
  );
}

/** 办理记录: every step of the lead, oldest first, who took it and when. */
function EventLog({ events }: { events: readonly LeadEventView[] }) {
  const { t } = useI18n();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.detail.noEvents')} />;
  return (
    <Timeline
      data-testid="lead-events"
      items={events.map((e) => ({
        key: e.id,
        content: (
          <div className="lead-event" data-testid="lead-event">
            <div className="lead-event-head">
              <strong>{e.actionLabel}</strong>
              {e.fromStatus && e.fromStatus !== e.toStatus ? (
                <span className="muted">
                  {LEAD_STATUS.labels[e.fromStatus]} → {LEAD_STATUS.labels[e.toStatus]}
                </span>
              ) : null}
            </div>
            <div className="muted">
              <span className="mono">{formatDateTime(e.at)}</span> · {e.actorName ?? t('audit.system')}
            </div>
            <EventDetail detail={e.detail} />
          </div>
        ),
      }))}
    />
  );
}

function PhoneValue({ lead }: { lead: LeadDetail }) {
  const me = useMe();
  const { t } = useI18n();
  const [revealing, setRevealing] = useState(false);
  const [full, setFull] = useState<string | null>(null);
  if (!lead.phoneMasked) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={2} wrap={false} className="nowrap">
      <span className="mono" data-testid="lead-phone">
        {full ?? lead.phoneMasked}
      </span>
      {hasPermission(me, 'personal.reveal') && !full ? (
        <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setRevealing(true)} data-testid="lead-phone-reveal">
          {t('users.reveal')}
        </Button>
      ) : null}
      {revealing ? (
        <RevealModal
          title={`${t('registry.reveal.phoneTitle')} · ${lead.personName}`}
          notice={t('registry.reveal.notice')}
          placeholder={t('monitoring.detail.revealPlaceholder')}
          revealedLabel={t('registry.reveal.phoneTitle')}
          reasonRule={schemaRule(LeadRevealRequest.shape.reason)}
          reveal={(reason) => api.revealLeadPhone(lead.id, { reason })}
          onRevealed={setFull}
          onClose={() => setRevealing(false)}
        />
      ) : null}
    </Space>
  );
}

function ContactSummary({ lead }: { lead: LeadDetail }) {
  const { t } = useI18n();
  const c = lead.contact;
  if (!c) return <Typography.Text type="secondary">{t('monitoring.detail.notContacted')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      <Tag>{CONTACT_METHOD.labels[c.method]}</Tag>
      <Tag color="green">{t('monitoring.contact.policyDone')}</Tag>
      <Tag color={c.willing ? 'blue' : 'default'}>{c.willing ? t('monitoring.contact.willingYes') : t('monitoring.contact.willingNo')}</Tag>
      <Tag>{c.ableToApplyAlone ? t('monitoring.contact.ableYes') : t('monitoring.contact.ableNo')}</Tag>
      {c.note ? <span>{c.note}</span> : null}
    </Space>
  );
}

type OpenAction = LeadAction | null;

function LeadBody({ lead }: { lead: LeadDetail }) {
  const me = useMe();
  const { t } = useI18n();
  const canWrite = hasPermission(me, 'monitoring.write');
  const [open, setOpen] = useState<OpenAction>(null);
  const close = () => setOpen(null);
  const actions = canWrite ? lead.availableActions : [];

  const items: { key: string; label: string; children: ReactNode; span?: number | 'filled' }[] = [
    { key: 'status', label: t('monitoring.lead.status'), children: <LeadStatusTag status={lead.status} /> },
    { key: 'deadline', label: t('monitoring.lead.deadline'), children: <Deadline deadline={lead.deadline} overdue={lead.overdue} /> },
    { key: 'source', label: t('monitoring.lead.source'), children: sourceLabel(lead.source) },
    { key: 'rule', label: t('monitoring.lead.rule'), children: lead.rule ? <RuleTag rule={lead.rule} /> : '—' },
    { key: 'region', label: t('monitoring.lead.village'), children: lead.regionName },
    {
      key: 'household',
      label: t('monitoring.lead.household'),
      children: lead.householdId ? (
        <Link to={`/registry/households/${lead.householdId}`} data-testid="lead-household-link">
          {t('monitoring.detail.openHousehold')}
        </Link>
      ) : (
        <Typography.Text type="secondary">{t('monitoring.detail.noHousehold')}</Typography.Text>
      ),
    },
    { key: 'phone', label: t('monitoring.lead.phone'), children: <PhoneValue lead={lead} /> },
    { key: 'assignee', label: t('monitoring.lead.assignee'), children: lead.assigneeName ?? '—' },
    { key: 'createdBy', label: t('monitoring.detail.createdBy'), children: `${lead.createdBy} · ${formatDateTime(lead.createdAt).slice(0, 16)}` },
    { key: 'description', label: t('monitoring.lead.description'), span: 'filled', children: <span className="pre-line">{lead.description}</span> },
    { key: 'contact', label: t('monitoring.detail.contact'), span: 'filled', children: <ContactSummary lead={lead} /> },
  ];
  if (lead.outcome) {
    items.push({
      key: 'outcome',
      label: t('monitoring.outcome.outcome'),
      span: 'filled',
      children: (
        <span>
          <Tag>{LEAD_OUTCOME.labels[lead.outcome]}</Tag>
          {lead.referredTo ? `${t('monitoring.outcome.department')}：${lead.referredTo}；` : ''}
          {lead.outcomeNote}
        </span>
      ),
    });
  }
  if (lead.closeSummary) items.push({ key: 'closed', label: t('monitoring.close.summary'), span: 'filled', children: lead.closeSummary });

  return (
    <>
      <Breadcrumb
        className="region-breadcrumb"
        items={[
          { key: 'leads', title: <Link to="/monitoring/leads">{t('monitoring.leads.title')}</Link> },
          { key: 'lead', title: lead.personName },
        ]}
      />
      <Card size="small" data-testid="lead-header">
        <div className="page-head">
          <Space size={8} wrap align="center">
            <Typography.Title level={3} className="page-title" data-testid="lead-person">
              {lead.personName}
            </Typography.Title>
            <LeadStatusTag status={lead.status} />
            {lead.overdue ? <Tag color="red">{t('monitoring.lead.overdue')}</Tag> : null}
            {lead.escalatedAt ? <Tag color="volcano">{t('monitoring.lead.escalated')}</Tag> : null}
          </Space>
          <Space wrap data-testid="lead-actions">
            {actions.map((action) => (
              <Button key={action} type={action === 'reassign' ? 'default' : 'primary'} onClick={() => setOpen(action)} data-testid={`lead-action-${action}`}>
                {LEAD_ACTION.labels[action]}
              </Button>
            ))}
          </Space>
        </div>
        <div className="lead-steps">
          <LeadSteps lead={lead} />
        </div>
      </Card>
      <Card size="small" title={t('monitoring.detail.info')}>
        <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} items={items} styles={{ label: { whiteSpace: 'nowrap' } }} />
      </Card>
      {lead.rule || lead.warningIds.length > 0 ? (
        <Card size="small" title={t('monitoring.detail.reasons')}>
          <WarningReasons lead={lead} />
        </Card>
      ) : null}
      <Card size="small" title={t('monitoring.detail.events')}>
        <EventLog events={lead.events} />
      </Card>
      {open === 'assign' || open === 'reassign' ? <AssignModal lead={lead} action={open} onClose={close} /> : null}
      {open === 'contact' ? <ContactModal lead={lead} onClose={close} /> : null}
      {open === 'outcome' ? <OutcomeModal lead={lead} onClose={close} /> : null}
      {open === 'close' ? <CloseModal lead={lead} onClose={close} /> : null}
    </>
  );
}

function LeadDetailContent() {
  const { id = '' } = useParams();
  const leadId = /^\d+$/.test(id) ? Number(id) : NaN;
  const valid = Number.isSafeInteger(leadId) && leadId > 0;
  const lead = useQuery({ queryKey: queryKeys.lead(leadId), queryFn: () => api.lead(leadId), enabled: valid, staleTime: 0 });
  if (!valid || isApiError(lead.error, 404)) return <NotFoundPage />;
  return (
    <div className="page monitoring-page">
      {lead.data ? (
        <LeadBody lead={lead.data} />
      ) : lead.error ? (
        <Alert type="error" showIcon title={lead.error.message} />
      ) : (
        <Skeleton active paragraph={{ rows: 8 }} />
      )}
    </div>
  );
}

/** 线索详情: why the lead exists, where it stands, what can be done next, and everything done so far. */
export default function LeadDetailPage() {
  return (
    <MonitoringGuard permission="monitoring.read">
      <LeadDetailContent />
    </MonitoringGuard>
  );
}
