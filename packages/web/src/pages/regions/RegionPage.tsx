import { useRef } from 'react';
import { Breadcrumb, Card, Col, Descriptions, Row, Skeleton, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { RegionCode, regionContains } from '@doudi/domain';
import type { RegionNode } from '@doudi/domain';
import { isApiError } from '../../api';
import { RegionCascader } from '../../components/RegionCascader';
import { RegionSearch } from '../../components/RegionSearch';
import { levelLabel, useI18n } from '../../i18n';
import { useRegion, useRegionChildren } from '../../queries';
import { useMe } from '../../session';
import { NotFoundPage } from '../not-found/NotFoundPage';

/** Cascader and search box that take the user to any region in their jurisdiction. */
function RegionNavigator() {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  // With changeOnSelect the cascader reports every level clicked; go there when the user closes it or reaches a leaf.
  const pending = useRef<string | undefined>(undefined);

  return (
    <Card size="small" className="region-navigator">
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <RegionCascader
            key={me.region.code}
            root={me.region}
            placeholder={t('regions.cascaderPlaceholder')}
            allowClear={false}
            style={{ width: '100%' }}
            data-testid="region-cascader"
            onChange={(code, region) => {
              pending.current = code;
              if (code && region?.level === 5) {
                pending.current = undefined;
                void navigate(`/regions/${code}`);
              }
            }}
            onOpenChange={(open) => {
              if (!open && pending.current) {
                const code = pending.current;
                pending.current = undefined;
                void navigate(`/regions/${code}`);
              }
            }}
          />
        </Col>
        <Col xs={24} md={12}>
          <RegionSearch style={{ width: '100%' }} onSelect={(hit) => void navigate(`/regions/${hit.code}`)} />
        </Col>
      </Row>
    </Card>
  );
}

function RegionDetail({ code }: { code: string }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const detail = useRegion(code);
  const children = useRegionChildren(code);

  if (isApiError(detail.error, 404) || isApiError(children.error, 404)) return <NotFoundPage />;

  if (!detail.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  const { region, path } = detail.data;

  const columns: TableColumnsType<RegionNode> = [
    {
      title: t('regions.name'),
      dataIndex: 'name',
      render: (name: string, row) => <Link to={`/regions/${row.code}`}>{name}</Link>,
    },
    { title: t('regions.code'), dataIndex: 'code', render: (value: string) => <span className="mono">{value}</span> },
    {
      title: t('regions.level'),
      dataIndex: 'level',
      responsive: ['sm'],
      render: (level: RegionNode['level']) => levelLabel(level, lang),
    },
  ];

  const items = children.data ?? [];

  return (
    <>
      <Breadcrumb
        className="region-breadcrumb"
        data-testid="region-breadcrumb"
        items={path.map((item, index) => {
          const isCurrent = index === path.length - 1;
          const inJurisdiction = regionContains(me.region.code, item.code);
          return {
            key: item.code,
            title:
              isCurrent || !inJurisdiction ? (
                <span
                  className={inJurisdiction ? undefined : 'region-breadcrumb-outside'}
                  title={inJurisdiction ? undefined : t('regions.outside')}
                >
                  {item.name}
                </span>
              ) : (
                <Link to={`/regions/${item.code}`}>{item.name}</Link>
              ),
          };
        })}
      />
      <Card className="region-card">
        <Typography.Title level={3} className="page-title" data-testid="region-name">
          {region.name}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 3 }}
          items={[
            { key: 'code', label: t('regions.code'), children: <span className="mono">{region.code}</span> },
            { key: 'level', label: t('regions.level'), children: levelLabel(region.level, lang) },
            {
              key: 'children',
              label: t('regions.childCount'),
              children: children.data ? items.length : region.hasChildren ? '…' : 0,
            },
          ]}
        />
      </Card>
      <Card title={t('regions.children')} className="region-children-card" styles={{ body: { padding: 0 } }}>
        <Table<RegionNode>
          data-testid="region-children"
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={children.isPending && region.hasChildren}
          locale={{ emptyText: t('regions.noChildren') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        />
      </Card>
    </>
  );
}

/** 行政区划: one region, its place in the hierarchy and its children. */
export default function RegionPage() {
  const { code = '' } = useParams();
  const valid = RegionCode.safeParse(code).success;

  return (
    <div className="page">
      <RegionNavigator />
      {valid ? <RegionDetail key={code} code={code} /> : <NotFoundPage />}
    </div>
  );
}
