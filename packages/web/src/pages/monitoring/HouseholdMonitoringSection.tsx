import { useState } from 'react';
import { Button, Card, Col, Empty, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { HouseholdView } from '@doudi/domain';
import { api } from '../../api';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { hasModule, hasPermission, useMe } from '../../session';
import { LeadCreateModal } from './LeadCreateModal';
import { ReasonsAndTrail, RuleTag } from './monitoringFormat';
import './monitoring.css';

function Warnings({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const warnings = useQuery({
    queryKey: queryKeys.householdWarnings(householdId),
    queryFn: async () => (await api.householdWarnings(householdId)).items,
  });
  if (warnings.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  const open = (warnings.data ?? []).filter((w) => w.status === 'open');
  if (open.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.household.noWarnings')} />;
  return (
    <div className="warning-blocks" data-testid="household-warnings">
      {open.map((w) => (
        <div key={w.id} className="warning-block" data-testid="household-warning">
          <Space size={4} wrap className="warning-head">
            <RuleTag rule={w.rule} />
            {w.memberName ? <span>{t('monitoring.warning.member', { name: w.memberName })}</span> : null}
            <span className="muted">{t('monitoring.warning.raisedAt', { at: formatDateTime(w.raisedAt).slice(0, 10) })}</span>
            {w.leadId ? (
              <Link to={`/monitoring/leads/${w.leadId}`} data-testid="household-warning-lead">
                {t('monitoring.warning.openLead')}
              </Link>
            ) : null}
          </Space>
          <ReasonsAndTrail reasons={w.reasons} trail={w.trail} />
        </div>
      ))}
    </div>
  );
}

function Facts({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const facts = useQuery({
    queryKey: queryKeys.householdFacts(householdId),
    queryFn: async () => (await api.householdFacts(householdId)).items,
  });
  if (facts.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  const items = facts.data ?? [];
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('monitoring.household.noFacts')} />;
  return (
    <ul className="fact-list" data-testid="household-facts">
      {items.map((f) => (
        <li key={f.id} data-testid="household-fact">
          <div>
            <Tag color="geekblue">{f.sourceLabel}</Tag>
            <strong>{f.memberName}</strong>
          </div>
          <div>{f.summary}</div>
          <div className="muted">{t('monitoring.household.importedAt', { at: formatDateTime(f.importedAt).slice(0, 10) })}</div>
        </li>
      ))}
    </ul>
  );
}

/**
 * 动态监测 on the household page: the other departments' records matched to its members, the open warnings with
 * their reasons, and 登记线索 prefilled with the household. Shown to roles with the monitoring module.
 */
export function HouseholdMonitoringSection({ household }: { household: Pick<HouseholdView, 'id' | 'regionCode' | 'headName'> }) {
  const me = useMe();
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  if (!hasModule(me, 'monitoring') || !hasPermission(me, 'monitoring.read')) return null;
  const canWrite = hasPermission(me, 'monitoring.write');
  return (
    <Card
      size="small"
      title={t('monitoring.household.title')}
      data-testid="household-monitoring"
      extra={
        canWrite ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="household-create-lead">
            {t('monitoring.household.createLead')}
          </Button>
        ) : null
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={12}>
          <Typography.Title level={5} className="mon-subtitle">
            {t('monitoring.household.warnings')}
          </Typography.Title>
          <Warnings householdId={household.id} />
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Title level={5} className="mon-subtitle">
            {t('monitoring.household.facts')}
          </Typography.Title>
          <Facts householdId={household.id} />
        </Col>
      </Row>
      {creating ? (
        <LeadCreateModal
          household={{ id: household.id, regionCode: household.regionCode, headName: household.headName }}
          onClose={() => setCreating(false)}
        />
      ) : null}
    </Card>
  );
}
