import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import {
  ASSISTANCE_KIND,
  CATEGORY_KIND,
  CATEGORY_STATUS,
  CreateHouseholdRequest,
  HOUSING_NATURE,
  PERSON_CATEGORY,
  POVERTY_REASON,
  RELATION,
  URBAN_RURAL,
  UpdateHouseholdRequest,
  ageOn,
  fieldLabel,
  maskIdNumber,
  parseIdNumber,
  regionLevel,
  yuanToFen,
} from '@doudi/domain';
import type {
  AssistanceKind,
  CategoryKind,
  CategoryStatus,
  HouseholdView,
  HousingNature,
  PersonCategory,
  PovertyReason,
  UrbanRural,
} from '@doudi/domain';
import { api, isApiError } from '../../api';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { showError, showSuccess } from '../../feedback';
import { formatApiDate } from '../../format';
import { useI18n } from '../../i18n';
import { householdChanged, queryKeys, useHousehold } from '../../queries';
import { useMe } from '../../session';
import { NotFoundPage } from '../not-found/NotFoundPage';
import { MemberFormModal } from './MemberFormModal';
import type { MemberDraft, MemberFormMode } from './MemberFormModal';
import { GENDER_LABELS, fenToYuan, fieldPath, optionsOf, todayInBeijing, yuan } from './registryFormat';
import { RegionPicker } from './RegionPicker';
import './registry.css';

interface CategoryRow {
  kind?: CategoryKind;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  status?: CategoryStatus;
}

interface FormValues {
  regionCode?: string;
  urbanRural?: UrbanRural;
  hukouAddress?: string;
  residenceAddress?: string;
  povertyReasons?: PovertyReason[];
  assistanceKinds?: AssistanceKind[];
  assistanceAmounts?: Partial<Record<AssistanceKind, number | null>>;
  personCategories?: PersonCategory[];
  categories?: CategoryRow[];
  cashDeposits?: number | null;
  housing?: { area?: number | null; nature?: HousingNature; address?: string }[];
  vehicles?: { type?: string; use?: string }[];
  otherAssets?: string;
  needs?: string;
  surveyedBy?: string;
  surveyedOn?: Dayjs | null;
}

/** The household fields as the API takes them (money in fen, dates as YYYY-MM-DD, lists in the form's order). */
function toFields(v: FormValues) {
  const ordered = <T extends string>(options: readonly { value: T }[], chosen: readonly T[] | undefined) =>
    options.map((o) => o.value).filter((value) => chosen?.includes(value));
  const kinds = ordered(optionsOf(ASSISTANCE_KIND), v.assistanceKinds);
  return {
    regionCode: v.regionCode ?? '',
    urbanRural: v.urbanRural ?? 'rural',
    hukouAddress: (v.hukouAddress ?? '').trim(),
    residenceAddress: (v.residenceAddress ?? '').trim(),
    povertyReasons: ordered(optionsOf(POVERTY_REASON), v.povertyReasons),
    categories: (v.categories ?? []).map((c) => ({
      kind: c.kind as CategoryKind,
      startDate: c.startDate ? formatApiDate(c.startDate) : '',
      endDate: c.endDate ? formatApiDate(c.endDate) : null,
      status: c.status ?? 'active',
    })),
    assistance: kinds.map((kind) => ({ kind, yearlyAmount: yuanToFen(v.assistanceAmounts?.[kind] ?? 0) })),
    personCategories: ordered(optionsOf(PERSON_CATEGORY), v.personCategories),
    cashDeposits: yuanToFen(v.cashDeposits ?? 0),
    housing: (v.housing ?? []).map((h) => ({ area: h.area ?? 0, nature: h.nature as HousingNature, address: (h.address ?? '').trim() })),
    vehicles: (v.vehicles ?? []).map((x) => ({ type: (x.type ?? '').trim(), use: (x.use ?? '').trim() })),
    otherAssets: (v.otherAssets ?? '').trim(),
    needs: (v.needs ?? '').trim(),
    surveyedBy: (v.surveyedBy ?? '').trim(),
    surveyedOn: v.surveyedOn ? formatApiDate(v.surveyedOn) : null,
  };
}
type HouseholdFields = ReturnType<typeof toFields>;

