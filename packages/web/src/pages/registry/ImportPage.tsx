import { useEffect, useState } from 'react';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Popconfirm,
  Progress,
  Radio,
  Result,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { IMPORT_MODE_LABELS } from '@doudi/domain';
import type { ImportBatchView, ImportMode } from '@doudi/domain';
import { ImportIssuesTable } from '../../components/ImportIssuesTable';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { api, downloads } from '../../api';
import { LinkButton } from '../../components/LinkButton';
import { showSuccess } from '../../feedback';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { queryKeys } from '../../queries';
import './registry.css';

type Status = ImportBatchView['status'];

const STATUS_COLORS: Record<Status, string> = {
  previewed: 'blue',
  committing: 'processing',
  committed: 'green',
  failed: 'red',
  discarded: 'default',
};

/** The server accepts up to 50 MB (about 250,000 persons as CSV). */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

function StatusTag({ status }: { status: Status }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{t(`registry.import.status.${status}` as MessageKey)}</Tag>;
}

function BatchPanel({ batch, onDone }: { batch: ImportBatchView; onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<ImportMode>(batch.errorRows > 0 ? 'valid' : 'all');

  const setBatch = (b: ImportBatchView) => {
    queryClient.setQueryData(queryKeys.importBatch(b.id), b);
    void queryClient.invalidateQueries({ queryKey: queryKeys.imports, exact: true });
  };
  const commit = useMutation({ mutationFn: () => api.commitImport(batch.id, { mode }), onSuccess: setBatch });
  const discard = useMutation({
    mutationFn: () => api.discardImport(batch.id),
    onSuccess: (b) => {
      setBatch(b);
      showSuccess(t('registry.import.discarded'));
      onDone();
    },
  });

  const stats = (
    <Row gutter={[16, 16]} data-testid="import-summary">
      <Col xs={12} sm={6}>
        <Statistic title={t('registry.import.total')} value={batch.totalRows} />
      </Col>
      <Col xs={12} sm={6}>
        <Statistic title={t('registry.import.valid')} value={batch.validRows} styles={{ content: { color: '#15803d' } }} />
      </Col>
      <Col xs={12} sm={6}>
        <Statistic title={t('registry.import.errors')} value={batch.errorRows} styles={{ content: { color: batch.errorRows ? '#b91c1c' : undefined } }} />
      </Col>
      <Col xs={12} sm={6}>
        <Statistic title={t('registry.import.warnings')} value={batch.warningRows} styles={{ content: { color: batch.warningRows ? '#b45309' : undefined } }} />
      </Col>
    </Row>
  );

  const header = (
    <Space wrap size={8}>
      <span className="batch-file">{batch.fileName}</span>
      <StatusTag status={batch.status} />
      <Typography.Text type="secondary">
        {batch.createdBy} · {formatDateTime(batch.createdAt)}
      </Typography.Text>
    </Space>
  );

  if (batch.status === 'committing') {
    const percent = batch.totalRows > 0 ? Math.floor((batch.processedRows / batch.totalRows) * 100) : 0;
    return (
      <Card size="small" title={header}>
        <div data-testid="import-progress">
          <Typography.Paragraph>{t('registry.import.committing', { done: batch.processedRows, total: batch.totalRows })}</Typography.Paragraph>
          <Progress percent={percent} status="active" />
        </div>
      </Card>
    );
  }

  if (batch.status === 'committed' || batch.status === 'failed') {
    const ok = batch.status === 'committed';
    return (
      <Card size="small" title={header}>
        <Result
          status={ok ? 'success' : 'error'}
          title={ok ? t('registry.import.committedTitle') : t('registry.import.failedTitle')}
          subTitle={batch.message ?? undefined}
          data-testid="import-result"
          extra={[
            <LinkButton key="list" type="primary" to="/registry">
              {t('registry.import.toList')}
            </LinkButton>,
            <Button key="again" onClick={onDone}>
              {t('registry.import.another')}
            </Button>,
          ]}
        >
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'mode', label: t('registry.import.mode'), children: batch.mode ? IMPORT_MODE_LABELS[batch.mode] : '—' },
              { key: 'rows', label: t('registry.import.total'), children: batch.totalRows },
              { key: 'households', label: t('registry.import.createdHouseholds'), children: <span data-testid="import-created-households">{batch.createdHouseholds}</span> },
              { key: 'members', label: t('registry.import.createdMembers'), children: batch.createdMembers },
              { key: 'updated', label: t('registry.import.updatedMembers'), children: batch.updatedMembers },
              { key: 'unchanged', label: t('registry.import.unchangedRows'), children: batch.unchangedRows },
              { key: 'skipped', label: t('registry.import.skippedRows'), children: batch.mode === 'valid' ? batch.errorRows : 0 },
              { key: 'at', label: t('registry.import.committedAt'), children: formatDateTime(batch.committedAt) },
            ]}
          />
        </Result>
        {batch.issues.length > 0 ? (
          <>
            <Typography.Title level={5} className="subsection-title">
              {t('registry.import.issues')}
            </Typography.Title>
            <ImportIssuesTable issues={batch.issues} testId="import-issues" />
          </>
        ) : null}
      </Card>
    );
  }

  if (batch.status === 'discarded') {
    return (
      <Card size="small" title={header}>
        <Result status="info" title={t('registry.import.discardedTitle')} extra={<Button onClick={onDone}>{t('registry.import.another')}</Button>} />
      </Card>
    );
  }

  return (
    <Card size="small" title={header} data-testid="import-preview">
      {stats}
      {batch.message ? <Alert type="info" showIcon title={batch.message} style={{ marginTop: 16 }} /> : null}
      {batch.issues.length > 0 ? (
        <>
          <Typography.Title level={5} className="subsection-title">
            {t('registry.import.issues')}
          </Typography.Title>
          <ImportIssuesTable issues={batch.issues} testId="import-issues" />
        </>
      ) : (
        <Alert type="success" showIcon title={t('registry.import.noIssues')} style={{ marginTop: 16 }} />
      )}
      <Typography.Title level={5} className="subsection-title">
        {t('registry.import.mode')}
      </Typography.Title>
      <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)} data-testid="import-mode" className="mode-radios">
        <Radio value="all" data-testid="import-mode-all">
          <strong>{IMPORT_MODE_LABELS.all}</strong>
          <div className="radio-help">{t('registry.import.modeAllHelp')}</div>
        </Radio>
        <Radio value="valid" data-testid="import-mode-valid">
          <strong>{IMPORT_MODE_LABELS.valid}</strong>
          <div className="radio-help">{t('registry.import.modeValidHelp', { valid: batch.validRows, errors: batch.errorRows })}</div>
        </Radio>
      </Radio.Group>
      {mode === 'all' && batch.errorRows > 0 ? (
        <Alert type="warning" showIcon title={t('registry.import.allWithErrors', { errors: batch.errorRows })} style={{ marginTop: 12 }} />
      ) : null}
      <div className="form-actions">
        <Popconfirm title={t('registry.import.discardConfirm')} onConfirm={() => discard.mutateAsync()} okText={t('common.confirm')} cancelText={t('common.cancel')}>
          <Button loading={discard.isPending}>{t('registry.import.discard')}</Button>
        </Popconfirm>
        <Button type="primary" onClick={() => commit.mutate()} loading={commit.isPending} data-testid="import-commit">
          {t('registry.import.commit')}
        </Button>
      </div>
    </Card>
  );
}

