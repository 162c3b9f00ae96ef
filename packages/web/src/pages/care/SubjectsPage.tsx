import { useState } from 'react';
import { Badge, Button, Card, Empty, Input, Pagination, Popconfirm, Select, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { CHILD_CATEGORY, ELDERLY_TIER, GUARDIANSHIP_STATUS, regionLevel, type CareSubjectItem } from '@doudi/domain';
import { showError, showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { RegionPicker } from '../registry/RegionPicker';
import { careApi, careKeys } from './careApi';
import { CategoryTags, GuardianshipTag, TierTag, formatDay } from './careFormat';
import { AddChildModal } from './AddChildModal';
import { SubjectDrawer } from './SubjectDrawer';
import { usePhone } from '../../hooks/usePhone';
import './care.css';

/** The list of elderly people in special difficulty or of children in difficulty; a row opens the person's drawer. */
export function SubjectsPage({ kind }: { kind: 'elderly' | 'child' }) {
  const { t } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const isMobile = usePhone();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? undefined;
  const filters = {
    kind, regionCode: get('regionCode'), tier: kind === 'elderly' ? get('tier') : undefined, category: kind === 'child' ? get('category') : undefined,
    guardianship: kind === 'child' ? get('guardianship') : undefined, mine: params.get('mine') === 'true' || undefined,
    emergencyGuardianship: params.get('emergency') === 'true' || undefined, q: get('q'),
    page: Number(params.get('page')) || 1, pageSize: Number(params.get('pageSize')) || 20,
  };
  const set = (next: Record<string, string | number | boolean | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: 1, ...next }) as [string, string | number | boolean | undefined][]) {
      if (v === undefined || v === '' || v === false) p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p, { replace: true });
  };
  const opened = Number(params.get('id')) || null;
  const [adding, setAdding] = useState(false);
  const list = useQuery({ queryKey: careKeys.subjects(filters), queryFn: () => careApi.subjects(filters as never), placeholderData: keepPreviousData });
  const level = regionLevel(me.region.code);
  const canIdentify = hasPermission(me, 'care.write') && (level === 3 || level === 4);
  const identify = useMutation({
    mutationFn: () => careApi.identify(filters.regionCode && regionLevel(filters.regionCode) <= 4 ? filters.regionCode : undefined),
    onSuccess: (r) => {
      showSuccess(t('care.identified', { elderly: r.elderly, children: r.children, added: r.added, updated: r.updated, ended: r.ended, tasks: r.tasksCreated }));
      void qc.invalidateQueries({ queryKey: careKeys.all });
    },
    onError: showError,
  });

  const columns: TableColumnsType<CareSubjectItem> = [
    { title: t('care.col.name'), dataIndex: 'name', render: (_, r) => <a data-testid="subject-link">{r.name}</a> },
    { title: t('care.col.age'), dataIndex: 'age', width: 70 },
    { title: t('care.col.region'), dataIndex: 'regionName' },
    kind === 'elderly'
      ? { title: t('care.col.tier'), dataIndex: 'tier', render: (_, r) => <><TierTag tier={r.tier} />{r.tierOverridden ? <Tag>{t('care.overridden')}</Tag> : null}</> }
      : { title: t('care.col.category'), dataIndex: 'categories', render: (_, r) => <><CategoryTags categories={r.categories} />{r.emergencyGuardianship ? <Tag color="red">{t('care.emergency')}</Tag> : null}</> },
    kind === 'elderly'
      ? { title: t('care.col.reasons'), dataIndex: 'reasons', render: (v: string[]) => v.join(t('care.punct.listSep')) }
      : { title: t('care.col.guardian'), dataIndex: 'guardianName', render: (_, r) => <>{r.guardianName ?? '—'} <GuardianshipTag value={r.guardianship} /></> },
    ...(kind === 'child' ? [{ title: t('care.col.director'), dataIndex: 'directorName', render: (v: string | null) => v ?? '—' }] : []),
    {
      title: t('care.col.tasks'), dataIndex: 'openTasks',
      render: (_, r) => <Space size={4} wrap>{r.overdueTasks ? <Tag color="red">{t('care.overdueCount', { n: r.overdueTasks })}</Tag> : null}{r.openTasks ? <Tag>{t('care.openCount', { n: r.openTasks })}</Tag> : null}</Space>,
    },
    { title: t('care.col.lastVisit'), dataIndex: 'lastVisitAt', render: (v: string | null) => formatDay(v) },
  ];

  const items = list.data?.items ?? [];
  return (
    <div className="care-page">
      <Space className="care-head" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>{kind === 'elderly' ? t('care.elderly.title') : t('care.children.title')}</Typography.Title>
        {canIdentify ? (
          <Popconfirm title={t('care.identifyConfirm')} onConfirm={() => identify.mutate()}>
            <Button icon={<ReloadOutlined />} loading={identify.isPending} data-testid="care-identify">{t('care.identify')}</Button>
          </Popconfirm>
        ) : null}
        {kind === 'child' && hasPermission(me, 'care.write') ? (
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="care-add-child">{t('care.add.button')}</Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary">{kind === 'elderly' ? t('care.elderly.intro') : t('care.children.intro')}</Typography.Paragraph>
      <Card size="small" className="care-filters">
        <Space wrap>
          <RegionPicker root={me.region} value={filters.regionCode} onChange={(v) => set({ regionCode: v })} placeholder={t('care.filter.region')} style={{ minWidth: 200 }} />
          {kind === 'elderly' ? (
            <Select allowClear placeholder={t('care.filter.tier')} value={filters.tier} onChange={(v) => set({ tier: v })} options={ELDERLY_TIER.options} style={{ width: 120 }} data-testid="tier-filter" />
          ) : (
            <>
              <Select allowClear placeholder={t('care.filter.category')} value={filters.category} onChange={(v) => set({ category: v })} options={CHILD_CATEGORY.options} style={{ width: 160 }} data-testid="category-filter" />
              <Select allowClear placeholder={t('care.filter.guardianship')} value={filters.guardianship} onChange={(v) => set({ guardianship: v })} options={GUARDIANSHIP_STATUS.options} style={{ width: 130 }} />
              <Space size={4}><Switch size="small" checked={!!filters.emergencyGuardianship} onChange={(v) => set({ emergency: v })} />{t('care.filter.emergency')}</Space>
              {me.role === 'children_director' ? <Space size={4}><Switch size="small" checked={!!filters.mine} onChange={(v) => set({ mine: v })} />{t('care.filter.mine')}</Space> : null}
            </>
          )}
          <Input.Search allowClear placeholder={t('care.filter.name')} defaultValue={filters.q} onSearch={(v) => set({ q: v })} style={{ width: 160 }} />
        </Space>
      </Card>
      {list.isLoading ? <Spin /> : isMobile ? (
        <div className="care-cards" data-testid="subject-cards">
          {items.length === 0 ? <Empty /> : items.map((r) => (
            <Card key={r.id} size="small" className="care-card" onClick={() => set({ id: r.id, page: filters.page })} data-testid="subject-card">
              <div className="care-card-top">
                <b>{r.name}</b> <span className="muted">{t('care.ageYears', { age: r.age })}</span>
                {kind === 'elderly' ? <TierTag tier={r.tier} /> : <CategoryTags categories={r.categories} />}
                {r.overdueTasks ? <Badge count={t('care.overdueCount', { n: r.overdueTasks })} /> : null}
              </div>
              <div className="muted">{r.regionName}</div>
              <div>{kind === 'elderly' ? r.reasons.join(t('care.punct.listSep')) : <>{r.guardianName ?? '—'} <GuardianshipTag value={r.guardianship} /></>}</div>
            </Card>
          ))}
          <Pagination simple current={filters.page} pageSize={filters.pageSize} total={list.data?.total ?? 0} onChange={(page) => set({ page })} />
        </div>
      ) : (
        <Table<CareSubjectItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={list.isFetching}
          onRow={(r) => ({ onClick: () => set({ id: r.id, page: filters.page }), style: { cursor: 'pointer' } })}
          pagination={{ current: filters.page, pageSize: filters.pageSize, total: list.data?.total ?? 0, showTotal: (total) => t('common.total', { total }), onChange: (page, pageSize) => set({ page, pageSize }) }}
          data-testid="subject-table"
        />
      )}
      <AddChildModal open={adding} onClose={() => setAdding(false)} onDone={(id) => { setAdding(false); void qc.invalidateQueries({ queryKey: careKeys.all }); set({ id }); }} />
      <SubjectDrawer id={opened} onClose={() => set({ id: undefined, page: filters.page })} />
    </div>
  );
}
