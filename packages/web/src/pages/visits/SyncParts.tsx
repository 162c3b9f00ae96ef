/** The offline status strip and the list of visits recorded on this phone, with their sync state and conflicts. */
import { useState } from 'react';
import { Alert, Button, Card, Empty, Modal, Space, Tag, Typography } from 'antd';
import { CloudSyncOutlined, DisconnectOutlined, WifiOutlined } from '@ant-design/icons';
import { CHECKLIST, VISIT_OUTCOME, centsToYuan } from '@doudi/domain';
import type { CheckAnswer, CheckItemKey, VisitOutcome } from '@doudi/domain';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../format';
import { useOnline, useSyncStatus } from '../../offline/hooks';
import { removeOutboxItem, updateOutboxItem } from '../../offline/outbox';
import type { OutboxItem, OutboxState } from '../../offline/outbox';
import { syncNow } from '../../offline/sync';

const STATE_COLORS: Record<OutboxState, string> = {
  pending: 'orange',
  syncing: 'blue',
  synced: 'green',
  conflict: 'red',
  rejected: 'volcano',
};

export function OutboxStateTag({ state }: { state: OutboxState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="outbox-state">
      {t(`visits.outbox.state.${state}`)}
    </Tag>
  );
}

/** 离线/在线 · N 条待同步 · N 条有冲突 · 上次同步 … · 立即同步 */
export function SyncStrip({ items }: { items: OutboxItem[] }) {
  const { t } = useI18n();
  const online = useOnline();
  const status = useSyncStatus();
  const pending = items.filter((i) => i.state === 'pending' || i.state === 'syncing').length;
  const conflicts = items.filter((i) => i.state === 'conflict').length;
  const rejected = items.filter((i) => i.state === 'rejected').length;
  const isOnline = online && status.online;
  return (
    <div className={`visit-sync-strip ${isOnline ? 'is-online' : 'is-offline'}`} data-testid="sync-strip">
      <div className="visit-sync-line">
        {isOnline ? (
          <Tag icon={<WifiOutlined />} color="green" data-testid="sync-online">
            {t('visits.sync.online')}
          </Tag>
        ) : (
          <Tag icon={<DisconnectOutlined />} color="default" data-testid="sync-offline">
            {t('visits.sync.offline')}
          </Tag>
        )}
        <span data-testid="sync-pending" className={pending > 0 ? 'visit-sync-count warn' : 'visit-sync-count'}>
          {t('visits.sync.pending', { n: pending })}
        </span>
        {conflicts > 0 && (
          <span data-testid="sync-conflicts" className="visit-sync-count danger">
            {t('visits.sync.conflicts', { n: conflicts })}
          </span>
        )}
        {rejected > 0 && (
          <span data-testid="sync-rejected" className="visit-sync-count danger">
            {t('visits.sync.rejected', { n: rejected })}
          </span>
        )}
      </div>
      <div className="visit-sync-line">
        <span className="muted" data-testid="sync-last">
          {status.lastSyncAt ? t('visits.sync.last', { time: formatDateTime(status.lastSyncAt).slice(5, 16) }) : t('visits.sync.never')}
        </span>
        <Button
          size="small"
          type={pending > 0 ? 'primary' : 'default'}
          icon={<CloudSyncOutlined />}
          loading={status.syncing}
          disabled={!online}
          onClick={() => void syncNow()}
          data-testid="sync-now"
        >
          {t('visits.sync.now')}
        </Button>
      </div>
      {status.needsLogin && pending > 0 && (
        <Alert type="warning" showIcon className="visit-sync-alert" title={t('visits.sync.needsLogin')} />
      )}
    </div>
  );
}

function checkText(key: CheckItemKey, answer: CheckAnswer | undefined): string {
  const def = CHECKLIST.find((c) => c.key === key);
  if (!def || !answer) return '—';
  const label = def.statuses.find((s) => s.value === answer.status)?.label ?? answer.status;
  return answer.note ? `${label}（${answer.note}）` : label;
}

type Comparable = { checklist?: Partial<Record<CheckItemKey, CheckAnswer>>; cashYuan?: string; cashCents?: number; goods?: string; companions?: string; note?: string };