function fromHousehold(h: HouseholdView): FormValues {
  return {
    regionCode: h.regionCode,
    urbanRural: h.urbanRural,
    hukouAddress: h.hukouAddress,
    residenceAddress: h.residenceAddress,
    povertyReasons: h.povertyReasons,
    assistanceKinds: h.assistance.map((a) => a.kind),
    assistanceAmounts: Object.fromEntries(h.assistance.map((a) => [a.kind, fenToYuan(a.yearlyAmount)])),
    personCategories: h.personCategories,
    categories: h.categories.map((c) => ({
      kind: c.kind,
      startDate: dayjs(c.startDate),
      endDate: c.endDate ? dayjs(c.endDate) : null,
      status: c.status,
    })),
    cashDeposits: fenToYuan(h.cashDeposits),
    housing: h.housing.map((x) => ({ area: x.area, nature: x.nature, address: x.address })),
    vehicles: h.vehicles.map((x) => ({ type: x.type, use: x.use })),
    otherAssets: h.otherAssets,
    needs: h.needs,
    surveyedBy: h.surveyedBy,
    surveyedOn: h.surveyedOn ? dayjs(h.surveyedOn) : null,
  };
}

/** What the user changed (nothing → no request). */
function changedFields(next: HouseholdFields, h: HouseholdView): Partial<HouseholdFields> {
  const before = toFields(fromHousehold(h));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof HouseholdFields)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) out[key] = next[key];
  }
  return out as Partial<HouseholdFields>;
}

type Issue = { path: readonly PropertyKey[]; message: string };

function SectionTitle({ children }: { children: string }) {
  return <div className="form-section-title">{children}</div>;
}

