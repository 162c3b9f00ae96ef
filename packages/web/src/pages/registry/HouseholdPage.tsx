import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { DescriptionsProps, TableColumnsType } from 'antd';
import { EditOutlined, EyeOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import {
  ASSISTANCE_KIND,
  CATEGORY_KIND,
  CATEGORY_STATUS,
  HEALTH,
  HOUSING_NATURE,
  MEMBER_TAG,
  PERSON_CATEGORY,
  POVERTY_REASON,
  RELATION,
  SELF_CARE,
  URBAN_RURAL,
  WORK_ABILITY,
} from '@doudi/domain';
import type { HouseholdCategory, HouseholdView, MemberView } from '@doudi/domain';
import { isApiError } from '../../api';
import { LinkButton } from '../../components/LinkButton';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { formatDateTime, regionPathText } from '../../format';
import { useI18n } from '../../i18n';
import { useHousehold } from '../../queries';
import { hasPermission, useMe } from '../../session';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { HouseholdMonitoringSection } from '../monitoring/HouseholdMonitoringSection';
import { HouseholdVisitsSection } from '../visits/HouseholdVisitsSection';
import { BoxList } from './BoxList';
import { HistoryTimeline } from './HistoryTimeline';
import { MemberFormModal } from './MemberFormModal';
import type { MemberFormMode } from './MemberFormModal';
import { RemoveMemberModal } from './RemoveMemberModal';
import { RevealMemberModal } from './RevealMemberModal';
import type { RevealField } from './RevealMemberModal';
import {
  CATEGORY_COLORS,
  GENDER_LABELS,
  INCOME_BAND_COLORS,
  MEDICAL_SHORT,
  PENSION_SHORT,
  disabilityText,
  incomeBandLabel,
  optionsOf,
  yuan,
} from './registryFormat';
import { usePhone } from '../../hooks/usePhone';
import './registry.css';

function Money({ fen, unit = '元' }: { fen: number; unit?: string }) {
  return (
    <span className="nowrap">
      <span className="mono">{yuan(fen)}</span> {unit}
    </span>
  );
}

/** 收入情况: the household's income per head against the 低保 standard and the edge line in force for its village. */
function IncomeCard({ household: h }: { household: HouseholdView }) {
  const { t } = useI18n();
  const isMobile = usePhone();
  const standard = h.standard;
  const multiplier = h.multiplier;
  const edge = standard && multiplier ? Math.round(standard.value * multiplier.value) : null;

  const items: DescriptionsProps['items'] = [
    {
      key: 'standard',
      label: t('registry.income.standard'),
      children: standard ? (
        <div className="standard-used">
          <Space size={8} wrap>
            <Money fen={standard.value} unit={t('registry.income.perMonth')} />
            {standard.demo ? <Tag color="orange">{t('policy.demo')}</Tag> : null}
          </Space>
          <div className="standard-source">
            {t('registry.income.standardSource', {
              label: standard.label,
              region: standard.regionName,
              from: standard.validFrom,
              source: standard.source,
            })}
          </div>
        </div>
      ) : (
        <Typography.Text type="warning">{t('registry.income.noStandard')}</Typography.Text>
      ),
    },
    {
      key: 'edge',
      label: t('registry.income.edge'),
      children:
        edge !== null && multiplier ? (
          <div className="standard-used">
            <Space size={8} wrap>
              <Money fen={edge} unit={t('registry.income.perMonth')} />
              <span className="standard-source">
                {t('registry.income.edgeFormula', { multiplier: multiplier.value, standard: yuan(standard?.value ?? 0) })}
              </span>
              {multiplier.demo ? <Tag color="orange">{t('policy.demo')}</Tag> : null}
            </Space>
            <div className="standard-source">
              {t('registry.income.standardSource', {
                label: multiplier.label,
                region: multiplier.regionName,
                from: multiplier.validFrom,
                source: multiplier.source,
              })}
            </div>
          </div>
        ) : (
          '—'
        ),
    },
    {
      key: 'summary',
      label: t('registry.income.summaryTable'),
      children: h.summaryTable ? (
        <Space size={8} wrap>
          <Tag color={h.summaryTable.included ? 'blue' : 'default'}>
            {h.summaryTable.included ? t('registry.income.included') : t('registry.income.notIncluded')}
          </Tag>
          <span data-testid="summary-table-text">{h.summaryTable.text}</span>
        </Space>
      ) : (
        '—'
      ),
    },
  ];

  return (
    <Card title={t('registry.income.title')} size="small" data-testid="household-income">
      <div className="income-figures">
        <div className="income-figure">
          <div className="income-figure-label">{t('registry.income.yearly')}</div>
          <div className="income-figure-value">
            <Money fen={h.yearlyIncome} />
          </div>
        </div>
        <div className="income-figure">
          <div className="income-figure-label">{t('registry.income.members')}</div>
          <div className="income-figure-value">{t('registry.income.persons', { count: h.memberCount })}</div>
        </div>
        <div className="income-figure income-figure-main">
          <div className="income-figure-label">{t('registry.income.monthlyPerHead')}</div>
          <div className="income-figure-value" data-testid="income-per-head">
            <Money fen={h.monthlyIncomePerHead} />
          </div>
          {h.incomeBand ? (
            <Tag color={INCOME_BAND_COLORS[h.incomeBand]} data-testid="income-band">
              {incomeBandLabel(h.incomeBand)}
            </Tag>
          ) : null}
        </div>
      </div>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={items}
        layout={isMobile ? 'vertical' : 'horizontal'}
        styles={{ label: isMobile ? {} : { width: 130, whiteSpace: 'nowrap' } }}
      />
    </Card>
  );
}

type CategoryRow = HouseholdCategory & { key: string };

/** 保障类别 with their periods: a table on a desktop, a card per category on a phone (four columns do not fit). */
function CategoryTable({ categories }: { categories: readonly HouseholdCategory[] }) {
  const { t } = useI18n();
  if (categories.length === 0) return <Typography.Text type="secondary">{t('registry.household.noCategories')}</Typography.Text>;
  return (
    <ResponsiveTable<CategoryRow>
      data-testid="household-categories"
      cardTestId="household-category-card"
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={categories.map((c) => ({ ...c, key: `${c.kind}-${c.startDate}` }))}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          title: t('registry.category.kind'),
          dataIndex: 'kind',
          render: (kind: HouseholdCategory['kind']) => <Tag color={CATEGORY_COLORS[kind]}>{CATEGORY_KIND.labels[kind]}</Tag>,
        },
        { title: t('registry.category.start'), dataIndex: 'startDate', render: (d: string) => <span className="mono">{d}</span> },
        {
          title: t('registry.category.end'),
          dataIndex: 'endDate',
          render: (d: string | null) => (d ? <span className="mono">{d}</span> : t('policy.openEnded')),
        },
        {
          title: t('registry.category.status'),
          dataIndex: 'status',
          render: (s: HouseholdCategory['status']) => (
            <Tag color={s === 'active' ? 'green' : s === 'suspended' ? 'orange' : 'default'}>{CATEGORY_STATUS.labels[s]}</Tag>
          ),
        },
      ]}
    />
  );
}

