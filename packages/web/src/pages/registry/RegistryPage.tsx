import { useMemo, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Button, Card, Col, Input, Row, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import {
  CopyOutlined,
  DownloadOutlined,
  PlusOutlined,
  SwapOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import {
  CATEGORY_KIND,
  CategoryKind,
  INCOME_BAND_LABELS,
  MEMBER_TAG,
  MemberTag,
  POVERTY_REASON,
  PovertyReason,
  RegionCode,
  URBAN_RURAL,
  UrbanRural,
  regionContains,
} from '@doudi/domain';
import type { HouseholdListItem, IncomeBand } from '@doudi/domain';
import { api, downloads } from '../../api';
import type { HouseholdListQuery } from '../../api';
import { LinkButton } from '../../components/LinkButton';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';
import { hasPermission, useMe } from '../../session';
import { CATEGORY_COLORS, yuan } from './registryFormat';
import { RegionPicker } from './RegionPicker';
import { usePhone } from '../../hooks/usePhone';
import './registry.css';
import { CardsOrTable, FiltersToggle } from '../../components/CardsOrTable';

type Filters = Omit<HouseholdListQuery, 'page' | 'pageSize'>;

const INCOME_BANDS: IncomeBand[] = ['below_standard', 'marginal', 'above'];
const PAGE_SIZES = [10, 20, 50, 100];

function pick<T>(schema: { safeParse(v: unknown): { success: boolean; data?: T } }, value: string | null): T | undefined {
  if (value === null) return undefined;
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** The filters and page live in the address, so going back from a household returns to the same list. */
function useListParams() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const regionCode = params.get('regionCode');
  const filters: Filters = {
    regionCode: regionCode && RegionCode.safeParse(regionCode).success && regionContains(me.region.code, regionCode) ? regionCode : undefined,
    q: params.get('q')?.trim() || undefined,
    category: pick(CategoryKind, params.get('category')),
    tag: pick(MemberTag, params.get('tag')),
    povertyReason: pick(PovertyReason, params.get('povertyReason')),
    incomeBand: INCOME_BANDS.find((b) => b === params.get('incomeBand')),
    urbanRural: pick(UrbanRural, params.get('urbanRural')),
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sizeParam = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : 20;

  const update = (next: Partial<Filters & { page: number; pageSize: number }>) => {
    const merged: Record<string, string | number | undefined> = { ...filters, page, pageSize, ...next };
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(merged)) {
      if (value === undefined || value === '') continue;
      if (key === 'page' && value === 1) continue;
      if (key === 'pageSize' && value === 20) continue;
      search.set(key, String(value));
    }
    setParams(search, { replace: true });
  };
  return { filters, page, pageSize, update };
}

function CategoryTags({ kinds }: { kinds: readonly CategoryKind[] }) {
  if (kinds.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span className="tag-wrap">
      {kinds.map((kind) => (
        <Tag key={kind} color={CATEGORY_COLORS[kind]}>
          {CATEGORY_KIND.labels[kind]}
        </Tag>
      ))}
    </span>
  );
}

function HeadCell({ item }: { item: HouseholdListItem }) {
  const { t } = useI18n();
  return (
    <div className="head-cell">
      <Link to={`/registry/households/${item.id}`} className="head-link" data-testid="household-link">
        {item.headName}
      </Link>
      {item.matchedMember ? (
        <div className="matched-member" data-testid="matched-member">
          {t('registry.list.matched', { name: item.matchedMember })}
        </div>
      ) : null}
    </div>
  );
}

/** On a phone each household is a card: the numbers a worker needs at the door, one tap to open it. */
function HouseholdCards({ items }: { items: HouseholdListItem[] }) {
  const { t } = useI18n();
  return (
    <div className="household-cards" data-testid="registry-cards">
      {items.map((item) => (
        <Link key={item.id} to={`/registry/households/${item.id}`} className="household-card" data-testid="registry-card">
          <div className="household-card-top">
            <span className="household-card-name">{item.headName}</span>
            <span className="household-card-region">{item.regionName}</span>
          </div>
          {item.matchedMember ? (
            <div className="matched-member">{t('registry.list.matched', { name: item.matchedMember })}</div>
          ) : null}
          <div className="household-card-facts">
            <span>{t('registry.income.persons', { count: item.memberCount })}</span>
            <span>
              {t('registry.list.perHeadShort')} <span className="mono">{yuan(item.monthlyIncomePerHead)}</span> 元
            </span>
          </div>
          <CategoryTags kinds={item.categories} />
        </Link>
      ))}
    </div>
  );
}

/** 低收入人口: the households of the registry inside the jurisdiction, searchable by name, pinyin, ID number or phone. */
export default function RegistryPage() {
  const me = useMe();
  const { t } = useI18n();
  const isMobile = usePhone();
  const { filters, page, pageSize, update } = useListParams();
  const canWrite = hasPermission(me, 'registry.write');
  const canExport = hasPermission(me, 'registry.export');
  const canExportAll = hasPermission(me, 'registry.export_all');
  // On a phone the filters fold away behind one button so the list starts on the first screen.
  const [showFilters, setShowFilters] = useState(false);
  const activeFilters = [filters.regionCode, filters.category, filters.tag, filters.povertyReason, filters.incomeBand, filters.urbanRural].filter(
    (v) => v !== undefined,
  ).length;

  const households = useQuery({
    queryKey: [...queryKeys.households, 'list', filters, page, pageSize],
    queryFn: () => api.households({ ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<HouseholdListItem> = useMemo(
    () => [
      { title: t('registry.list.head'), key: 'head', width: 140, render: (_, item) => <HeadCell item={item} /> },
      {
        title: t('registry.list.headId'),
        dataIndex: 'headIdNumberMasked',
        width: 170,
        render: (v: string) => <span className="mono nowrap">{v}</span>,
      },
      { title: t('registry.list.village'), dataIndex: 'regionName', width: 140 },
      { title: t('registry.list.members'), dataIndex: 'memberCount', width: 64, align: 'right' },
      {
        title: t('registry.list.perHead'),
        dataIndex: 'monthlyIncomePerHead',
        width: 120,
        align: 'right',
        render: (fen: number) => <span className="mono">{yuan(fen)}</span>,
      },
      {
        title: t('registry.list.categories'),
        dataIndex: 'categories',
        width: 160,
        render: (kinds: CategoryKind[]) => <CategoryTags kinds={kinds} />,
      },
      {
        title: t('registry.list.updatedAt'),
        dataIndex: 'updatedAt',
        width: 150,
        render: (at: string) => <span className="mono nowrap">{formatDateTime(at).slice(0, 16)}</span>,
      },
    ],
    [t],
  );

  const total = households.data?.total ?? 0;
  const items = households.data?.items ?? [];
  const pagination = {
    current: page,
    pageSize,
    total,
    showSizeChanger: !isMobile,
    pageSizeOptions: PAGE_SIZES,
    showTotal: (n: number) => t('registry.list.total', { total: n }),
    onChange: (nextPage: number, nextSize: number) => update({ page: nextSize === pageSize ? nextPage : 1, pageSize: nextSize }),
  };

  return (
    <div className="page registry-page">
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {t('registry.title')}
        </Typography.Title>
        <Space wrap>
          {canWrite ? (
            <LinkButton type="primary" icon={<PlusOutlined />} to="/registry/new" data-testid="registry-create">
              {t('registry.list.create')}
            </LinkButton>
          ) : null}
          {canWrite ? (
            <LinkButton icon={<UploadOutlined />} to="/registry/import" data-testid="registry-import">
              {t('registry.list.import')}
            </LinkButton>
          ) : null}
          {canExport ? (
            <Button icon={<DownloadOutlined />} href={downloads.summaryTable(filters.regionCode)} data-testid="registry-export-summary">
              {t('registry.list.exportSummary')}
            </Button>
          ) : null}
          {canExportAll ? (
            <Button icon={<DownloadOutlined />} href={downloads.registryCsv(filters.regionCode)} data-testid="registry-export-csv">
              {t('registry.list.exportCsv')}
            </Button>
          ) : null}
          <LinkButton icon={<CopyOutlined />} to="/registry/duplicates" data-testid="registry-duplicates">
            {t('registry.duplicates.title')}
          </LinkButton>
          <LinkButton icon={<SwapOutlined />} to="/registry/transfers" data-testid="registry-transfers">
            {t('registry.transfers.title')}
          </LinkButton>
        </Space>
      </div>
      <Card size="small" className="filter-card">
        <Row gutter={[12, 12]}>
          <Col xs={isMobile ? 18 : 24} lg={12}>
            <Input.Search
              key={filters.q ?? ''}
              defaultValue={filters.q}
              allowClear
              enterButton={t('common.search')}
              placeholder={t(isMobile ? 'registry.list.searchPlaceholderShort' : 'registry.list.searchPlaceholder')}
              onSearch={(value) => update({ q: value.trim() || undefined, page: 1 })}
              data-testid="registry-search"
            />
          </Col>
          {isMobile ? (
            <Col xs={6}>
              <FiltersToggle count={activeFilters} onToggle={() => setShowFilters((v) => !v)} testId="registry-filters-toggle" />
            </Col>
          ) : null}
          {isMobile && !showFilters ? null : (
            <>
              <Col xs={24} sm={12} lg={12}>
                <RegionPicker
                  root={me.region}
                  value={filters.regionCode}
                  placeholder={t('registry.list.regionPlaceholder')}
                  style={{ width: '100%' }}
                  onChange={(code) => update({ regionCode: code === me.region.code ? undefined : code, page: 1 })}
                  data-testid="registry-region"
                />
              </Col>
              <Col xs={12} sm={12} lg={5}>
                <Select
                  allowClear
                  value={filters.category}
                  placeholder={t('registry.list.category')}
                  style={{ width: '100%' }}
                  options={CATEGORY_KIND.options}
                  onChange={(category) => update({ category, page: 1 })}
                  data-testid="registry-filter-category"
                />
              </Col>
              <Col xs={12} sm={12} lg={5}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  value={filters.tag}
                  placeholder={t('registry.list.tag')}
                  style={{ width: '100%' }}
                  options={MEMBER_TAG.options}
                  onChange={(tag) => update({ tag, page: 1 })}
                  data-testid="registry-filter-tag"
                />
              </Col>
              <Col xs={12} sm={12} lg={5}>
                <Select
                  allowClear
                  value={filters.povertyReason}
                  placeholder={t('registry.list.povertyReason')}
                  style={{ width: '100%' }}
                  options={POVERTY_REASON.options}
                  onChange={(povertyReason) => update({ povertyReason, page: 1 })}
                  data-testid="registry-filter-reason"
                />
              </Col>
              <Col xs={12} sm={12} lg={5}>
                <Select
                  allowClear
                  value={filters.incomeBand}
                  placeholder={t('registry.list.incomeBand')}
                  style={{ width: '100%' }}
                  options={INCOME_BANDS.map((b) => ({ value: b, label: INCOME_BAND_LABELS[b] }))}
                  onChange={(incomeBand) => update({ incomeBand, page: 1 })}
                  popupMatchSelectWidth={false}
                  data-testid="registry-filter-income"
                />
              </Col>
              <Col xs={12} sm={12} lg={4}>
                <Select
                  allowClear
                  value={filters.urbanRural}
                  placeholder={t('registry.list.urbanRural')}
                  style={{ width: '100%' }}
                  options={URBAN_RURAL.options}
                  onChange={(urbanRural) => update({ urbanRural, page: 1 })}
                  data-testid="registry-filter-urban"
                />
              </Col>
            </>
          )}
        </Row>
      </Card>
      <CardsOrTable<HouseholdListItem>
        phone={isMobile} items={items} total={total} fetching={households.isFetching} pending={households.isPending}
        empty={t('registry.list.empty')} pagination={pagination} cards={<HouseholdCards items={items} />}
        table={{
          'data-testid': 'registry-table', columns,
          onRow: (item) => ({ 'data-testid': 'registry-row', 'data-household-id': item.id }) as HTMLAttributes<HTMLElement>,
        }}
      />
    </div>
  );
}
