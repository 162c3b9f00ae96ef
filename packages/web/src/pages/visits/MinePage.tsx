/**
 * 我的走访 — the village worker's phone screen, usable without signal: my open tasks (from the offline pack) grouped by
 * village with the overdue ones first, the visits recorded on this phone and their sync state, conflicts to resolve.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Empty, Input, Segmented, Spin, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { VISIT_KIND } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../format';
import { useOutbox, useSyncStatus } from '../../offline/hooks';
import { syncNow } from '../../offline/sync';
import { useMe } from '../../session';
import { groupByVillage, joinTasks, matchesSearch, usePack } from './packData';
import type { PackTask } from './packData';
import { OutboxList, OutboxStateTag, SyncStrip } from './SyncParts';
import './visits.css';

type Tab = 'tasks' | 'recorded';

/** Cards shown per village before 显示更多 (a village can have a few hundred cadence tasks). */
const PAGE = 30;

function TaskCard({ item, recordedState }: { item: PackTask; recordedState: 'pending' | 'syncing' | 'synced' | 'conflict' | 'rejected' | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { task, household, member } = item;
  const title = member && member.relation !== 'head' ? `${member.name}（${household?.headName ?? ''}${t('visits.mine.household')}）` : (member?.name ?? household?.headName ?? t('visits.mine.unknownHousehold'));
  const open = () => navigate(`/visits/mine/record?taskId=${task.id}`);
  const body = (
    <>
      <div className="visit-card-head">
        <strong>{title}</strong>
        {recordedState ? (
          <OutboxStateTag state={recordedState} />
        ) : task.overdue ? (
          <Tag color="red">{t('visits.mine.overdue')}</Tag>
        ) : null}
      </div>
      {household?.address && (
        <div className="muted">
          <EnvironmentOutlined /> {household.address}
        </div>
      )}
      <div className="visit-card-meta">
        <Tag>{VISIT_KIND.labels[task.kind]}</Tag>
        {t('visits.mine.dueOn', { date: task.dueOn })}
        {task.planName ? ` · ${task.planName}` : ''}
      </div>
      {task.reason && <div className="muted">{task.reason}</div>}
    </>
  );
  if (recordedState) {
    return (
      <Card size="small" className="visit-card visit-card-done" data-testid="task-card" data-task-id={task.id}>
        {body}
      </Card>
    );
  }
  return (
    <Card
      size="small"
      hoverable
      className={task.overdue ? 'visit-card visit-card-overdue' : 'visit-card'}
      onClick={open}
      role="button"
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open();
      }}
      data-testid="task-card"
      data-task-id={task.id}
    >
      {body}
    </Card>
  );
}