function RecentBatches({ current, onOpen }: { current: number | null; onOpen: (id: number) => void }) {
  const { t } = useI18n();
  const batches = useQuery({ queryKey: queryKeys.imports, queryFn: async () => (await api.importBatches()).items });
  const columns: TableColumnsType<ImportBatchView> = [
    {
      title: t('registry.import.fileName'),
      dataIndex: 'fileName',
      render: (name: string, b) =>
        b.id === current ? (
          <strong>{name}</strong>
        ) : (
          <Button type="link" size="small" className="inline-link" onClick={() => onOpen(b.id)}>
            {name}
          </Button>
        ),
    },
    { title: t('registry.import.statusLabel'), dataIndex: 'status', width: 100, render: (s: Status) => <StatusTag status={s} /> },
    {
      title: t('registry.import.rows'),
      key: 'rows',
      width: 160,
      render: (_, b) => t('registry.import.rowsText', { total: b.totalRows, valid: b.validRows, errors: b.errorRows }),
    },
    {
      title: t('registry.import.created'),
      key: 'created',
      width: 120,
      render: (_, b) => (b.status === 'committed' ? t('registry.import.createdText', { households: b.createdHouseholds }) : '—'),
    },
    { title: t('registry.import.by'), dataIndex: 'createdBy', width: 140 },
    { title: t('registry.import.at'), dataIndex: 'createdAt', width: 170, render: (at: string) => <span className="mono nowrap">{formatDateTime(at)}</span> },
  ];
  return (
    <Card size="small" title={t('registry.import.recent')} styles={{ body: { padding: 0 } }}>
      <ResponsiveTable<ImportBatchView>
        data-testid="import-batches"
        cardTestId="import-batch"
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={batches.data ?? []}
        loading={batches.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
      />
    </Card>
  );
}

/** 批量导入: upload a file, read every problem by row and column, then import all or only the correct rows. */
export default function ImportPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const batchParam = Number(params.get('batch'));
  const batchId = Number.isSafeInteger(batchParam) && batchParam > 0 ? batchParam : null;

  const openBatch = (id: number | null) => setParams(id ? { batch: String(id) } : {}, { replace: true });

  const batch = useQuery({
    queryKey: queryKeys.importBatch(batchId ?? 0),
    queryFn: () => api.importBatch(batchId ?? 0),
    enabled: batchId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'committing' ? 1000 : false),
    staleTime: 0,
  });
  const status = batch.data?.status;

  useEffect(() => {
    // When a background import finishes, the registry lists and the batch list are out of date.
    if (status === 'committed' || status === 'failed') {
      void queryClient.invalidateQueries({ queryKey: queryKeys.households });
      void queryClient.invalidateQueries({ queryKey: queryKeys.imports, exact: true });
    }
  }, [status, queryClient]);

  const [tooLarge, setTooLarge] = useState(false);
  const upload = useMutation({
    mutationFn: (file: File) => api.uploadImport(file),
    // The error is shown under the drop zone, not as a toast.
    meta: { form: true },
    onSuccess: (b) => {
      queryClient.setQueryData(queryKeys.importBatch(b.id), b);
      void queryClient.invalidateQueries({ queryKey: queryKeys.imports, exact: true });
      openBatch(b.id);
    },
  });

  return (
    <div className="page registry-page">
      <Breadcrumb
        className="region-breadcrumb"
        items={[{ key: 'registry', title: <Link to="/registry">{t('registry.title')}</Link> }, { key: 'import', title: t('registry.import.title') }]}
      />
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('registry.import.title')}
        </Typography.Title>
        <Button icon={<DownloadOutlined />} href={downloads.importTemplate} data-testid="import-template">
          {t('registry.import.template')}
        </Button>
      </div>
      {batchId === null ? (
        <Card size="small">
          <div data-testid="import-upload">
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              showUploadList={false}
              disabled={upload.isPending}
              beforeUpload={(file) => {
                setTooLarge(file.size > MAX_FILE_BYTES);
                if (file.size <= MAX_FILE_BYTES) upload.mutate(file);
                else upload.reset();
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{upload.isPending ? t('registry.import.uploading') : t('registry.import.pick')}</p>
              <p className="ant-upload-hint">{t('registry.import.pickHint')}</p>
            </Upload.Dragger>
          </div>
          {tooLarge || upload.error ? (
            <Alert
              type="error"
              showIcon
              title={tooLarge ? t('registry.import.tooLarge') : upload.error?.message}
              style={{ marginTop: 12 }}
              data-testid="import-upload-error"
            />
          ) : null}
        </Card>
      ) : batch.data ? (
        <BatchPanel key={batch.data.id} batch={batch.data} onDone={() => openBatch(null)} />
      ) : batch.error ? (
        <Alert type="error" showIcon title={batch.error.message} action={<Button onClick={() => openBatch(null)}>{t('registry.import.another')}</Button>} />
      ) : (
        <Card size="small" loading />
      )}
      <RecentBatches current={batchId} onOpen={(id) => openBatch(id)} />
    </div>
  );
}
