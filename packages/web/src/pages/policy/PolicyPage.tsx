import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PolicyKey, canAccessRegion } from '@doudi/domain';
import type { PolicyParameterView } from '@doudi/domain';
import { api } from '../../api';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { hasPermission, useMe } from '../../session';
import { CreatePolicyModal, EndPolicyModal } from './PolicyFormModal';
import { WorkCalendarCard } from './WorkCalendarCard';
import { formatPolicyValue, policyKeyLabel, policyStatus, todayDate } from './policyFormat';
import { usePhone } from '../../hooks/usePhone';

function StatusTag({ param, today }: { param: PolicyParameterView; today: string }) {
  const { t } = useI18n();
  const status = policyStatus(param, today);
  if (status === 'current') return <Tag color="green">{t('policy.statusCurrent')}</Tag>;
  if (status === 'future') return <Tag color="blue">{t('policy.statusFuture')}</Tag>;
  return <Tag>{t('policy.statusEnded')}</Tag>;
}

/**
 * The parameters table's least width; above it the table fills its box and the source (文号, article) wraps in the
 * room left. A 1280 px screen's table (1006 px) fits whole, the actions included.
 */
const POLICY_TABLE_MIN_WIDTH = 1000;

/** 政策参数: dated standards (低保标准, 边缘家庭倍数) for the user's region, the regions above it and those inside it. */
export default function PolicyPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const [key, setKey] = useState<PolicyKey | undefined>();
  const [creating, setCreating] = useState(false);
  const [ending, setEnding] = useState<PolicyParameterView | null>(null);
  const canManage = hasPermission(me, 'policy.manage');
  const isMobile = usePhone();
  const today = todayDate();

  const params = useQuery({
    queryKey: [...queryKeys.policy, 'list', key ?? null],
    queryFn: async () => (await api.policyParameters(key)).items,
    placeholderData: keepPreviousData,
  });

  // Only parameters set inside the user's own region can be ended here; those from above belong to the upper level.
  const canEnd = (param: PolicyParameterView) =>
    canManage && canAccessRegion({ regionCode: me.region.code }, param.regionCode) && policyStatus(param, today) !== 'ended';

  const columns: TableColumnsType<PolicyParameterView> = [
    {
      title: t('policy.key'),
      dataIndex: 'key',
      // The longest name with its 演示数据 tag, on one line (the table lays its columns out at these widths).
      width: 280,
      render: (k: PolicyKey, param) => (
        <Space size={4} wrap={false}>
          <span className="nowrap">{policyKeyLabel(k, lang)}</span>
          {param.demo ? (
            <Tag color="orange" data-testid="demo-tag">
              {t('policy.demo')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    { title: t('policy.region'), dataIndex: 'regionName', width: 90, render: (name: string) => <span className="nowrap">{name}</span> },
    {
      title: t('policy.value'),
      dataIndex: 'value',
      width: 140,
      align: 'right',
      render: (value: number, param) => <span className="nowrap">{formatPolicyValue(param.key, value, t)}</span>,
    },
    {
      title: t('policy.period'),
      key: 'period',
      width: 170,
      render: (_, param) => (
        <span className="nowrap">
          {t('policy.periodText', { from: param.validFrom, to: param.validTo ?? t('policy.openEnded') })}
        </span>
      ),
    },
    { title: t('policy.source'), dataIndex: 'source' },
    { title: t('policy.status'), key: 'status', width: 80, render: (_, param) => <StatusTag param={param} today={today} /> },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: isMobile ? undefined : 'right',
      width: 90,
      render: (_, param) =>
        canEnd(param) ? (
          <Button type="link" size="small" onClick={() => setEnding(param)} data-testid={`policy-end-${param.id}`}>
            {t('policy.end')}
          </Button>
        ) : null,
    });
  }

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('policy.title')}
        </Typography.Title>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="policy-add">
            {t('policy.add')}
          </Button>
        ) : null}
      </div>
      <Alert type="info" showIcon title={t('policy.intro')} style={{ marginBottom: 16 }} />
      <Card size="small" className="filter-card">
        <Select<PolicyKey>
          allowClear
          value={key}
          onChange={(value) => setKey(value)}
          placeholder={t('policy.keyPlaceholder')}
          style={{ width: 240, maxWidth: '100%' }}
          options={PolicyKey.options.map((k) => ({ value: k, label: policyKeyLabel(k, lang) }))}
          data-testid="policy-filter"
        />
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <ResponsiveTable<PolicyParameterView>
          data-testid="policy-table"
          cardTestId="policy-card"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={params.data ?? []}
          loading={params.isFetching}
          scroll={{ x: POLICY_TABLE_MIN_WIDTH }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
        />
      </Card>
      <WorkCalendarCard />
      {creating ? <CreatePolicyModal onClose={() => setCreating(false)} /> : null}
      {ending ? <EndPolicyModal param={ending} onClose={() => setEnding(null)} /> : null}
    </div>
  );
}
