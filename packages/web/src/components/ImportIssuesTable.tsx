import { useState } from 'react';
import { Segmented, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ImportIssue } from '@doudi/domain';
import { useI18n } from '../i18n';
import { ResponsiveTable } from './ResponsiveTable';

const PAGE_SIZE = 10;

/** The server's message names the row and column again (第7行「身份证号码」：…); the table has them in their own columns. */
function issueText(message: string): string {
  return message.replace(/^第\d+行(「[^」]*」)?[：:]\s*/, '');
}

type IssueRow = ImportIssue & { key: string };

/**
 * The problems an import found, by row and column, errors and warnings apart: the registry's import and the
 * departmental data's. A table on a desktop; on a phone, a card per problem, so that the message is read whole rather
 * than scrolled to sideways. The table pages the filtered list itself; changing the filter goes back to its first page.
 */
export function ImportIssuesTable({ issues, testId }: { issues: readonly ImportIssue[]; testId: string }) {
  const { t } = useI18n();
  const [level, setLevel] = useState<'all' | 'error' | 'warning'>('all');
  const [page, setPage] = useState(1);
  const shown = level === 'all' ? issues : issues.filter((i) => i.level === level);
  const rows: IssueRow[] = shown.map((i, n) => ({ ...i, key: String(n) }));
  const columns: TableColumnsType<IssueRow> = [
    { title: t('registry.import.row'), dataIndex: 'row', width: 70, align: 'right', render: (row: number) => <span className="mono">{row}</span> },
    { title: t('registry.import.column'), dataIndex: 'column', width: 140 },
    { title: t('registry.import.problem'), dataIndex: 'message', render: (message: string) => issueText(message) },
    {
      title: t('registry.import.level'),
      dataIndex: 'level',
      width: 80,
      render: (l: ImportIssue['level']) =>
        l === 'error' ? <Tag color="red">{t('registry.import.error')}</Tag> : <Tag color="orange">{t('registry.import.warning')}</Tag>,
    },
  ];
  return (
    <div>
      <Segmented
        value={level}
        onChange={(v) => {
          setLevel(v as typeof level);
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('common.all') },
          { value: 'error', label: t('registry.import.error') },
          { value: 'warning', label: t('registry.import.warning') },
        ]}
        style={{ marginBottom: 8 }}
      />
      <ResponsiveTable<IssueRow>
        data-testid={testId}
        cardTestId={`${testId}-card`}
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={rows}
        scroll={{ x: 640 }}
        pagination={{
          current: page, pageSize: PAGE_SIZE, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true,
          showTotal: (n) => t('common.total', { total: n }),
        }}
      />
    </div>
  );
}
