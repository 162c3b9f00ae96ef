import type { ReactNode } from 'react';
import { Badge, Button, Card, Empty, Pagination, Spin, Table } from 'antd';
import type { PaginationProps, TableProps } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import './CardsOrTable.css';

/**
 * The body of a list page: on a phone, the page's own cards with a small pager under them; on a desktop, a table. Both
 * show the same empty text and the loading state of the same query.
 */
export function CardsOrTable<T extends object>(props: {
  phone: boolean;
  items: readonly T[];
  total: number;
  fetching: boolean;
  /** The first load: no "empty" before anything came back. */
  pending: boolean;
  empty: string;
  pagination: PaginationProps;
  cards: ReactNode;
  table: Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale' | 'size' | 'scroll'> & { 'data-testid'?: string };
  /**
   * A table with a column of running text (reasons): the least width it needs, below which it scrolls sideways. Above
   * it the table fills its box and the text column takes the room left, wrapping. Without it every column is as wide
   * as its content, and a column of long reasons on one line pushes the others off the screen.
   */
  minWidth?: number;
}) {
  const { phone, items, total, fetching, pending, empty, pagination, cards, table, minWidth } = props;
  if (phone) {
    return (
      <Spin spinning={fetching}>
        {items.length === 0 && !pending ? (
          <Card>
            <Empty description={empty} />
          </Card>
        ) : (
          cards
        )}
        {total > 0 ? <Pagination className="cards-pagination" size="small" {...pagination} /> : null}
      </Spin>
    );
  }
  return (
    <Card styles={{ body: { padding: 0 } }}>
      <Table<T>
        rowKey="id"
        size="middle"
        scroll={{ x: minWidth ?? 'max-content' }}
        {...table}
        dataSource={items as T[]}
        loading={fetching}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
        pagination={pagination}
      />
    </Card>
  );
}

/** 筛选 on a phone: opens and closes the filters, with the number of filters set. */
export function FiltersToggle({ count, onToggle, testId }: { count: number; onToggle: () => void; testId: string }) {
  const { t } = useI18n();
  return (
    <Badge count={count} size="small" offset={[-4, 2]} className="filters-toggle">
      <Button icon={<FilterOutlined />} onClick={onToggle} block data-testid={testId}>
        {t('registry.list.filters')}
      </Button>
    </Badge>
  );
}
