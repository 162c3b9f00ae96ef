import type { ReactNode } from 'react';
import { Card, Col, Empty, List, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { VISIT_KIND, VISIT_OUTCOME } from '@doudi/domain';
import type { HouseholdView } from '@doudi/domain';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { hasModule, hasPermission, useMe } from '../../session';
import { hazardsApi, hazardKeys } from '../hazards/hazardsApi';
import { HazardStatusTag, PlanStatusTag, SeverityTag } from '../hazards/hazardsFormat';
import { visitKeys, visitsApi } from './visitsApi';
import { TaskStatusTag, tasksLink } from './visitsFormat';
import './visits.css';

const SHOWN = 5;

function Block({ title, extra, testId, children }: { title: string; extra?: ReactNode; testId: string; children: ReactNode }) {
  return (
    <div data-testid={testId}>
      <div className="household-visits-head">
        <Typography.Title level={5} className="hv-subtitle">
          {title}
        </Typography.Title>
        {extra}
      </div>
      {children}
    </div>
  );
}

function none(text: string) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;
}

function Pairing({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const q = { householdId, active: true, page: 1, pageSize: SHOWN };
  const pairings = useQuery({ queryKey: visitKeys.pairings(q), queryFn: () => visitsApi.pairings(q) });
  if (pairings.isPending) return <Skeleton active paragraph={{ rows: 1 }} />;
  const items = pairings.data?.items ?? [];
  if (!items.length) return <Typography.Text type="secondary">{t('visits.household.noPairing')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      {items.map((p) => (
        <span key={p.id} data-testid="household-pairing">
          <strong>{p.leaderName}</strong> {p.leaderTitle}{' '}
          <Typography.Text type="secondary">{t('visits.household.pairedSince', { date: p.startedOn })}</Typography.Text>
        </span>
      ))}
    </Space>
  );
}

function Tasks({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const q = { householdId, status: 'open' as const, page: 1, pageSize: SHOWN };
  const tasks = useQuery({ queryKey: visitKeys.tasks(q), queryFn: () => visitsApi.tasks(q) });
  if (tasks.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  const items = tasks.data?.items ?? [];
  if (!items.length) return none(t('visits.household.noTasks'));
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(task) => (
        <List.Item data-testid="household-task">
          <Space size={4} wrap>
            <TaskStatusTag status={task.status} overdue={task.overdue} />
            <span>{task.reason}</span>
            {task.memberName ? <span>（{task.memberName}）</span> : null}
            <Typography.Text type="secondary">
              {t('visits.household.due', { date: task.dueOn })} · {task.assigneeName ?? t('visits.household.unassigned')}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

function Visits({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const q = { householdId, page: 1, pageSize: SHOWN };
  const visits = useQuery({ queryKey: ['visits', 'records', q], queryFn: () => visitsApi.visits(q) });
  if (visits.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  const items = visits.data?.items ?? [];
  if (!items.length) return none(t('visits.household.noVisits'));
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(v) => (
        <List.Item data-testid="household-visit">
          <Space size={4} wrap>
            <span className="mono">{formatDateTime(v.visitedAt).slice(0, 16)}</span>
            <span>{v.visitorName}</span>
            <Tag>{VISIT_KIND.labels[v.kind]}</Tag>
            <Tag color={v.outcome === 'normal' ? 'green' : 'orange'}>{VISIT_OUTCOME.labels[v.outcome]}</Tag>
            {v.outcomeDetail ? <Typography.Text type="secondary">{v.outcomeDetail}</Typography.Text> : null}
          </Space>
        </List.Item>
      )}
    />
  );
}

function CarePlans({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const q = { householdId, page: 1, pageSize: SHOWN };
  const plans = useQuery({ queryKey: [...hazardKeys.carePlans, 'household', q], queryFn: () => hazardsApi.carePlans(q) });
  if (plans.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  const items = plans.data?.items ?? [];
  if (!items.length) return none(t('visits.household.noCarePlans'));
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(p) => (
        <List.Item data-testid="household-care-plan">
          <Space size={4} wrap>
            <PlanStatusTag status={p.status} />
            <Link to={`/visits/care-plans/${p.id}`}>{p.problems.length > 40 ? `${p.problems.slice(0, 40)}…` : p.problems}</Link>
            <Typography.Text type="secondary">
              {p.responsibleName}
              {p.reviewOn ? ` · ${t('visits.household.review', { date: p.reviewOn })}` : ''}
            </Typography.Text>
            {p.reviewOverdue ? <Tag color="red">{t('visits.tasks.overdue')}</Tag> : null}
          </Space>
        </List.Item>
      )}
    />
  );
}

function Hazards({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const q = { householdId, page: 1, pageSize: SHOWN };
  const hazards = useQuery({ queryKey: [...hazardKeys.all, 'household', q], queryFn: () => hazardsApi.list(q) });
  if (hazards.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  const items = hazards.data?.items ?? [];
  if (!items.length) return none(t('visits.household.noHazards'));
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(h) => (
        <List.Item data-testid="household-hazard">
          <Space size={4} wrap>
            <SeverityTag severity={h.severity} />
            <HazardStatusTag status={h.status} />
            <Link to={`/hazards/list/${h.id}`}>{h.description.length > 40 ? `${h.description.slice(0, 40)}…` : h.description}</Link>
            <Typography.Text type={h.overdue ? 'danger' : 'secondary'}>{t('visits.household.deadline', { date: h.deadline })}</Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * 走访与关爱 on the household page: the paired leader, the visits still to make, the latest visits, the household's
 * 一人一策 plans and its safety hazards (each list the household's own, through the same scoped list endpoints as
 * the module pages). Shown to roles with the visits module.
 */
export function HouseholdVisitsSection({ household }: { household: Pick<HouseholdView, 'id'> }) {
  const me = useMe();
  const { t } = useI18n();
  if (!hasModule(me, 'visits') || !hasPermission(me, 'visits.read')) return null;
  const seesHazards = hasModule(me, 'hazards') && hasPermission(me, 'hazards.read');
  const id = household.id;
  return (
    <Card size="small" title={t('visits.household.title')} data-testid="household-visits">
      <Space orientation="vertical" size={16} className="hv-full">
        <Block title={t('visits.household.pairing')} testId="household-pairings">
          <Pairing householdId={id} />
        </Block>
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={12}>
            <Block
              title={t('visits.household.tasks')}
              testId="household-tasks"
              extra={<Link to={tasksLink({ householdId: id })}>{t('visits.household.allTasks')}</Link>}
            >
              <Tasks householdId={id} />
            </Block>
          </Col>
          <Col xs={24} lg={12}>
            <Block title={t('visits.household.visits')} testId="household-visits-list">
              <Visits householdId={id} />
            </Block>
          </Col>
          <Col xs={24} lg={12}>
            <Block title={t('visits.household.carePlans')} testId="household-care-plans">
              <CarePlans householdId={id} />
            </Block>
          </Col>
          {seesHazards ? (
            <Col xs={24} lg={12}>
              <Block title={t('visits.household.hazards')} testId="household-hazards">
                <Hazards householdId={id} />
              </Block>
            </Col>
          ) : null}
        </Row>
      </Space>
    </Card>
  );
}
