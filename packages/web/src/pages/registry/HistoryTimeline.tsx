import { Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import type { HistoryEntry } from '@doudi/domain';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useHouseholdHistory } from '../../queries';

function Value({ text }: { text: string | null }) {
  const { t } = useI18n();
  return text === null || text === '' ? (
    <Typography.Text type="secondary">{t('audit.empty')}</Typography.Text>
  ) : (
    <span className="history-value">{text}</span>
  );
}

function Entry({ entry }: { entry: HistoryEntry }) {
  const { t } = useI18n();
  return (
    <div className="history-entry" data-testid="history-entry">
      <div className="history-head">
        <span className="history-summary">{entry.summary}</span>
        {entry.source && entry.source !== 'form' ? <Tag>{historySourceLabel(entry.source)}</Tag> : null}
      </div>
      <div className="history-meta">
        <span className="mono">{formatDateTime(entry.at)}</span> · {entry.actorName ?? t('audit.system')}
      </div>
      {entry.changes.length > 0 ? (
        <ul className="history-changes">
          {entry.changes.map((c, i) => (
            <li key={`${c.field}-${i}`}>
              <span className="history-label">{c.label}：</span>
              <Value text={c.before} />
              <ArrowRightOutlined className="history-arrow" aria-label="→" />
              <Value text={c.after} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const SOURCE_LABELS: Record<string, string> = {
  form: '页面录入', import: '批量导入', transfer: '迁转', duplicate: '疑似重复核查', demo: '演示数据', seed: '演示数据', system: '系统',
};

function historySourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}

/** 变更记录: who changed what in the household, newest first, in Beijing time, each change as before → after. */
export function HistoryTimeline({ householdId }: { householdId: number }) {
  const { t } = useI18n();
  const history = useHouseholdHistory(householdId);
  if (history.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  const items = history.data ?? [];
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.history.empty')} />;
  return (
    <div data-testid="history-list">
      <Timeline
        items={items.map((entry) => ({
          key: entry.id,
          content: <Entry entry={entry} />,
        }))}
      />
    </div>
  );
}