/** The survey form 附件2 on screen: the same sections in the same order as on paper. */
function SurveyCard({ household: h }: { household: HouseholdView }) {
  const { t } = useI18n();
  const isMobile = usePhone();
  const assistanceAmount = new Map(h.assistance.map((a) => [a.kind, a.yearlyAmount]));
  const assistanceTotal = h.assistance.reduce((sum, a) => sum + a.yearlyAmount, 0);
  const items: DescriptionsProps['items'] = [
    { key: 'hukou', label: t('registry.household.hukouAddress'), children: h.hukouAddress },
    { key: 'residence', label: t('registry.household.residenceAddress'), children: h.residenceAddress },
    {
      key: 'reasons',
      label: t('registry.household.povertyReasons'),
      span: 'filled',
      children: <BoxList options={optionsOf(POVERTY_REASON)} checked={h.povertyReasons} />,
    },
    {
      key: 'assistance',
      label: t('registry.household.assistance'),
      span: 'filled',
      children: (
        <div>
          <BoxList
            options={optionsOf(ASSISTANCE_KIND)}
            checked={h.assistance.map((a) => a.kind)}
            extra={(kind) => <span className="box-extra">（{yuan(assistanceAmount.get(kind) ?? 0)} 元/年）</span>}
          />
          <div className="box-total">
            {t('registry.household.assistanceTotal')}：<Money fen={assistanceTotal} />
          </div>
        </div>
      ),
    },
    {
      key: 'personCategories',
      label: t('registry.household.personCategories'),
      span: 'filled',
      children: <BoxList options={optionsOf(PERSON_CATEGORY)} checked={h.personCategories} />,
    },
    { key: 'cash', label: t('registry.household.cashDeposits'), children: <Money fen={h.cashDeposits} /> },
    { key: 'other', label: t('registry.household.otherAssets'), children: h.otherAssets || '—' },
    {
      key: 'housing',
      label: t('registry.household.housing'),
      span: 'filled',
      children:
        h.housing.length === 0 ? (
          t('common.none')
        ) : (
          <ul className="plain-list">
            {h.housing.map((house, i) => (
              <li key={i}>
                {t('registry.household.housingLine', { area: house.area, nature: HOUSING_NATURE.labels[house.nature] })}
                {house.address ? ` · ${house.address}` : ''}
              </li>
            ))}
          </ul>
        ),
    },
    {
      key: 'vehicles',
      label: t('registry.household.vehicles'),
      span: 'filled',
      children:
        h.vehicles.length === 0 ? (
          t('common.none')
        ) : (
          <ul className="plain-list">
            {h.vehicles.map((v, i) => (
              <li key={i}>
                {v.type}
                {v.use ? `（${t('registry.household.vehicleUse')}：${v.use}）` : ''}
              </li>
            ))}
          </ul>
        ),
    },
    { key: 'needs', label: t('registry.household.needs'), span: 'filled', children: h.needs || '—' },
    {
      key: 'survey',
      label: t('registry.household.survey'),
      span: 'filled',
      children: h.surveyedBy || h.surveyedOn ? `${h.surveyedBy || '—'}${h.surveyedOn ? ` · ${h.surveyedOn}` : ''}` : '—',
    },
  ];
  return (
    <Card title={t('registry.household.surveyTitle')} size="small" data-testid="household-survey">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 1, md: 2 }}
        items={items}
        layout={isMobile ? 'vertical' : 'horizontal'}
        styles={{ label: isMobile ? {} : { width: 136, whiteSpace: 'nowrap' } }}
      />
      <Typography.Title level={5} className="subsection-title">
        {t('registry.household.categories')}
      </Typography.Title>
      <CategoryTable categories={h.categories} />
    </Card>
  );
}