function versionRows(value: Comparable, t: (k: 'visits.form.cash' | 'visits.form.goods' | 'visits.form.companions' | 'visits.form.note') => string): [string, string][] {
  const cash = value.cashYuan ?? (value.cashCents !== undefined ? centsToYuan(value.cashCents) : '0');
  return [
    ...CHECKLIST.map((c): [string, string] => [c.label, checkText(c.key, value.checklist?.[c.key])]),
    [t('visits.form.cash'), String(Number(cash))],
    [t('visits.form.goods'), value.goods || '—'],
    [t('visits.form.companions'), value.companions || '—'],
    [t('visits.form.note'), value.note || '—'],
  ];
}

/** One version; the lines that differ from the other version are marked. */
function VersionColumn({ title, value, other }: { title: string; value: Comparable; other: Comparable }) {
  const { t } = useI18n();
  const mine = versionRows(value, t);
  const theirs = versionRows(other, t);
  return (
    <div className="visit-version-col">
      <Typography.Title level={5}>{title}</Typography.Title>
      <dl className="visit-dl">
        {mine.map(([label, text], i) => (
          <div key={label} className={text !== theirs[i]?.[1] ? 'visit-diff' : undefined}>
            <dt>{label}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function taskDoneText(item: OutboxItem): string {
  const d = item.taskDone?.details as { visit?: { visitorName?: string; visitedAt?: string } } | undefined;
  if (d?.visit?.visitorName) return `${d.visit.visitorName} ${formatDateTime(d.visit.visitedAt).slice(0, 16)}`;
  return '';
}

/** A conflict is never resolved for the user: 作为另一次走访保存 or 放弃本条; for an edit, both versions side by side. */
function ConflictActions({ item }: { item: OutboxItem }) {
  const { t } = useI18n();
  const [comparing, setComparing] = useState(false);
  const discard = () =>
    Modal.confirm({
      title: t('visits.conflict.discardConfirm'),
      content: t('visits.conflict.discardHelp'),
      okText: t('visits.conflict.discard'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => removeOutboxItem(item.clientId),
    });
  if (item.versionConflict) {
    const server = item.versionConflict.server as Comparable;
    return (
      <>
        <Alert type="error" showIcon title={t('visits.conflict.version')} className="visit-conflict-alert" />
        <Space wrap>
          <Button onClick={() => setComparing(true)} data-testid="conflict-compare">
            {t('visits.conflict.compare')}
          </Button>
        </Space>
        <Modal
          open={comparing}
          title={t('visits.conflict.compareTitle')}
          onCancel={() => setComparing(false)}
          width={720}
          footer={[
            <Button
              key="server"
              onClick={async () => {
                if (item.editOf) {
                  await updateOutboxItem(item.editOf, (i) => ({
                    ...i,
                    body: { ...i.body, checklist: server.checklist, cashYuan: server.cashCents !== undefined ? centsToYuan(server.cashCents) : i.body.cashYuan, goods: server.goods, companions: server.companions, note: server.note },
                    serverVersion: item.versionConflict?.serverVersion,
                  }));
                }
                await removeOutboxItem(item.clientId);
                setComparing(false);
              }}
              data-testid="conflict-keep-server"
            >
              {t('visits.conflict.keepServer')}
            </Button>,
            <Button
              key="mine"
              type="primary"
              onClick={async () => {
                await updateOutboxItem(item.clientId, (i) => ({
                  ...i,
                  state: 'pending',
                  baseVersion: i.versionConflict?.serverVersion,
                  versionConflict: undefined,
                }));
                setComparing(false);
                void syncNow();
              }}
              data-testid="conflict-keep-mine"
            >
              {t('visits.conflict.keepMine')}
            </Button>,
          ]}
        >
          <div className="visit-versions">
            <VersionColumn title={t('visits.conflict.mine')} value={item.body as Comparable} other={server} />
            <VersionColumn title={t('visits.conflict.server')} value={server} other={item.body as Comparable} />
          </div>
        </Modal>
      </>
    );
  }
  const who = taskDoneText(item);
  return (
    <>
      <Alert
        type="error"
        showIcon
        className="visit-conflict-alert"
        title={t('visits.conflict.taskDone')}
        description={who ? t('visits.conflict.taskDoneBy', { who }) : item.taskDone?.message}
      />
      <Space wrap>
        <Button
          type="primary"
          onClick={async () => {
            await updateOutboxItem(item.clientId, (i) => ({ ...i, state: 'pending', body: { ...i.body, asExtraVisit: true }, taskDone: undefined }));
            void syncNow();
          }}
          data-testid="conflict-as-extra"
        >
          {t('visits.conflict.asExtra')}
        </Button>
        <Button danger onClick={discard} data-testid="conflict-discard">
          {t('visits.conflict.discard')}
        </Button>
      </Space>
    </>
  );
}

function RejectedActions({ item }: { item: OutboxItem }) {
  const { t } = useI18n();
  return (
    <>
      <Alert type="warning" showIcon className="visit-conflict-alert" title={t('visits.outbox.rejected')} description={item.lastError} />
      <Space wrap>
        <Button
          onClick={async () => {
            await updateOutboxItem(item.clientId, (i) => ({ ...i, state: 'pending' }));
            void syncNow();
          }}
        >
          {t('visits.outbox.retry')}
        </Button>
        <Button
          danger
          onClick={() =>
            Modal.confirm({
              title: t('visits.conflict.discardConfirm'),
              content: t('visits.conflict.discardHelp'),
              okText: t('visits.conflict.discard'),
              okButtonProps: { danger: true },
              cancelText: t('common.cancel'),
              onOk: () => removeOutboxItem(item.clientId),
            })
          }
        >
          {t('visits.conflict.discard')}
        </Button>
      </Space>
    </>
  );
}

/** Visits recorded on this phone, newest first; conflicts and refusals first of all. */
export function OutboxList({ items }: { items: OutboxItem[] }) {
  const { t } = useI18n();
  if (items.length === 0) return <Empty description={t('visits.outbox.empty')} />;
  const rank = (i: OutboxItem) => (i.state === 'conflict' ? 0 : i.state === 'rejected' ? 1 : i.state === 'synced' ? 3 : 2);
  const sorted = [...items].sort((a, b) => rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt));
  return (
    <div className="visit-cards">
      {sorted.map((item) => {
        const outcome = item.body.outcome as VisitOutcome | undefined;
        const canEdit = item.op === 'create' && item.state === 'synced' && item.serverId !== undefined;
        return (
          <Card key={item.clientId} size="small" className={`visit-card outbox-${item.state}`} data-testid="outbox-item" data-state={item.state}>
            <div className="visit-card-head">
              <strong>{item.label.householdName}</strong>
              <OutboxStateTag state={item.state} />
            </div>
            <div className="muted">
              {item.label.regionName} · {item.label.taskLabel}
              {item.op === 'edit' ? ` · ${t('visits.outbox.edit')}` : ''}
            </div>
            <div className="visit-card-meta">
              {formatDateTime(String(item.body.visitedAt ?? item.createdAt)).slice(0, 16)}
              {outcome ? ` · ${VISIT_OUTCOME.labels[outcome]}` : ''}
              {(item.photoCount ?? item.photos.length) > 0 ? ` · ${t('visits.outbox.photos', { n: item.photoCount ?? item.photos.length })}` : ''}
              {item.state === 'synced' && item.syncedAt ? ` · ${t('visits.outbox.syncedAt', { time: formatDateTime(item.syncedAt).slice(11, 16) })}` : ''}
            </div>
            {item.state === 'pending' && item.lastError && <div className="muted">{item.lastError}</div>}
            {item.state === 'conflict' && <ConflictActions item={item} />}
            {item.state === 'rejected' && <RejectedActions item={item} />}
            {canEdit && (
              <Link to={`/visits/mine/record?edit=${item.clientId}`} data-testid="outbox-edit">
                {t('visits.outbox.editLink')}
              </Link>
            )}
          </Card>
        );
      })}
    </div>
  );
}
