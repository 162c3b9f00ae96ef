import { Card, Col, Descriptions, Empty, Row, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ModuleKey, RegionNode } from '@doudi/domain';
import { LinkButton } from '../../components/LinkButton';
import { regionPathText } from '../../format';
import { moduleLabel, roleLabel, useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { MODULE_ICONS, modulePath, userModules } from '../../modules';
import { useHealth, useRegionChildren } from '../../queries';
import { hasModule, useMe } from '../../session';

function ModuleCard({ module, to }: { module: ModuleKey; to: string | null }) {
  const { t, lang } = useI18n();
  const body = (
    <Card
      hoverable={to !== null}
      className={to ? 'module-card' : 'module-card module-card-disabled'}
      aria-disabled={to === null}
      data-testid={`module-${module}`}
    >
      <div className="module-card-head">
        <span className="module-card-icon">{MODULE_ICONS[module]}</span>
        <span className="module-card-name">{moduleLabel(module, lang)}</span>
        {to ? null : <Tag className="module-card-tag">{t('common.underConstruction')}</Tag>}
      </div>
      <div className="module-card-desc">{t(`module.${module}.desc` as MessageKey)}</div>
    </Card>
  );
  return to ? (
    <Link to={to} className="module-card-link">
      {body}
    </Link>
  ) : (
    body
  );
}

function ChildRegions() {
  const me = useMe();
  const { t } = useI18n();
  const children = useRegionChildren(me.region.code);
  const health = useHealth();
  const items: RegionNode[] = children.data ?? [];
  const firstChild = items[0];
  const dataYear = health.data?.regions.dataYear;

  return (
    <Card
      title={t('home.childRegions')}
      extra={<LinkButton type="link" to={`/regions/${me.region.code}`}>{t('home.viewRegion')}</LinkButton>}
    >
      {children.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : items.length === 0 || !firstChild ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noChildRegions')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('home.childRegionsCount', { count: items.length, level: t(`level.plural.${firstChild.level}` as const) })}
          </Typography.Paragraph>
          <div className="region-tags" data-testid="home-child-regions">
            {items.map((region) => (
              <Link key={region.code} to={`/regions/${region.code}`} className="region-tag">
                {region.name}
              </Link>
            ))}
          </div>
        </>
      )}
      {dataYear ? (
        <Typography.Paragraph type="secondary" className="home-data-year">
          {t('home.dataYear', { year: dataYear })}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

/** 工作台: who I am, where I work, and what I can open. */
export function HomePage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { ready, comingSoon } = userModules(me);

  return (
    <div className="page">
      <Typography.Title level={3} className="page-title">
        {t('home.greeting', { name: me.displayName })}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={hasModule(me, 'regions') ? 12 : 24}>
          <Card title={t('home.myInfo')} className="home-info">
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'region',
                  label: t('home.region'),
                  children: (
                    <span data-testid="home-region-path" className="home-region-path">
                      {regionPathText(me.regionPath)}
                    </span>
                  ),
                },
                { key: 'code', label: t('home.regionCode'), children: <span className="mono">{me.region.code}</span> },
                { key: 'role', label: t('home.role'), children: roleLabel(me.role, lang) },
                { key: 'username', label: t('home.username'), children: me.username },
              ]}
            />
          </Card>
        </Col>
        {hasModule(me, 'regions') ? (
          <Col xs={24} lg={12}>
            <ChildRegions />
          </Col>
        ) : null}
      </Row>

      <Typography.Title level={4} className="section-title">
        {t('home.modules')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {[...ready, ...comingSoon].map((module) => (
          <Col key={module} xs={24} sm={12} lg={8} xl={6}>
            <ModuleCard module={module} to={modulePath(module, me)} />
          </Col>
        ))}
      </Row>
    </div>
  );
}