function MembersCard({ household: h }: { household: HouseholdView }) {
  const me = useMe();
  const { t } = useI18n();
  const canWrite = hasPermission(me, 'registry.write');
  const canReveal = hasPermission(me, 'personal.reveal');
  const isMobile = usePhone();
  const [modal, setModal] = useState<MemberFormMode | null>(null);
  const [removing, setRemoving] = useState<MemberView | null>(null);
  const [revealing, setRevealing] = useState<{ member: MemberView; field: RevealField } | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string>>({});

  const masked = (m: MemberView, field: RevealField, value: string | null) => {
    if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
    const full = revealed[`${m.id}:${field}`];
    return (
      <Space size={2} wrap={false} className="nowrap">
        <span className="mono" data-testid={`${field === 'idNumber' ? 'member-id' : 'member-phone'}-${m.id}`}>
          {full ?? value}
        </span>
        {canReveal && !full ? (
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setRevealing({ member: m, field })}
            data-testid={`reveal-${field}-${m.id}`}
          >
            {t('users.reveal')}
          </Button>
        ) : null}
      </Space>
    );
  };

  const columns: TableColumnsType<MemberView> = [
    {
      title: t('registry.member.name'),
      dataIndex: 'name',
      fixed: isMobile ? undefined : 'left',
      width: 90,
      render: (name: string) => <span className="nowrap member-name">{name}</span>,
    },
    {
      title: t('registry.member.relationShort'),
      dataIndex: 'relation',
      width: 70,
      render: (r: MemberView['relation']) => <span className="nowrap">{RELATION.labels[r]}</span>,
    },
    { title: t('registry.member.idNumber'), key: 'id', width: 230, render: (_, m) => masked(m, 'idNumber', m.idNumberMasked) },
    { title: t('registry.member.gender'), dataIndex: 'gender', width: 50, render: (g: MemberView['gender']) => GENDER_LABELS[g] },
    { title: t('registry.member.age'), dataIndex: 'age', width: 50, align: 'right' },
    { title: t('registry.member.health'), dataIndex: 'health', width: 70, render: (v: MemberView['health']) => HEALTH.labels[v] },
    { title: t('registry.member.disability'), key: 'disability', width: 100, render: (_, m) => disabilityText(m) },
    {
      title: t('registry.member.workAbility'),
      dataIndex: 'workAbility',
      width: 130,
      render: (v: MemberView['workAbility']) => WORK_ABILITY.labels[v],
    },
    { title: t('registry.member.selfCareShort'), dataIndex: 'selfCare', width: 70, render: (v: MemberView['selfCare']) => SELF_CARE.labels[v] },
    { title: t('registry.member.schoolOrEmployer'), dataIndex: 'schoolOrEmployer', width: 140, render: (v: string) => v || '—' },
    {
      title: t('registry.member.yearlyIncomeYuan'),
      dataIndex: 'yearlyIncome',
      width: 110,
      align: 'right',
      render: (fen: number) => <span className="mono">{yuan(fen)}</span>,
    },
    {
      title: t('registry.member.pensionYuan'),
      dataIndex: 'pension',
      width: 100,
      align: 'right',
      render: (fen: number) => <span className="mono">{yuan(fen)}</span>,
    },
    {
      title: t('registry.member.insurance'),
      key: 'insurance',
      width: 150,
      render: (_, m) => (
        <span className="nowrap">
          {PENSION_SHORT[m.pensionInsurance]} / {MEDICAL_SHORT[m.medicalInsurance]}
        </span>
      ),
    },
    { title: t('registry.member.phone'), key: 'phone', width: 170, render: (_, m) => masked(m, 'phone', m.phoneMasked) },
    {
      title: t('registry.member.tags'),
      dataIndex: 'tags',
      width: 160,
      render: (tags: MemberView['tags']) =>
        tags.length === 0 ? '—' : (
          <span className="tag-wrap">
            {tags.map((tag) => (
              <Tag key={tag}>{MEMBER_TAG.labels[tag]}</Tag>
            ))}
          </span>
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: isMobile ? undefined : 'right',
      width: 110,
      render: (_, m) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            onClick={() => setModal({ kind: 'edit', household: h, member: m })}
            data-testid={`member-edit-${m.id}`}
          >
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" danger onClick={() => setRemoving(m)} data-testid={`member-remove-${m.id}`}>
            {t('registry.member.remove')}
          </Button>
        </Space>
      ),
    });
  }

  return (
    <Card
      title={t('registry.household.members', { count: h.members.length })}
      size="small"
      extra={
        canWrite ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setModal({ kind: 'add', household: h })} data-testid="member-add">
            {t('registry.member.add')}
          </Button>
        ) : null
      }
      styles={{ body: { padding: 0 } }}
    >
      {isMobile ? (
        <div className="member-cards" data-testid="member-table">
          {h.members.map((m) => (
            <div key={m.id} className="member-card" data-testid="member-row" data-member-id={m.id}>
              <div className="member-card-top">
                <span className="member-name">{m.name}</span>
                <span className="secondary-text">
                  {RELATION.labels[m.relation]} · {GENDER_LABELS[m.gender]} · {t('registry.member.ageYears', { age: m.age })}
                </span>
              </div>
              <dl className="member-card-facts">
                <dt>{t('registry.member.idNumber')}</dt>
                <dd>{masked(m, 'idNumber', m.idNumberMasked)}</dd>
                <dt>{t('registry.member.health')}</dt>
                <dd>
                  {HEALTH.labels[m.health]}
                  {m.disabilityType ? ` · ${disabilityText(m)}` : ''} · {WORK_ABILITY.labels[m.workAbility]} · {SELF_CARE.labels[m.selfCare]}
                </dd>
                <dt>{t('registry.member.yearlyIncomeYuan')}</dt>
                <dd>
                  <span className="mono">{yuan(m.yearlyIncome)}</span>
                  {m.pension ? (
                    <span className="secondary-text">
                      {' '}
                      （{t('registry.member.pensionYuan')} <span className="mono">{yuan(m.pension)}</span>）
                    </span>
                  ) : null}
                </dd>
                {m.schoolOrEmployer ? (
                  <>
                    <dt>{t('registry.member.schoolOrEmployer')}</dt>
                    <dd>{m.schoolOrEmployer}</dd>
                  </>
                ) : null}
                <dt>{t('registry.member.insurance')}</dt>
                <dd>
                  {PENSION_SHORT[m.pensionInsurance]} / {MEDICAL_SHORT[m.medicalInsurance]}
                </dd>
                {m.phoneMasked ? (
                  <>
                    <dt>{t('registry.member.phone')}</dt>
                    <dd>{masked(m, 'phone', m.phoneMasked)}</dd>
                  </>
                ) : null}
              </dl>
              {m.tags.length > 0 ? (
                <div className="tag-wrap">
                  {m.tags.map((tag) => (
                    <Tag key={tag}>{MEMBER_TAG.labels[tag]}</Tag>
                  ))}
                </div>
              ) : null}
              {canWrite ? (
                <div className="member-card-actions">
                  <Button size="small" onClick={() => setModal({ kind: 'edit', household: h, member: m })} data-testid={`member-edit-${m.id}`}>
                    {t('common.edit')}
                  </Button>
                  <Button size="small" danger onClick={() => setRemoving(m)} data-testid={`member-remove-${m.id}`}>
                    {t('registry.member.remove')}
                  </Button>
                </div>
              ) : null}
            </div>
          ))}
        </div>
      ) : (
        <Table<MemberView>
          data-testid="member-table"
          className="member-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={h.members}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(m) => ({ 'data-testid': 'member-row', 'data-member-id': m.id }) as HTMLAttributes<HTMLElement>}
        />
      )}
      {modal ? <MemberFormModal mode={modal} onClose={() => setModal(null)} /> : null}
      {removing ? <RemoveMemberModal member={removing} onClose={() => setRemoving(null)} /> : null}
      {revealing ? (
        <RevealMemberModal
          member={revealing.member}
          field={revealing.field}
          onRevealed={(value) => setRevealed((prev) => ({ ...prev, [`${revealing.member.id}:${revealing.field}`]: value }))}
          onClose={() => setRevealing(null)}
        />
      ) : null}
    </Card>
  );
}

