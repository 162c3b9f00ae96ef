import type { ReactNode } from 'react';
import { Card, Col, Empty, List, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
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

/** One of the section's lists: a skeleton while loading, a short "none" when empty, else the items. */
function QueryList<T extends { id: number }>(props: {
  query: UseQueryResult<{ items: T[] }>; empty: string; testId: string; render: (item: T) => ReactNode;
}) {
  const { query, empty, testId, render } = props;
  if (query.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  const items = query.data?.items ?? [];
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(item) => (
        <List.Item data-testid={testId}>
          <Space size={4} wrap>
            {render(item)}
          </Space>
        </List.Item>
      )}
    />
  );
}

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

function Tasks({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const q = { householdId, status: 'open' as const, page: 1, pageSize: SHOWN };
  const query = useQuery({ queryKey: visitKeys.tasks(q), queryFn: () => visitsApi.tasks(q) });
  return (
    <QueryList query={query} empty={t('visits.household.noTasks')} testId="household-task" render={(task) => (
      <>
        <TaskStatusTag status={task.status} overdue={task.overdue} />
        <span>{task.reason}</span>
        {task.memberName ? <span>（{task.memberName}）</span> : null}
        <Typography.Text type="secondary">
          {t('visits.household.due', { date: task.dueOn })} · {task.assigneeName ?? t('visits.household.unassigned')}
        </Typography.Text>
      </>
    )} />
  );
}

function Visits({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const q = { householdId, page: 1, pageSize: SHOWN };
  const query = useQuery({ queryKey: visitKeys.visits(q), queryFn: () => visitsApi.visits(q) });
  return (
    <QueryList query={query} empty={t('visits.household.noVisits')} testId="household-visit" render={(v) => (
      <>
        <span className="mono">{formatDateTime(v.visitedAt).slice(0, 16)}</span>
        <span>{v.visitorName}</span>
        <Tag>{VISIT_KIND.labels[v.kind]}</Tag>
        <Tag color={v.outcome === 'normal' ? 'green' : 'orange'}>{VISIT_OUTCOME.labels[v.outcome]}</Tag>
        {v.outcomeDetail ? <Typography.Text type="secondary">{v.outcomeDetail}</Typography.Text> : null}
      </>
    )} />
  );
}

function CarePlans({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const q = { householdId, page: 1, pageSize: SHOWN };
  const query = useQuery({ queryKey: [...hazardKeys.carePlans, q], queryFn: () => hazardsApi.carePlans(q) });
  return (
    <QueryList query={query} empty={t('visits.household.noCarePlans')} testId="household-care-plan" render={(p) => (
      <>
        <PlanStatusTag status={p.status} />
        <Link to={`/visits/care-plans/${p.id}`}>{shorten(p.problems)}</Link>
        <Typography.Text type="secondary">
          {p.responsibleName}
          {p.reviewOn ? ` · ${t('visits.household.review', { date: p.reviewOn })}` : ''}
        </Typography.Text>
        {p.reviewOverdue ? <Tag color="red">{t('visits.tasks.overdue')}</Tag> : null}
      </>
    )} />
  );
}

function Hazards({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const q = { householdId, page: 1, pageSize: SHOWN };
  const query = useQuery({ queryKey: [...hazardKeys.all, 'list', q], queryFn: () => hazardsApi.list(q) });
  return (
    <QueryList query={query} empty={t('visits.household.noHazards')} testId="household-hazard" render={(h) => (
      <>
        <SeverityTag severity={h.severity} />
        <HazardStatusTag status={h.status} />
        <Link to={`/hazards/list/${h.id}`}>{shorten(h.description)}</Link>
        <Typography.Text type={h.overdue ? 'danger' : 'secondary'}>{t('visits.household.deadline', { date: h.deadline })}</Typography.Text>
      </>
    )} />
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
