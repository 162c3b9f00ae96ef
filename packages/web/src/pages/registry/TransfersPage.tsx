import { useState } from 'react';
import { Breadcrumb, Button, Card, Descriptions, Form, Input, Modal, Segmented, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { RELATION, TRANSFER_STATUS } from '@doudi/domain';
import type { DecideTransferRequest, TransferStatus, TransferView } from '@doudi/domain';
import { api } from '../../api';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { leastTableWidth } from '../../components/tableWidth';
import { showSuccess } from '../../feedback';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { usePhone } from '../../hooks/usePhone';
import './registry.css';

const STATUS_COLORS: Record<TransferStatus, string> = { pending: 'blue', approved: 'green', rejected: 'red', cancelled: 'default' };

function DecideModal({ transfer, onClose }: { transfer: TransferView; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note?: string }>();
  const decide = useMutation({
    mutationFn: (body: DecideTransferRequest) => api.decideTransfer(transfer.id, body),
    onSuccess: (result) => {
      showSuccess(result.status === 'approved' ? t('registry.transfers.approved') : t('registry.transfers.rejected'));
      // An approved transfer moves a person between two households: every registry view may have changed.
      void queryClient.invalidateQueries({ queryKey: queryKeys.registry });
      onClose();
    },
  });
  const submit = (approve: boolean) => {
    void form.validateFields().then((v) => decide.mutate({ approve, note: v.note?.trim() ?? '' }));
  };
  return (
    <Modal
      open
      title={t('registry.transfers.decideTitle', { name: transfer.memberName })}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="reject" danger loading={decide.isPending && decide.variables?.approve === false} onClick={() => submit(false)} data-testid="transfer-reject">
          {t('registry.transfers.reject')}
        </Button>,
        <Button key="approve" type="primary" loading={decide.isPending && decide.variables?.approve === true} onClick={() => submit(true)} data-testid="transfer-approve">
          {t('registry.transfers.approve')}
        </Button>,
      ]}
    >
      <Descriptions
        size="small"
        bordered
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'who', label: t('registry.transfers.person'), children: `${transfer.memberName}（${transfer.idNumberMasked}）` },
          { key: 'from', label: t('registry.transfer.from'), children: transfer.fromRegionName },
          {
            key: 'to',
            label: t('registry.transfer.to'),
            children: `${transfer.toRegionName} · ${t('registry.household.headOf', { name: transfer.toHeadName })}（${RELATION.labels[transfer.relation]}）`,
          },
          { key: 'reason', label: t('registry.transfer.reason'), children: transfer.reason },
          { key: 'by', label: t('registry.transfers.requestedBy'), children: `${transfer.requestedBy} · ${formatDateTime(transfer.requestedAt)}` },
        ]}
      />
      <Typography.Paragraph type="secondary">{t('registry.transfers.decideHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('registry.transfers.note')}>
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="transfer-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function useColumns(onDecide: (t: TransferView) => void): TableColumnsType<TransferView> {
  const { t } = useI18n();
  const isMobile = usePhone();
  return [
    {
      title: t('registry.transfers.person'),
      key: 'person',
      fixed: isMobile ? undefined : 'left',
      width: 180,
      render: (_, x) => (
        <div>
          <div className="nowrap">{x.memberName}</div>
          <div className="mono secondary-text nowrap">{x.idNumberMasked}</div>
          <div className="secondary-text">{t('registry.transfers.fromLine', { region: x.fromRegionName })}</div>
        </div>
      ),
    },
    {
      title: t('registry.transfer.to'),
      key: 'to',
      width: 190,
      render: (_, x) => (
        <div>
          <div>{x.toRegionName}</div>
          <Link to={`/registry/households/${x.toHouseholdId}`}>{t('registry.household.headOf', { name: x.toHeadName })}</Link>
          <span className="secondary-text">（{RELATION.labels[x.relation]}）</span>
        </div>
      ),
    },
    { title: t('registry.transfer.reason'), dataIndex: 'reason' },
    {
      title: t('registry.transfers.requestedBy'),
      key: 'requested',
      width: 160,
      render: (_, x) => (
        <div>
          <div>{x.requestedBy}</div>
          <div className="mono secondary-text nowrap">{formatDateTime(x.requestedAt)}</div>
        </div>
      ),
    },
    {
      title: t('registry.transfers.statusAndDecision'),
      key: 'status',
      width: 180,
      render: (_, x) => (
        <div>
          <Tag color={STATUS_COLORS[x.status]}>{TRANSFER_STATUS.labels[x.status]}</Tag>
          {x.decidedAt ? (
            <div className="secondary-text">
              {x.decidedBy} · <span className="mono">{formatDateTime(x.decidedAt)}</span>
            </div>
          ) : null}
          {x.decisionNote ? <div>{x.decisionNote}</div> : null}
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: isMobile ? undefined : 'right',
      width: 90,
      render: (_, x) =>
        x.canDecide ? (
          <Button type="primary" size="small" onClick={() => onDecide(x)} data-testid={`transfer-decide-${x.id}`}>
            {t('registry.transfers.decide')}
          </Button>
        ) : null,
    },
  ];
}

/** 迁转申请: requests to move a person registered elsewhere into a household here, and those waiting for us. */
export default function TransfersPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<TransferStatus | 'all'>('all');
  const [deciding, setDeciding] = useState<TransferView | null>(null);
  const columns = useColumns(setDeciding);
  // 200 px of the reason beside the other columns (where the person was registered under the person, the decision
  // under the status): 1,000 px, so that a 1280 px screen's table (1,006 px) fits whole.
  const minWidth = leastTableWidth(columns, 200);

  const pending = useQuery({
    queryKey: [...queryKeys.transfers, 'pending'],
    queryFn: async () => (await api.transfers('pending')).items,
  });
  const all = useQuery({
    queryKey: [...queryKeys.transfers, 'list', status],
    queryFn: async () => (await api.transfers(status === 'all' ? undefined : status)).items,
    placeholderData: keepPreviousData,
  });
  const mine = (pending.data ?? []).filter((x) => x.canDecide);
  const phone = usePhone();
  const statusOptions = [{ value: 'all' as const, label: t('common.all') }, ...TRANSFER_STATUS.options.map((o) => ({ value: o.value, label: o.label }))];

  return (
    <div className="page registry-page">
      <Breadcrumb
        className="region-breadcrumb"
        items={[{ key: 'registry', title: <Link to="/registry">{t('registry.title')}</Link> }, { key: 'tr', title: t('registry.transfers.title') }]}
      />
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('registry.transfers.title')}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary">{t('registry.transfers.intro')}</Typography.Paragraph>
      <Card size="small" title={t('registry.transfers.toDecide', { count: mine.length })} styles={{ body: { padding: 0 } }}>
        <ResponsiveTable<TransferView>
          data-testid="transfers-pending"
          cardTestId="transfer-pending-card"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={mine}
          loading={pending.isFetching}
          scroll={{ x: minWidth }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('registry.transfers.noneToDecide') }}
        />
      </Card>
      <Card
        size="small"
        title={t('registry.transfers.all')}
        extra={
          // Six statuses do not fit beside the title on a phone: there they are a drop-down.
          phone ? (
            <Select<typeof status> size="small" value={status} onChange={setStatus} options={statusOptions} popupMatchSelectWidth={false}
              data-testid="transfers-status" />
          ) : (
            <Segmented size="small" value={status} onChange={(v) => setStatus(v as typeof status)} options={statusOptions} data-testid="transfers-status" />
          )
        }
        styles={{ body: { padding: 0 } }}
      >
        <ResponsiveTable<TransferView>
          data-testid="transfers-table"
          cardTestId="transfer-card"
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={all.data ?? []}
          loading={all.isFetching}
          scroll={{ x: minWidth }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { total: n }) }}
        />
      </Card>
      {deciding ? <DecideModal transfer={deciding} onClose={() => setDeciding(null)} /> : null}
    </div>
  );
}