function HouseholdDetail({ household: h }: { household: HouseholdView }) {
  const me = useMe();
  const { t } = useI18n();
  const canWrite = hasPermission(me, 'registry.write');
  const active = new Set(h.activeCategories);

  return (
    <>
      <Breadcrumb
        className="region-breadcrumb"
        items={[{ key: 'registry', title: <Link to="/registry">{t('registry.title')}</Link> }, { key: 'h', title: t('registry.household.headOf', { name: h.headName }) }]}
      />
      <Card size="small" data-testid="household-header">
        <div className="page-head">
          <Space size={8} wrap align="center">
            <Typography.Title level={3} className="page-title" data-testid="household-head-name">
              {t('registry.household.headOf', { name: h.headName })}
            </Typography.Title>
            <Tag>{URBAN_RURAL.labels[h.urbanRural]}</Tag>
            {[...active].map((kind) => (
              <Tag key={kind} color={CATEGORY_COLORS[kind]}>
                {CATEGORY_KIND.labels[kind]}
              </Tag>
            ))}
          </Space>
          <Space wrap>
            {canWrite ? (
              <LinkButton icon={<EditOutlined />} to={`/registry/households/${h.id}/edit`} data-testid="household-edit">
                {t('common.edit')}
              </LinkButton>
            ) : null}
            <LinkButton icon={<PrinterOutlined />} to={`/registry/households/${h.id}/print`} data-testid="household-print">
              {t('registry.household.print')}
            </LinkButton>
          </Space>
        </div>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          style={{ marginTop: 12 }}
          items={[
            { key: 'region', label: t('registry.household.region'), span: { xs: 1, sm: 2, lg: 2 }, children: regionPathText(h.regionPath) },
            { key: 'version', label: t('registry.household.version'), children: <span data-testid="household-version">{t('registry.household.versionText', { version: h.version })}</span> },
            { key: 'updated', label: t('registry.household.updatedAt'), children: <span className="mono">{formatDateTime(h.updatedAt)}</span> },
          ]}
        />
      </Card>
      <IncomeCard household={h} />
      <MembersCard household={h} />
      <SurveyCard household={h} />
      <HouseholdMonitoringSection household={h} />
      <HouseholdVisitsSection household={h} />
      <Card title={t('registry.history.title')} size="small">
        <HistoryTimeline householdId={h.id} />
      </Card>
    </>
  );
}

/** 家庭详情: one household of the registry as on the survey form, its members, income and history. */
export default function HouseholdPage() {
  const { id = '' } = useParams();
  const householdId = /^\d+$/.test(id) ? Number(id) : NaN;
  const valid = Number.isSafeInteger(householdId) && householdId > 0;
  const household = useHousehold(householdId, valid);
  const { t } = useI18n();

  if (!valid || isApiError(household.error, 404)) return <NotFoundPage />;
  return (
    <div className="page registry-page">
      {household.data ? (
        <HouseholdDetail household={household.data} />
      ) : household.error ? (
        <Alert type="error" showIcon title={household.error.message} />
      ) : household.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Empty description={t('error.notFound')} />
      )}
    </div>
  );
}

