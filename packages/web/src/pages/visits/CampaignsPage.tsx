/** 专项行动 list: the campaigns launched at my level or above (and below me), with my region's progress. */
import { useState } from 'react';
import { Button, Input, Progress, Segmented, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { CampaignListItem, CampaignStatus } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { useSearchParamPatch } from '../../hooks/useSearchParamPatch';
import { hasPermission, useMe } from '../../session';
import { CampaignFormModal } from './CampaignFormModal';
import { visitKeys, visitsApi } from './visitsApi';
import { CampaignStatusTag } from './visitsFormat';
import './visits.css';
import { ResponsiveTable } from '../../components/ResponsiveTable';

type StatusChoice = CampaignStatus | 'all';

export default function CampaignsPage() {
  const me = useMe();
  const { t } = useI18n();
  const [params, set] = useSearchParamPatch();
  const status: StatusChoice = params.get('status') === 'closed' ? 'closed' : params.get('status') === 'all' ? 'all' : 'active';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { status: status === 'all' ? undefined : status, q: q || undefined, page, pageSize: 20 };
  const list = useQuery({ queryKey: visitKeys.campaigns(query), queryFn: () => visitsApi.campaigns(query), placeholderData: keepPreviousData });
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<CampaignListItem> = [
    {
      title: t('visits.campaigns.name'),
      key: 'name',
      render: (_, r) => (
        <>
          <Link to={`/visits/campaigns/${r.id}`} data-testid="campaign-link">
            {r.name}
          </Link>
          {r.docNumber && <div className="muted">{r.docNumber}</div>}
        </>
      ),
    },
    { title: t('visits.campaigns.region'), dataIndex: 'regionName', key: 'region', width: 140 },
    { title: t('visits.campaigns.period'), key: 'period', width: 200, render: (_, r) => t('visits.campaigns.dateRange', { from: r.startsOn, to: r.endsOn }) },
    { title: t('visits.campaigns.status'), key: 'status', width: 90, render: (_, r) => <CampaignStatusTag status={r.status} /> },
    {
      title: t('visits.campaigns.ownProgress', { region: me.region.name }),
      key: 'own',
      width: 200,
      render: (_, r) => (
        <div>
          <Progress percent={r.taskCount ? Math.round((r.ownDone / r.taskCount) * 100) : 0} size="small" />
          <span className="muted">
            {t('visits.campaigns.ownDone', { done: r.ownDone, total: r.taskCount })}
          </span>
        </div>
      ),
    },
  ];

  return (
    <div className="page">
      <div className="visit-page-head">
        <Typography.Title level={3} className="page-title">
          {t('visits.campaigns.title')}
        </Typography.Title>
        {hasPermission(me, 'visits.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">
            {t('visits.campaigns.create')}
          </Button>
        )}
      </div>
      <div className="visit-toolbar">
        <Segmented<StatusChoice>
          value={status}
          onChange={(v) => set({ status: v === 'active' ? undefined : v })}
          options={[
            { value: 'active', label: t('visits.campaigns.active') },
            { value: 'closed', label: t('visits.campaigns.closed') },
            { value: 'all', label: t('common.all') },
          ]}
        />
        <Input.Search allowClear placeholder={t('visits.campaigns.search')} defaultValue={q} onSearch={(v) => set({ q: v || undefined })} style={{ maxWidth: 280 }} />
      </div>
      <ResponsiveTable<CampaignListItem>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 800 }}
        data-testid="campaigns-table"
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (n) => t('visits.campaigns.total', { n }), onChange: (p) => set({ page: String(p) }), showSizeChanger: false }}
      />
      <CampaignFormModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
