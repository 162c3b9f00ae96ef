import { useState, type ReactNode } from 'react';
import { Card, Empty, Pagination, Spin, Table } from 'antd';
import type { TableProps } from 'antd';
import { usePhone } from '../hooks/usePhone';
import './ResponsiveTable.css';

type Props<T> = Omit<TableProps<T>, 'columns' | 'rowKey'> & {
  columns: NonNullable<TableProps<T>['columns']>;
  rowKey: keyof T & string;
  /** Test id of each card on a phone. */
  cardTestId?: string;
  'data-testid'?: string;
};

/**
 * A table on a desktop; on a phone, one card per row with each column as a labelled line, so nothing scrolls
 * sideways. The columns' own renderers draw both; an expandable row's content is shown at the foot of its card.
 */
export function ResponsiveTable<T extends object>(props: Props<T>) {
  const phone = usePhone();
  // The page shown when the caller leaves paging to the table (no `current`), as antd's table keeps it itself.
  const [ownPage, setOwnPage] = useState(1);
  if (!phone) return <Table<T> {...props} />;
  const { columns, dataSource, rowKey, pagination, loading, expandable, cardTestId, locale } = props;
  const all = dataSource ?? [];
  const paging = pagination ? pagination : null;
  const pageSize = paging?.pageSize ?? 10;
  const total = paging?.total ?? all.length;
  const current = Math.min(paging?.current ?? ownPage, Math.max(1, Math.ceil(total / pageSize)));
  // As the table does: more rows than a page are the whole list, paged here; a page's worth is the page itself.
  const items = paging && all.length > pageSize ? all.slice((current - 1) * pageSize, current * pageSize) : all;
  // No pager for a single page when asked not to show one.
  const pager = paging && !(paging.hideOnSinglePage && total <= pageSize) ? paging : null;
  return (
    <Spin spinning={Boolean(loading)}>
      <div className="responsive-cards" data-testid={props['data-testid']}>
        {items.length === 0 ? (locale?.emptyText ? <Empty description={locale.emptyText as ReactNode} /> : <Empty />) : items.map((row, index) => (
          <Card key={String(row[rowKey])} size="small" className="responsive-card" data-testid={cardTestId}>
            {columns.map((col, i) => {
              const dataIndex = 'dataIndex' in col ? (col.dataIndex as keyof T | undefined) : undefined;
              const value = dataIndex === undefined ? undefined : row[dataIndex];
              const content = col.render ? col.render(value, row, index) : (value as ReactNode);
              return (
                <div className="responsive-line" key={String(col.key ?? dataIndex ?? i)}>
                  <span className="responsive-label">{col.title as ReactNode}</span>
                  <div className="responsive-value">{content as ReactNode}</div>
                </div>
              );
            })}
            {expandable?.expandedRowRender ? <div className="responsive-extra">{expandable.expandedRowRender(row, index, 0, true)}</div> : null}
          </Card>
        ))}
        {pager ? (
          <Pagination simple current={current} pageSize={pageSize} total={total}
            onChange={(page, size) => {
              setOwnPage(page);
              pager.onChange?.(page, size);
            }} />
        ) : null}
      </div>
    </Spin>
  );
}
