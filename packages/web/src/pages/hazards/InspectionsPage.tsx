import { Button, Card, Collapse, Drawer, Empty, List, Spin, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { INSPECTION_LIST, INSTITUTION_TYPE } from '@doudi/domain';
import type { InspectionView } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { hazardKeys, hazardsApi } from './hazardsApi';
import { HazardStatusTag } from './hazardsFormat';
import { usePhone } from '../../hooks/usePhone';
import './hazards.css';

function InspectionDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const isMobile = usePhone();
  const detail = useQuery({ queryKey: [...hazardKeys.all, 'inspection', id], queryFn: () => hazardsApi.inspection(id!), enabled: id !== null });
  const d = detail.data;
  return (
    <Drawer open={id !== null} onClose={onClose} width={isMobile ? '100%' : 640} title={d ? `${d.institutionName} · ${d.inspectedOn}` : t('common.loading')}>
      {!d ? <Spin /> : (
        <>
          <Typography.Paragraph>
            {t('hazards.inspection.inspectors')}{t('hazards.punct.colon')}{d.inspectors}<br />
            {t('hazards.inspection.result', { total: d.itemsTotal, failed: d.itemsFailed })}
            {d.note ? <><br />{d.note}</> : null}
          </Typography.Paragraph>
          <Collapse
            defaultActiveKey={INSPECTION_LIST.schema.options.filter((l) => d.items.some((i) => i.list === l && !i.passed))}
            items={INSPECTION_LIST.schema.options.map((list) => {
              const items = d.items.filter((i) => i.list === list);
              const failed = items.filter((i) => !i.passed).length;
              return {
                key: list,
                label: <span>{INSPECTION_LIST.labels[list]} {failed ? <Tag color="red">{t('hazards.inspection.failedCount', { n: failed })}</Tag> : <Tag color="green">{t('hazards.inspection.allPassed')}</Tag>}</span>,
                children: (
                  <List
                    size="small" dataSource={items}
                    renderItem={(i) => (
                      <List.Item>
                        <div style={{ width: '100%' }}>
                          {i.passed ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#ff4d4f" />} {i.label}
                          {i.note ? <div><Typography.Text type="secondary">{i.note}</Typography.Text></div> : null}
                          {i.hazardId ? (
                            <div><Link to={`/hazards/list/${i.hazardId}`}>{t('hazards.inspection.hazard', { id: i.hazardId })}</Link> {i.hazardStatus ? <HazardStatusTag status={i.hazardStatus} /> : null}</div>
                          ) : null}
                        </div>
                      </List.Item>
                    )}
                  />
                ),
              };
            })}
          />
        </>
      )}
    </Drawer>
  );
}

/** 机构安全检查: inspections of institutions with the 五个清单, and the hazards their failed items opened. */
export default function InspectionsPage() {
  const me = useMe();
  const { t } = useI18n();
  const isMobile = usePhone();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const open = Number(params.get('inspection')) || null;
  const setOpen = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('inspection', String(id));
    else next.delete('inspection');
    setParams(next, { replace: true });
  };
  const list = useQuery({ queryKey: [...hazardKeys.all, 'inspections', page], queryFn: () => hazardsApi.inspections({ page, pageSize: 20 }), placeholderData: keepPreviousData });
  const columns: TableColumnsType<InspectionView> = [
    { title: t('hazards.inspection.date'), dataIndex: 'inspectedOn', width: 110 },
    { title: t('hazards.inspection.institution'), key: 'inst', render: (_, r) => <a onClick={() => setOpen(r.id)} data-testid="inspection-link">{r.institutionName}</a> },
    { title: t('hazards.inspection.type'), dataIndex: 'institutionType', width: 120, render: (v: InspectionView['institutionType']) => INSTITUTION_TYPE.labels[v] },
    { title: t('hazards.field.region'), dataIndex: 'regionName', width: 120 },
    { title: t('hazards.inspection.inspectors'), dataIndex: 'inspectors' },
    {
      title: t('hazards.inspection.items'), key: 'items', width: 140,
      render: (_, r) => (r.itemsFailed ? <Tag color="red">{t('hazards.inspection.failedOf', { failed: r.itemsFailed, total: r.itemsTotal })}</Tag> : <Tag color="green">{t('hazards.inspection.allPassedOf', { total: r.itemsTotal })}</Tag>),
    },
  ];
  return (
    <Card
      title={t('hazards.inspection.title')}
      extra={hasPermission(me, 'hazards.write') ? (
        <Link to="/hazards/inspections/new"><Button type="primary" icon={<PlusOutlined />} data-testid="inspection-new">{t('hazards.inspection.new')}</Button></Link>
      ) : null}
    >
      {list.isLoading ? <Spin /> : !list.data?.items.length ? <Empty description={t('hazards.inspection.empty')} /> : isMobile ? (
        <List
          dataSource={list.data.items}
          pagination={{ current: page, pageSize: 20, total: list.data.total, simple: true, onChange: (p) => setParams({ page: String(p) }) }}
          renderItem={(r) => (
            <List.Item onClick={() => setOpen(r.id)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={<span>{r.institutionName} {r.itemsFailed ? <Tag color="red">{t('hazards.inspection.failedCount', { n: r.itemsFailed })}</Tag> : <Tag color="green">{t('hazards.inspection.allPassed')}</Tag>}</span>}
                description={`${r.inspectedOn} · ${r.inspectors}`}
              />
            </List.Item>
          )}
        />
      ) : (
        <Table rowKey="id" columns={columns} dataSource={list.data.items} size="middle"
          pagination={{ current: page, pageSize: 20, total: list.data.total, onChange: (p) => setParams({ page: String(p) }) }} />
      )}
      <InspectionDrawer id={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
