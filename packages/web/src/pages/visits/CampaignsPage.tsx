/** 专项行动 list: the campaigns launched at my level or above (and below me), with my region's progress. */
import { useState } from 'react';
import { Button, Input, Progress, Segmented, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { CampaignListItem, CampaignStatus } from '@doudi/domain';
import { hasPermission, useMe } from '../../session';
import { CampaignFormModal } from './CampaignFormModal';
import { visitKeys, visitsApi } from './visitsApi';
import { CampaignStatusTag } from './visitsFormat';
import './visits.css';

type StatusChoice = CampaignStatus | 'all';

export default function CampaignsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status: StatusChoice = params.get('status') === 'closed' ? 'closed' : params.get('status') === 'all' ? 'all' : 'active';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { status: status === 'all' ? undefined : status, q: q || undefined, page, pageSize: 20 };
  const list = useQuery({ queryKey: visitKeys.campaigns(query), queryFn: () => visitsApi.campaigns(query), placeholderData: keepPreviousData });
  const [creating, setCreating] = useState(false);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };

  const columns: TableColumnsType<CampaignListItem> = [
    {
      title: '行动名称',
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
    { title: '发起单位', dataIndex: 'regionName', key: 'region', width: 140 },
    { title: '期限', key: 'period', width: 200, render: (_, r) => `${r.startsOn} 至 ${r.endsOn}` },
    { title: '状态', key: 'status', width: 90, render: (_, r) => <CampaignStatusTag status={r.status} /> },
    {
      title: `${me.region.name}落实进度`,
      key: 'own',
      width: 200,
      render: (_, r) => (
        <div>
          <Progress percent={r.taskCount ? Math.round((r.ownDone / r.taskCount) * 100) : 0} size="small" />
          <span className="muted">
            已完成 {r.ownDone} / {r.taskCount} 项任务
          </span>
        </div>
      ),
    },
  ];

  return (
    <div className="page">
      <div className="visit-page-head">
        <Typography.Title level={3} className="page-title">
          专项行动
        </Typography.Title>
        {hasPermission(me, 'visits.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-create">
            发起专项行动
          </Button>
        )}
      </div>
      <div className="visit-toolbar">
        <Segmented<StatusChoice>
          value={status}
          onChange={(v) => set({ status: v === 'active' ? undefined : v })}
          options={[
            { value: 'active', label: '进行中' },
            { value: 'closed', label: '已结束' },
            { value: 'all', label: '全部' },
          ]}
        />
        <Input.Search allowClear placeholder="按名称或文号查找" defaultValue={q} onSearch={(v) => set({ q: v || undefined })} style={{ maxWidth: 280 }} />
      </div>
      <Table<CampaignListItem>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 800 }}
        data-testid="campaigns-table"
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (n) => `共 ${n} 项`, onChange: (p) => set({ page: String(p) }), showSizeChanger: false }}
      />
      <CampaignFormModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