export default function MinePage() {
  const me = useMe();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'recorded' ? 'recorded' : 'tasks';
  const [q, setQ] = useState('');
  const [shown, setShown] = useState<Record<string, number>>({});
  const pack = usePack(me.id);
  const outbox = useOutbox(me.id);
  const everyone = useOutbox();
  const othersWaiting = (everyone ?? []).filter((i) => i.userId !== me.id && i.state !== 'synced').length;

  // Whenever this page opens: send what waits (the engine also runs on `online` and every 30 s).
  useEffect(() => {
    void syncNow().then((report) => {
      if (report.sent > 0) void pack.refetch();
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per visit of the page
  }, []);

  // Back online (or the server reachable again): read the tasks afresh instead of the copy on the phone.
  const status = useSyncStatus();
  const fromDevice = pack.data?.fromDevice ?? false;
  const refetchPack = pack.refetch;
  useEffect(() => {
    if (status.online && fromDevice && !status.syncing) void refetchPack();
  }, [status.online, status.syncing, fromDevice, refetchPack]);

  const recordedByTask = useMemo(() => {
    const map = new Map<number, PackTaskState>();
    for (const item of outbox ?? []) {
      const taskId = item.body.taskId;
      if (item.op === 'create' && typeof taskId === 'number' && !item.body.asExtraVisit) map.set(taskId, item.state);
    }
    return map;
  }, [outbox]);

  const groups = useMemo(() => {
    if (!pack.data) return [];
    return groupByVillage(joinTasks(pack.data.pack).filter((x) => matchesSearch(x, q)));
  }, [pack.data, q]);
  const openCount = groups.reduce((n, g) => n + g.tasks.filter((x) => !recordedByTask.has(x.task.id)).length, 0);
  const attention = (outbox ?? []).filter((i) => i.state === 'conflict' || i.state === 'rejected').length;

  return (
    <div className="visit-mine">
      <div className="visit-page-head">
        <Typography.Title level={3} className="visit-title">
          {t('visits.nav.mine')}
        </Typography.Title>
        <Link to="/visits/mine/record?unplanned=1">
          <Button icon={<PlusOutlined />} data-testid="visit-unplanned">
            {t('visits.mine.unplanned')}
          </Button>
        </Link>
      </div>
      <SyncStrip items={outbox ?? []} />
      {othersWaiting > 0 && <Alert type="info" showIcon className="visit-sync-alert" title={t('visits.sync.othersWaiting', { n: othersWaiting })} />}
      {pack.data?.fromDevice && (
        <Alert
          type="info"
          showIcon
          className="visit-sync-alert"
          title={t('visits.mine.fromDevice', { time: formatDateTime(pack.data.fetchedAt).slice(0, 16) })}
          data-testid="pack-from-device"
        />
      )}

      <Segmented<Tab>
        block
        className="visit-tabs"
        value={tab}
        onChange={(value) => setParams(value === 'tasks' ? {} : { tab: value }, { replace: true })}
        options={[
          { value: 'tasks', label: t('visits.mine.tabTasks', { n: openCount }) },
          {
            value: 'recorded',
            label: (
              <Badge count={attention} size="small" offset={[8, -2]}>
                <span data-testid="tab-recorded">{t('visits.mine.tabRecorded', { n: outbox?.length ?? 0 })}</span>
              </Badge>
            ),
          },
        ]}
      />

      {tab === 'tasks' ? (
        <>
          <Input
            allowClear
            size="large"
            prefix={<SearchOutlined />}
            placeholder={t('visits.mine.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            className="visit-search"
            data-testid="task-search"
          />
          {pack.isPending ? (
            <Spin className="visit-spin" />
          ) : pack.isError ? (
            <Alert type="warning" showIcon title={t('visits.mine.noPack')} />
          ) : groups.length === 0 ? (
            <Empty description={q ? t('visits.mine.noMatch') : t('visits.mine.noTasks')} />
          ) : (
            groups.map((g) => (
              <section key={g.regionCode} className="visit-group" data-testid="task-group">
                <div className="visit-group-title">
                  {g.regionName}
                  <span className="muted">
                    {' '}
                    {t('visits.mine.groupCount', { n: g.tasks.length })}
                    {g.overdue > 0 ? ` · ${t('visits.mine.groupOverdue', { n: g.overdue })}` : ''}
                  </span>
                </div>
                <div className="visit-cards">
                  {g.tasks.slice(0, shown[g.regionCode] ?? PAGE).map((x) => (
                    <TaskCard key={x.task.id} item={x} recordedState={recordedByTask.get(x.task.id) ?? null} />
                  ))}
                </div>
                {g.tasks.length > (shown[g.regionCode] ?? PAGE) && (
                  <Button
                    block
                    className="visit-more"
                    onClick={() => setShown((m) => ({ ...m, [g.regionCode]: (m[g.regionCode] ?? PAGE) + PAGE }))}
                    data-testid="task-more"
                  >
                    {t('visits.mine.more', { n: g.tasks.length - (shown[g.regionCode] ?? PAGE) })}
                  </Button>
                )}
              </section>
            ))
          )}
        </>
      ) : outbox === null ? (
        <Spin className="visit-spin" />
      ) : (
        <OutboxList items={outbox} />
      )}
    </div>
  );
}

type PackTaskState = 'pending' | 'syncing' | 'synced' | 'conflict' | 'rejected';
