import { useState } from 'react';
import { AutoComplete, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { AuditAction } from '@doudi/domain';
import type { AuditEntry } from '@doudi/domain';
import { api } from '../../api';
import type { AuditListQuery } from '../../api';
import { formatApiDate, formatDateTime } from '../../format';
import { auditActionLabel, useI18n } from '../../i18n';
import type { MessageKey, Translate } from '../../i18n';
import { queryKeys } from '../../queries';

interface FilterValues {
  username?: string;
  entity?: string;
  action?: AuditAction;
  range?: [Dayjs | null, Dayjs | null] | null;
}

type Filters = Omit<AuditListQuery, 'page' | 'pageSize'>;

const ACTION_COLORS: Partial<Record<AuditAction, string>> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  login_failed: 'orange',
  reveal: 'purple',
  password_change: 'cyan',
  export: 'gold',
  import: 'geekblue',
};

/** Entities the server records today; others are shown by their code. */
const KNOWN_ENTITIES = ['user', 'session', 'region'] as const;

function entityLabel(entity: string, t: Translate): string {
  return (KNOWN_ENTITIES as readonly string[]).includes(entity) ? t(`audit.entity.${entity}` as MessageKey) : entity;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One side of a change. Keys whose value differs from the other side are highlighted. */
function JsonSide({ value, other, title }: { value: unknown; other: unknown; title: string }) {
  const { t } = useI18n();
  let body;
  if (value === null || value === undefined) {
    body = <Typography.Text type="secondary">{t('audit.empty')}</Typography.Text>;
  } else if (isPlainObject(value)) {
    const otherObject = isPlainObject(other) ? other : {};
    body = (
      <pre className="json-view">
        {'{\n'}
        {Object.entries(value).map(([key, v]) => {
          const changed = JSON.stringify(v) !== JSON.stringify(otherObject[key]);
          return (
            <span key={key} className={changed ? 'json-line json-changed' : 'json-line'}>
              {`  ${JSON.stringify(key)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`}
            </span>
          );
        })}
        {'}'}
      </pre>
    );
  } else {
    body = <pre className="json-view">{JSON.stringify(value, null, 2)}</pre>;
  }
  return (
    <div className="json-side">
      <div className="json-title">{title}</div>
      {body}
    </div>
  );
}

function ChangeDetail({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  return (
    <Row gutter={[16, 12]} data-testid={`audit-detail-${entry.id}`}>
      <Col xs={24} md={12}>
        <JsonSide title={t('audit.before')} value={entry.before} other={entry.after} />
      </Col>
      <Col xs={24} md={12}>
        <JsonSide title={t('audit.after')} value={entry.after} other={entry.before} />
      </Col>
    </Row>
  );
}

/** 审计日志: who saw and changed what, when, from where and why. */
export default function AuditPage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const audit = useQuery({
    queryKey: [...queryKeys.audit, 'list', filters, page, pageSize],
    queryFn: () => api.audit({ ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const applyFilters = (values: FilterValues) => {
    const [from, to] = values.range ?? [null, null];
    setFilters({
      username: values.username?.trim() || undefined,
      entity: values.entity?.trim() || undefined,
      action: values.action,
      from: from ? formatApiDate(from) : undefined,
      to: to ? formatApiDate(to) : undefined,
    });
    setPage(1);
  };

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('audit.time'),
      dataIndex: 'at',
      width: 170,
      render: (at: string) => <span className="mono nowrap">{formatDateTime(at)}</span>,
    },
    {
      title: t('audit.user'),
      dataIndex: 'username',
      render: (username: string | null) => username ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (action: AuditAction) => <Tag color={ACTION_COLORS[action]}>{auditActionLabel(action, lang)}</Tag>,
    },
    { title: t('audit.entity'), dataIndex: 'entity', render: (entity: string) => entityLabel(entity, t) },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      render: (id: string | null) => (id ? <span className="mono">{id}</span> : '—'),
    },
    {
      title: t('audit.clientAddress'),
      dataIndex: 'clientAddress',
      render: (address: string | null) => (address ? <span className="mono">{address}</span> : '—'),
    },
    { title: t('audit.reason'), dataIndex: 'reason', render: (reason: string | null) => reason || '—' },
  ];

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('audit.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('audit.timezoneNote')}</Typography.Text>
      </div>
      <Card size="small" className="filter-card">
        <Form<FilterValues> form={form} layout="inline" onFinish={applyFilters} className="filter-form">
          <Form.Item name="username">
            <Input allowClear placeholder={t('audit.username')} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="entity">
            <AutoComplete
              allowClear
              placeholder={t('audit.entity')}
              style={{ width: 160 }}
              options={KNOWN_ENTITIES.map((entity) => ({ value: entity, label: entityLabel(entity, t) }))}
            />
          </Form.Item>
          <Form.Item name="action">
            <Select
              allowClear
              placeholder={t('audit.actionPlaceholder')}
              style={{ width: 160 }}
              options={AuditAction.options.map((action) => ({ value: action, label: auditActionLabel(action, lang) }))}
            />
          </Form.Item>
          <Form.Item name="range">
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              placeholder={[t('audit.startDate'), t('audit.endDate')]}
              className="audit-range"
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  applyFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={audit.data?.items ?? []}
          loading={audit.isFetching}
          scroll={{ x: 1000 }}
          expandable={{
            expandedRowRender: (entry) => <ChangeDetail entry={entry} />,
            rowExpandable: (entry) => entry.before != null || entry.after != null,
          }}
          pagination={{
            current: page,
            pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (nextPage, nextSize) => {
              setPage(nextSize === pageSize ? nextPage : 1);
              setPageSize(nextSize);
            },
          }}
        />
      </Card>
    </div>
  );
}