function MembersSection({
  members,
  errors,
  onChange,
}: {
  members: MemberDraft[];
  errors: Record<number, string>;
  onChange: (members: MemberDraft[]) => void;
}) {
  const { t } = useI18n();
  const [modal, setModal] = useState<{ index: number | null } | null>(null);
  const today = todayInBeijing();

  const columns: TableColumnsType<MemberDraft & { index: number }> = [
    { title: t('registry.member.name'), dataIndex: 'name', width: 90 },
    { title: t('registry.member.relationShort'), dataIndex: 'relation', width: 90, render: (r: MemberDraft['relation']) => RELATION.labels[r] },
    {
      title: t('registry.member.idNumber'),
      dataIndex: 'idNumber',
      width: 200,
      render: (id: string, m) => (
        <div>
          <span className="mono nowrap">{maskIdNumber(id)}</span>
          {errors[m.index] ? (
            <div className="ant-form-item-explain-error" data-testid="member-error">
              {errors[m.index]}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('registry.member.genderAge'),
      key: 'ga',
      width: 90,
      render: (_, m) => {
        const r = parseIdNumber(m.idNumber);
        return r.ok ? `${GENDER_LABELS[r.value.gender]} · ${ageOn(r.value.birthDate, today)}岁` : '—';
      },
    },
    {
      title: t('registry.member.yearlyIncomeYuan'),
      dataIndex: 'yearlyIncome',
      width: 110,
      align: 'right',
      render: (fen: number | undefined) => <span className="mono">{yuan(fen ?? 0)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, m) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setModal({ index: m.index })}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" danger onClick={() => onChange(members.filter((_x, i) => i !== m.index))}>
            {t('registry.form.delete')}
          </Button>
        </Space>
      ),
    },
  ];

  const editing = modal?.index ?? null;
  const mode: MemberFormMode | null = modal
    ? {
        kind: 'draft',
        initial: editing === null ? undefined : members[editing],
        headTaken: members.some((m, i) => m.relation === 'head' && i !== editing),
        onSave: (member) => onChange(editing === null ? [...members, member] : members.map((m, i) => (i === editing ? member : m))),
      }
    : null;

  return (
    <div data-testid="form-members">
      <ResponsiveTable<MemberDraft & { index: number }>
        size="small"
        rowKey="index"
        cardTestId="form-member-row"
        columns={columns}
        dataSource={members.map((m, index) => ({ ...m, index }))}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.form.noMembers')} /> }}
        onRow={() => ({ 'data-testid': 'form-member-row' }) as HTMLAttributes<HTMLElement>}
      />
      <Button
        type="dashed"
        block
        icon={<PlusOutlined />}
        onClick={() => setModal({ index: null })}
        style={{ marginTop: 8 }}
        data-testid="form-member-add"
      >
        {members.length === 0 ? t('registry.form.addHead') : t('registry.member.add')}
      </Button>
      {mode ? <MemberFormModal mode={mode} onClose={() => setModal(null)} /> : null}
    </div>
  );
}

function HouseholdForm({ household }: { household: HouseholdView | null }) {
  const me = useMe();
  const { t } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [members, setMembers] = useState<MemberDraft[]>([]);
  const [memberErrors, setMemberErrors] = useState<Record<number, string>>({});
  const [membersMessage, setMembersMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(household?.version ?? 0);
  const assistanceKinds = Form.useWatch('assistanceKinds', form) ?? [];
  const editing = household !== null;

  const initial: FormValues = household
    ? fromHousehold(household)
    : {
        regionCode: me.region.level === 5 ? me.region.code : undefined,
        urbanRural: 'rural',
        povertyReasons: [],
        assistanceKinds: [],
        personCategories: [],
        categories: [],
        housing: [],
        vehicles: [],
        surveyedBy: me.displayName,
        surveyedOn: dayjs(),
      };

  /** Puts each problem on its field (list rows included); member problems go to the members table. */
  const showIssues = (issues: readonly Issue[], kinds: readonly AssistanceKind[]) => {
    const fields: { name: (string | number)[]; errors: string[] }[] = [];
    const byMember: Record<number, string> = {};
    let membersText: string | null = null;
    for (const issue of issues) {
      const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
      if (path[0] === 'members') {
        if (typeof path[1] === 'number') {
          byMember[path[1]] ??= `${fieldLabel(path.join('.'))}：${issue.message}`;
        } else membersText ??= issue.message;
        continue;
      }
      if (path[0] === 'assistance' && typeof path[1] === 'number') {
        const kind = kinds[path[1]];
        if (kind) fields.push({ name: ['assistanceAmounts', kind], errors: [issue.message] });
        continue;
      }
      if (path.length === 0) continue;
      if (!fields.some((f) => f.name.join('.') === path.join('.'))) fields.push({ name: path, errors: [issue.message] });
    }
    form.setFields(fields as Parameters<typeof form.setFields>[0]);
    setMemberErrors(byMember);
    setMembersMessage(membersText ?? (Object.keys(byMember).length > 0 ? t('registry.form.memberProblems') : null));
    if (fields[0]) form.scrollToField(fields[0].name);
    else if (membersText || Object.keys(byMember).length > 0) document.querySelector('[data-testid="form-members"]')?.scrollIntoView({ block: 'center' });
  };

  const onServerError = (error: unknown, kinds: readonly AssistanceKind[]) => {
    if (editing && isApiError(error, 409) && (!error.field || error.field === 'version') && household) {
      // Someone else saved this household since the form was opened: load theirs, say so, keep nothing stale.
      void queryClient.fetchQuery({ queryKey: queryKeys.household(household.id), queryFn: () => api.household(household.id), staleTime: 0 }).then((fresh) => {
        form.resetFields();
        form.setFieldsValue(fromHousehold(fresh));
        setVersion(fresh.version);
        modal.warning({
          title: t('registry.form.staleTitle'),
          content: t('registry.form.staleContent', { version: fresh.version }),
          okText: t('common.confirm'),
        });
      }, showError);
      return;
    }
    if (isApiError(error) && error.field) {
      const prefix = `${fieldLabel(error.field)}：`;
      const text = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
      showIssues([{ path: fieldPath(error.field), message: text }], kinds);
      if (!error.field.startsWith('members') && !form.getFieldInstance(fieldPath(error.field))) showError(error);
      return;
    }
    showError(error);
  };

  const create = useMutation({
    mutationFn: (body: CreateHouseholdRequest) => api.createHousehold(body),
    meta: { form: true },
    onSuccess: (h) => {
      householdChanged(queryClient, h);
      showSuccess(t('registry.form.created', { name: h.headName }));
      void navigate(`/registry/households/${h.id}`, { replace: true });
    },
  });
  const update = useMutation({
    mutationFn: (body: UpdateHouseholdRequest) => api.updateHousehold(household?.id ?? 0, body),
    meta: { form: true },
    onSuccess: (h) => {
      householdChanged(queryClient, h);
      showSuccess(t('registry.form.saved'));
      void navigate(`/registry/households/${h.id}`);
    },
  });

  const onFinish = (values: FormValues) => {
    const fields = toFields(values);
    const kinds = fields.assistance.map((a) => a.kind);
    setMemberErrors({});
    setMembersMessage(null);
    if (!editing) {
      const body: CreateHouseholdRequest = { ...fields, members };
      const parsed = CreateHouseholdRequest.safeParse(body);
      if (!parsed.success) {
        showIssues(parsed.error.issues, kinds);
        return;
      }
      create.mutate(body, { onError: (e) => onServerError(e, kinds) });
      return;
    }
    if (!household) return;
    const changes = changedFields(fields, household);
    if (Object.keys(changes).length === 0) {
      void navigate(`/registry/households/${household.id}`);
      return;
    }
    // All household fields are sent once anything changed: the server records only what differs, and a field left out
    // would be filled with its schema default (zod 4 applies .default() inside .partial()).
    const body: UpdateHouseholdRequest = { ...fields, version };
    const parsed = UpdateHouseholdRequest.safeParse(body);
    if (!parsed.success) {
      showIssues(parsed.error.issues, kinds);
      return;
    }
    update.mutate(body, { onError: (e) => onServerError(e, kinds) });
  };

  const half = { xs: 24, md: 12 } as const;
  const cancelTo = household ? `/registry/households/${household.id}` : '/registry';

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={onFinish}
      onFinishFailed={({ errorFields }) => {
        const first = errorFields[0];
        if (first) form.scrollToField(first.name);
      }}
      className="household-form"
      data-testid="household-form"
      scrollToFirstError
    >
      <Card size="small">
        <SectionTitle>{t('registry.form.sectionBasic')}</SectionTitle>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item
              name="regionCode"
              label={t('registry.household.village')}
              rules={[
                { required: true, message: t('registry.form.villageRequired') },
                {
                  validator: async (_rule, value: string | undefined) => {
                    if (value && regionLevel(value) !== 5) throw new Error(t('registry.form.villageLevel'));
                  },
                },
              ]}
            >
              <RegionPicker
                root={me.region}
                minLevel={5}
                placeholder={t('registry.form.villagePlaceholder')}
                style={{ width: '100%' }}
                data-testid="form-region"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="urbanRural" label={t('registry.household.urbanRural')} rules={[{ required: true }]}>
              <Radio.Group options={URBAN_RURAL.options} optionType="button" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="hukouAddress"
              label={t('registry.household.hukouAddress')}
              rules={[{ required: true, whitespace: true, message: t('registry.form.hukouRequired') }]}
            >
              <Input maxLength={200} data-testid="form-hukou" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="residenceAddress"
              label={
                <Space size={8}>
                  {t('registry.household.residenceAddress')}
                  <Button
                    type="link"
                    size="small"
                    className="inline-link"
                    onClick={() => form.setFieldValue('residenceAddress', form.getFieldValue('hukouAddress'))}
                  >
                    {t('registry.form.sameAsHukou')}
                  </Button>
                </Space>
              }
              rules={[{ required: true, whitespace: true, message: t('registry.form.residenceRequired') }]}
            >
              <Input maxLength={200} data-testid="form-residence" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      {editing ? null : (
        <Card size="small">
          <SectionTitle>{t('registry.form.sectionMembers')}</SectionTitle>
          <Typography.Paragraph type="secondary" className="form-hint">
            {t('registry.form.membersHint')}
          </Typography.Paragraph>
          {membersMessage ? <Alert type="error" showIcon title={membersMessage} style={{ marginBottom: 8 }} data-testid="members-error" /> : null}
          <MembersSection
            members={members}
            errors={memberErrors}
            onChange={(next) => {
              setMembers(next);
              setMemberErrors({});
              setMembersMessage(null);
            }}
          />
        </Card>
      )}

      <Card size="small">
        <SectionTitle>{t('registry.household.povertyReasons')}</SectionTitle>
        <Form.Item name="povertyReasons" className="form-item-flush">
          <Checkbox.Group options={optionsOf(POVERTY_REASON)} data-testid="form-poverty-reasons" />
        </Form.Item>

        <SectionTitle>{t('registry.household.assistance')}</SectionTitle>
        <Form.Item name="assistanceKinds" className="form-item-flush">
          <Checkbox.Group options={optionsOf(ASSISTANCE_KIND)} />
        </Form.Item>
        {assistanceKinds.length > 0 ? (
          <Row gutter={16} className="assistance-amounts">
            {optionsOf(ASSISTANCE_KIND)
              .filter((o) => assistanceKinds.includes(o.value))
              .map((o) => (
                <Col key={o.value} xs={24} sm={12} lg={8}>
                  <Form.Item name={['assistanceAmounts', o.value]} label={t('registry.form.yearlyAmountOf', { kind: o.label })}>
                    <InputNumber min={0} precision={2} step={100} style={{ width: '100%' }} suffix="元" />
                  </Form.Item>
                </Col>
              ))}
          </Row>
        ) : null}

        <SectionTitle>{t('registry.household.personCategories')}</SectionTitle>
        <Form.Item name="personCategories" className="form-item-flush">
          <Checkbox.Group options={optionsOf(PERSON_CATEGORY)} />
        </Form.Item>
      </Card>

      <Card size="small">
        <SectionTitle>{t('registry.household.categories')}</SectionTitle>
        <Form.List name="categories">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Row key={row.key} gutter={8} className="list-row" align="top">
                  <Col xs={24} sm={8} lg={6}>
                    <Form.Item name={[row.name, 'kind']} label={t('registry.category.kind')} rules={[{ required: true, message: t('registry.form.categoryRequired') }]}>
                      <Select options={CATEGORY_KIND.options} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={5} lg={5}>
                    <Form.Item name={[row.name, 'startDate']} label={t('registry.category.start')} rules={[{ required: true, message: t('registry.form.startRequired') }]}>
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={5} lg={5}>
                    <Form.Item name={[row.name, 'endDate']} label={t('registry.category.end')}>
                      <DatePicker style={{ width: '100%' }} placeholder={t('policy.openEnded')} />
                    </Form.Item>
                  </Col>
                  <Col xs={18} sm={4} lg={5}>
                    <Form.Item name={[row.name, 'status']} label={t('registry.category.status')}>
                      <Select options={CATEGORY_STATUS.options} />
                    </Form.Item>
                  </Col>
                  <Col xs={6} sm={2} lg={3} className="list-row-remove">
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('registry.form.delete')} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ status: 'active', startDate: dayjs() })}>
                {t('registry.form.addCategory')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>

      <Card size="small">
        <SectionTitle>{t('registry.form.sectionAssets')}</SectionTitle>
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="cashDeposits" label={t('registry.household.cashDepositsYuan')}>
              <InputNumber min={0} precision={2} step={1000} style={{ width: '100%' }} suffix="元" />
            </Form.Item>
          </Col>
        </Row>
        <div className="form-subtitle">{t('registry.household.housing')}</div>
        <Form.List name="housing">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Row key={row.key} gutter={8} className="list-row" align="top">
                  <Col xs={12} sm={6}>
                    <Form.Item name={[row.name, 'area']} label={t('registry.household.area')} rules={[{ required: true, message: t('registry.form.areaRequired') }]}>
                      <InputNumber min={0} precision={2} style={{ width: '100%' }} suffix="㎡" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={5}>
                    <Form.Item name={[row.name, 'nature']} label={t('registry.household.nature')} rules={[{ required: true, message: t('registry.form.natureRequired') }]}>
                      <Select options={HOUSING_NATURE.options} />
                    </Form.Item>
                  </Col>
                  <Col xs={18} sm={11}>
                    <Form.Item name={[row.name, 'address']} label={t('registry.household.houseAddress')}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={6} sm={2} className="list-row-remove">
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('registry.form.delete')} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ nature: 'own' })}>
                {t('registry.form.addHousing')}
              </Button>
            </>
          )}
        </Form.List>
        <div className="form-subtitle">{t('registry.household.vehicles')}</div>
        <Form.List name="vehicles">
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Row key={row.key} gutter={8} className="list-row" align="top">
                  <Col xs={12} sm={8}>
                    <Form.Item name={[row.name, 'type']} label={t('registry.household.vehicleType')} rules={[{ required: true, whitespace: true, message: t('registry.form.vehicleTypeRequired') }]}>
                      <Input maxLength={50} placeholder={t('registry.form.vehicleTypePlaceholder')} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={14}>
                    <Form.Item name={[row.name, 'use']} label={t('registry.household.vehicleUse')}>
                      <Input maxLength={50} placeholder={t('registry.form.vehicleUsePlaceholder')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={2} className="list-row-remove">
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('registry.form.delete')} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('registry.form.addVehicle')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="otherAssets" label={t('registry.household.otherAssets')} style={{ marginTop: 16 }}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Card>

      <Card size="small">
        <Form.Item name="needs" label={<span className="form-section-title inline">{t('registry.household.needs')}</span>}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="form-needs" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="surveyedBy" label={t('registry.household.surveyedBy')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="surveyedOn" label={t('registry.household.surveyedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <div className="form-actions">
        <Button onClick={() => void navigate(cancelTo)}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={create.isPending || update.isPending} data-testid="household-submit">
          {editing ? t('common.save') : t('registry.form.createSubmit')}
        </Button>
      </div>
    </Form>
  );
}

/** 新增家庭 / 编辑家庭: the survey form 附件2 as one page. */
export default function HouseholdFormPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const editing = id !== undefined;
  const householdId = id && /^\d+$/.test(id) ? Number(id) : NaN;
  const household = useHousehold(householdId, editing && Number.isSafeInteger(householdId));

  if (editing && (!Number.isSafeInteger(householdId) || isApiError(household.error, 404))) return <NotFoundPage />;
  const title = editing
    ? t('registry.form.editTitle', { name: household.data?.headName ?? '' })
    : t('registry.form.createTitle');

  return (
    <div className="page registry-page">
      <Breadcrumb
        className="region-breadcrumb"
        items={[
          { key: 'registry', title: <Link to="/registry">{t('registry.title')}</Link> },
          ...(editing && household.data
            ? [{ key: 'h', title: <Link to={`/registry/households/${householdId}`}>{t('registry.household.headOf', { name: household.data.headName })}</Link> }]
            : []),
          { key: 'form', title: editing ? t('common.edit') : t('registry.list.create') },
        ]}
      />
      <div className="page-head">
        <Typography.Title level={3} className="page-title">
          {title}
        </Typography.Title>
        <Typography.Text type="secondary">{t('registry.form.paperNote')}</Typography.Text>
      </div>
      {editing ? (
        household.data ? (
          <HouseholdForm key={household.data.id} household={household.data} />
        ) : household.error ? (
          <Alert type="error" showIcon title={household.error.message} />
        ) : (
          <Skeleton active paragraph={{ rows: 10 }} />
        )
      ) : (
        <HouseholdForm household={null} />
      )}
    </div>
  );
}
