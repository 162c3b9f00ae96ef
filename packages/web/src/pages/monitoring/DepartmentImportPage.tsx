import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { DEPARTMENT_BATCH_STATUS_LABELS, DEPARTMENT_SOURCE, DepartmentSource, templateColumns } from '@doudi/domain';
import type { DepartmentBatchStatus, DepartmentBatchView, DepartmentUnmatchedRow } from '@doudi/domain';
import { api, downloads } from '../../api';
import { ImportIssuesTable } from '../../components/ImportIssuesTable';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { showSuccess } from '../../feedback';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { MonitoringGuard } from './MonitoringGuard';
import { pickParam } from './monitoringFormat';
import './monitoring.css';

const STATUS_COLORS: Record<DepartmentBatchStatus, string> = { previewed: 'blue', committed: 'green', discarded: 'default' };

/** The same limit as the registry import. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

function StatusTag({ status }: { status: DepartmentBatchStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{DEPARTMENT_BATCH_STATUS_LABELS[status]}</Tag>;
}

function UnmatchedTable({ rows }: { rows: readonly DepartmentUnmatchedRow[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<DepartmentUnmatchedRow> = [
    { title: t('registry.import.row'), dataIndex: 'row', width: 70, align: 'right', render: (row: number) => <span className="mono">{row}</span> },
    { title: t('monitoring.imports.idNumber'), dataIndex: 'idNumberMasked', render: (v: string) => <span className="mono nowrap">{v}</span> },
    { title: t('monitoring.imports.name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
  ];
  return (
    <Table<DepartmentUnmatchedRow>
      data-testid="dept-import-unmatched"
      size="small"
      rowKey="row"
      columns={columns}
      dataSource={[...rows]}
      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true, showTotal: (n) => t('common.total', { total: n }) }}
    />
  );
}

function Counts({ batch }: { batch: DepartmentBatchView }) {
  const { t } = useI18n();
  const stat = (title: string, value: number, color?: string) => (
    <Col xs={8} sm={8} md={4}>
      <Statistic title={title} value={value} styles={{ content: color && value > 0 ? { color } : {} }} />
    </Col>
  );
  return (
    <Row gutter={[16, 16]} data-testid="dept-import-counts">
      {stat(t('monitoring.imports.total'), batch.totalRows)}
      {stat(t('monitoring.imports.matched'), batch.matchedRows, '#15803d')}
      {stat(t('monitoring.imports.unmatched'), batch.unmatchedRows, '#b45309')}
      {stat(t('monitoring.imports.errors'), batch.errorRows, '#b91c1c')}
      {stat(t('monitoring.imports.duplicates'), batch.duplicateRows)}
      {stat(t('monitoring.imports.known'), batch.knownRows)}
    </Row>
  );
}

function BatchPanel({ batch, onDone }: { batch: DepartmentBatchView; onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const setBatch = (b: DepartmentBatchView) => {
    queryClient.setQueryData(queryKeys.departmentImport(b.id), b);
    void queryClient.invalidateQueries({ queryKey: [...queryKeys.departmentImports, 'list'] });
  };
  const commit = useMutation({
    mutationFn: () => api.commitDepartmentImport(batch.id),
    onSuccess: (b) => {
      setBatch(b);
      // New facts change the household pages; the sweep that follows changes warnings and leads.
      void queryClient.invalidateQueries({ queryKey: queryKeys.monitoring });
      showSuccess(t('monitoring.imports.committed'));
    },
  });
  const discard = useMutation({
    mutationFn: () => api.discardDepartmentImport(batch.id),
    onSuccess: (b) => {
      setBatch(b);
      showSuccess(t('registry.import.discarded'));
      onDone();
    },
  });

  const header = (
    <Space wrap size={8}>
      <Tag color="geekblue">{batch.sourceLabel}</Tag>
      <span className="batch-file">{batch.fileName}</span>
      <StatusTag status={batch.status} />
      <Typography.Text type="secondary">
        {batch.createdBy} · {formatDateTime(batch.createdAt)}
      </Typography.Text>
    </Space>
  );

  const details = (
    <>
      {batch.issues.length > 0 ? (
        <>
          <Typography.Title level={5} className="mon-subtitle">
            {t('monitoring.imports.issues')}
          </Typography.Title>
          <ImportIssuesTable issues={batch.issues} testId="dept-import-issues" />
        </>
      ) : null}
      {batch.unmatched.length > 0 ? (
        <>
          <Typography.Title level={5} className="mon-subtitle">
            {t('monitoring.imports.unmatchedList')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('monitoring.imports.unmatchedHelp')}</Typography.Paragraph>
          <UnmatchedTable rows={batch.unmatched} />
        </>
      ) : null}
    </>
  );

  if (batch.status === 'discarded') {
    return (
      <Card size="small" title={header}>
        <Result status="info" title={t('registry.import.discardedTitle')} extra={<Button onClick={onDone}>{t('registry.import.another')}</Button>} />
      </Card>
    );
  }

  if (batch.status === 'committed') {
    return (
      <Card size="small" title={header}>
        <Result
          status="success"
          title={t('monitoring.imports.committedTitle')}
          subTitle={batch.message || undefined}
          data-testid="dept-import-result"
          extra={[
            <Button key="again" type="primary" onClick={onDone}>
              {t('registry.import.another')}
            </Button>,
            <Link key="warnings" to="/monitoring/warnings">
              {t('monitoring.imports.toWarnings')}
            </Link>,
          ]}
        >
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'stored', label: t('monitoring.imports.storedFacts'), children: batch.storedFacts ?? 0 },
              { key: 'households', label: t('monitoring.imports.affectedHouseholds'), children: batch.affectedHouseholds },
              { key: 'counties', label: t('monitoring.imports.affectedCounties'), children: batch.affectedCounties.length },
              { key: 'at', label: t('registry.import.committedAt'), children: formatDateTime(batch.committedAt) },
            ]}
          />
        </Result>
        <Counts batch={batch} />
        {details}
      </Card>
    );
  }

  return (
    <Card size="small" title={header} data-testid="dept-import-preview">
      <Counts batch={batch} />
      {batch.message ? <Alert type="info" showIcon title={batch.message} className="mon-alert" /> : null}
      {batch.issues.length === 0 && batch.unmatched.length === 0 ? (
        <Alert type="success" showIcon title={t('registry.import.noIssues')} className="mon-alert" />
      ) : null}
      {details}
      <Alert type="info" showIcon title={t('monitoring.imports.commitHelp', { matched: batch.matchedRows })} className="mon-alert" />
      <div className="mon-actions">
        <Popconfirm title={t('registry.import.discardConfirm')} onConfirm={() => discard.mutateAsync()} okText={t('common.confirm')} cancelText={t('common.cancel')}>
          <Button loading={discard.isPending} data-testid="dept-import-discard">
            {t('registry.import.discard')}
          </Button>
        </Popconfirm>
        <Button type="primary" onClick={() => commit.mutate()} loading={commit.isPending} disabled={batch.matchedRows === 0} data-testid="dept-import-commit">
          {t('monitoring.imports.commit')}
        </Button>
      </div>
    </Card>
  );
}

function RecentBatches({ current, onOpen }: { current: number | null; onOpen: (id: number) => void }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const batches = useQuery({
    queryKey: [...queryKeys.departmentImports, 'list', page],
    queryFn: () => api.departmentImports({ page, pageSize: 10 }),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<DepartmentBatchView> = [
    { title: t('monitoring.imports.source'), dataIndex: 'sourceLabel', width: 150 },
    {
      title: t('registry.import.fileName'),
      dataIndex: 'fileName',
      render: (name: string, b) =>
        b.id === current ? (
          <strong>{name}</strong>
        ) : (
          <Button type="link" size="small" className="mon-inline-link" onClick={() => onOpen(b.id)}>
            {name}
          </Button>
        ),
    },
    { title: t('registry.import.statusLabel'), dataIndex: 'status', width: 90, render: (s: DepartmentBatchStatus) => <StatusTag status={s} /> },
    {
      title: t('registry.import.rows'),
      key: 'rows',
      width: 220,
      render: (_, b) => t('monitoring.imports.rowsText', { total: b.totalRows, matched: b.matchedRows, unmatched: b.unmatchedRows, errors: b.errorRows }),
    },
    { title: t('registry.import.by'), dataIndex: 'createdBy', width: 120 },
    { title: t('registry.import.at'), dataIndex: 'createdAt', width: 170, render: (at: string) => <span className="mono nowrap">{formatDateTime(at)}</span> },
  ];
  return (
    <Card size="small" title={t('monitoring.imports.recent')} styles={{ body: { padding: 0 } }}>
      <ResponsiveTable<DepartmentBatchView>
        data-testid="dept-import-batches"
        cardTestId="dept-import-batch"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={batches.data?.items ?? []}
        loading={batches.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 10, total: batches.data?.total ?? 0, hideOnSinglePage: true, onChange: setPage, showSizeChanger: false }}
      />
    </Card>
  );
}

/** 数据比对导入: another department's file (医保, 残联, 殡葬 …) compared with the registry by ID number, checked first. */
function DepartmentImport() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const batchParam = Number(params.get('batch'));
  const batchId = Number.isSafeInteger(batchParam) && batchParam > 0 ? batchParam : null;
  const source: DepartmentSource | undefined = pickParam(DepartmentSource, params.get('source'));

  const setParam = (next: { batch?: number | null; source?: DepartmentSource }) => {
    const search = new URLSearchParams();
    const s = 'source' in next ? next.source : source;
    const b = 'batch' in next ? next.batch : batchId;
    if (s) search.set('source', s);
    if (b) search.set('batch', String(b));
    setParams(search, { replace: true });
  };

  const batch = useQuery({
    queryKey: queryKeys.departmentImport(batchId ?? 0),
    queryFn: () => api.departmentImport(batchId ?? 0),
    enabled: batchId !== null,
    staleTime: 0,
  });

  const [tooLarge, setTooLarge] = useState(false);
  const upload = useMutation({
    mutationFn: ({ file, from }: { file: File; from: DepartmentSource }) => api.uploadDepartmentImport(from, file),
    meta: { form: true },
    onSuccess: (b) => {
      queryClient.setQueryData(queryKeys.departmentImport(b.id), b);
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.departmentImports, 'list'] });
      setParam({ batch: b.id });
    },
  });

  const columns = source ? templateColumns(source) : [];

  return (
    <div className="page monitoring-page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('monitoring.imports.title')}
        </Typography.Title>
      </div>
      {batchId === null ? (
        <Card size="small">
          <Space orientation="vertical" size={12} className="mon-full">
            <Space wrap>
              <Select<DepartmentSource>
                value={source}
                placeholder={t('monitoring.imports.pickSource')}
                options={DEPARTMENT_SOURCE.options as { value: DepartmentSource; label: string }[]}
                onChange={(s) => {
                  upload.reset();
                  setParam({ source: s });
                }}
                style={{ minWidth: 220 }}
                data-testid="dept-import-source"
              />
              <Button icon={<DownloadOutlined />} href={source ? downloads.departmentTemplate(source) : undefined} disabled={!source} data-testid="dept-import-template">
                {t('monitoring.imports.template')}
              </Button>
            </Space>
            {source ? (
              <Typography.Paragraph type="secondary" className="mon-columns">
                {t('monitoring.imports.columns')}
                {columns.map((c, i) => (
                  <span key={c.heading}>
                    {i > 0 ? '、' : ''}
                    {c.heading}
                    {c.required ? <span className="mon-required">*</span> : null}
                  </span>
                ))}
              </Typography.Paragraph>
            ) : null}
            <div data-testid="dept-import-upload">
              <Upload.Dragger
                accept=".xlsx,.csv"
                multiple={false}
                showUploadList={false}
                disabled={!source || upload.isPending}
                beforeUpload={(file) => {
                  setTooLarge(file.size > MAX_FILE_BYTES);
                  if (file.size <= MAX_FILE_BYTES && source) upload.mutate({ file, from: source });
                  else upload.reset();
                  return Upload.LIST_IGNORE;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">
                  {!source ? t('monitoring.imports.pickSourceFirst') : upload.isPending ? t('registry.import.uploading') : t('registry.import.pick')}
                </p>
                <p className="ant-upload-hint">{t('monitoring.imports.pickHint')}</p>
              </Upload.Dragger>
            </div>
            {tooLarge || upload.error ? (
              <Alert
                type="error"
                showIcon
                title={tooLarge ? t('registry.import.tooLarge') : upload.error?.message}
                data-testid="dept-import-upload-error"
              />
            ) : null}
          </Space>
        </Card>
      ) : batch.data ? (
        <BatchPanel key={batch.data.id} batch={batch.data} onDone={() => setParam({ batch: null })} />
      ) : batch.error ? (
        <Alert
          type="error"
          showIcon
          title={batch.error.message}
          action={<Button onClick={() => setParam({ batch: null })}>{t('registry.import.another')}</Button>}
        />
      ) : (
        <Card size="small" loading />
      )}
      <RecentBatches current={batchId} onOpen={(id) => setParam({ batch: id })} />
    </div>
  );
}

export default function DepartmentImportPage() {
  return (
    <MonitoringGuard permission="monitoring.import">
      <DepartmentImport />
    </MonitoringGuard>
  );
}
