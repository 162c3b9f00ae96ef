import { useState } from 'react';
import { Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  DISABILITY_GRADE_LABELS,
  DISABILITY_TYPE,
  HEALTH,
  MEDICAL_INSURANCE,
  MEMBER_TAG,
  MemberInput,
  MemberUpdate,
  PENSION_INSURANCE,
  Phone,
  RELATION,
  SELF_CARE,
  WORK_ABILITY,
  parseIdNumber,
  yuanToFen,
} from '@doudi/domain';
import type {
  DisabilityType,
  Health,
  HouseholdView,
  MedicalInsurance,
  MemberTag,
  MemberView,
  PensionInsurance,
  PersonCheckResult,
  Relation,
  SelfCare,
  WorkAbility,
} from '@doudi/domain';
import { api, isApiError } from '../../api';
import { showError, showFormError, showSuccess, showWarning } from '../../feedback';
import { schemaRule } from '../../forms';
import { useI18n } from '../../i18n';
import { householdChanged, queryKeys } from '../../queries';
import { PersonCheckPanel } from './PersonCheckPanel';
import type { DerivedPerson } from './PersonCheckPanel';
import { fenToYuan } from './registryFormat';
import { TransferRequestModal } from './TransferRequestModal';

/** A member typed into the new-household form, kept in the page until the household is saved. */
export type MemberDraft = MemberInput;

export type MemberFormMode =
  | { kind: 'draft'; initial?: MemberDraft; headTaken: boolean; onSave: (member: MemberDraft) => void }
  | { kind: 'add'; household: HouseholdView }
  | { kind: 'edit'; household: HouseholdView; member: MemberView };

interface Values {
  name?: string;
  relation?: Relation;
  idNumber?: string;
  health?: Health;
  disabilityType?: DisabilityType | null;
  disabilityGrade?: number | null;
  workAbility?: WorkAbility;
  selfCare?: SelfCare;
  schoolOrEmployer?: string;
  yearlyIncome?: number | null;
  pension?: number | null;
  pensionInsurance?: PensionInsurance;
  medicalInsurance?: MedicalInsurance;
  phone?: string;
  clearPhone?: boolean;
  tags?: MemberTag[];
}

const FIELDS = [
  'name', 'relation', 'idNumber', 'health', 'disabilityType', 'disabilityGrade', 'workAbility', 'selfCare',
  'schoolOrEmployer', 'yearlyIncome', 'pension', 'pensionInsurance', 'medicalInsurance', 'phone', 'tags',
] as const;

const DEFAULTS: Values = {
  health: 'healthy',
  disabilityType: null,
  disabilityGrade: null,
  workAbility: 'full',
  selfCare: 'independent',
  schoolOrEmployer: '',
  pensionInsurance: 'none',
  medicalInsurance: 'resident',
  tags: [],
};

function initialValues(mode: MemberFormMode): Values {
  if (mode.kind === 'edit') {
    const m = mode.member;
    return {
      name: m.name, relation: m.relation, health: m.health, disabilityType: m.disabilityType, disabilityGrade: m.disabilityGrade,
      workAbility: m.workAbility, selfCare: m.selfCare, schoolOrEmployer: m.schoolOrEmployer,
      yearlyIncome: fenToYuan(m.yearlyIncome), pension: fenToYuan(m.pension), pensionInsurance: m.pensionInsurance,
      medicalInsurance: m.medicalInsurance, tags: m.tags,
    };
  }
  if (mode.kind === 'draft' && mode.initial) {
    const m = mode.initial;
    return {
      ...DEFAULTS,
      name: m.name, relation: m.relation, idNumber: m.idNumber, health: m.health, disabilityType: m.disabilityType,
      disabilityGrade: m.disabilityGrade, workAbility: m.workAbility, selfCare: m.selfCare, schoolOrEmployer: m.schoolOrEmployer,
      yearlyIncome: fenToYuan(m.yearlyIncome), pension: fenToYuan(m.pension), pensionInsurance: m.pensionInsurance,
      medicalInsurance: m.medicalInsurance, phone: m.phone ?? undefined, tags: m.tags,
    };
  }
  return { ...DEFAULTS, relation: mode.kind === 'draft' && !mode.headTaken ? 'head' : undefined };
}

function derive(idNumber: string | undefined): DerivedPerson | null {
  if (!idNumber) return null;
  const r = parseIdNumber(idNumber);
  return r.ok ? { gender: r.value.gender, birthDate: r.value.birthDate } : null;
}

/** The common member fields as the API takes them (money in fen). */
function memberFields(v: Values) {
  return {
    name: (v.name ?? '').trim(),
    relation: v.relation as Relation,
    health: v.health ?? 'healthy',
    disabilityType: v.disabilityType ?? null,
    disabilityGrade: v.disabilityGrade ?? null,
    workAbility: v.workAbility ?? 'full',
    selfCare: v.selfCare ?? 'independent',
    schoolOrEmployer: (v.schoolOrEmployer ?? '').trim(),
    yearlyIncome: yuanToFen(v.yearlyIncome ?? 0),
    pension: yuanToFen(v.pension ?? 0),
    pensionInsurance: v.pensionInsurance ?? 'none',
    medicalInsurance: v.medicalInsurance ?? 'resident',
    tags: v.tags ?? [],
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/**
 * 添加成员 / 编辑成员: one member of the survey form's 家庭成员基本信息, with the ID number checked when the field is
 * left. Used by the new-household form (kept locally until the household is saved) and by the household page.
 */
export function MemberFormModal({ mode, onClose }: { mode: MemberFormMode; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [derived, setDerived] = useState<DerivedPerson | null>(() => derive(initialValues(mode).idNumber));
  const [check, setCheck] = useState<{ idNumber: string; result: PersonCheckResult } | null>(null);
  const [transferring, setTransferring] = useState(false);
  const clearPhone = Form.useWatch('clearPhone', form);
  const household = mode.kind === 'draft' ? null : mode.household;
  const member = mode.kind === 'edit' ? mode.member : null;
  // A new household needs exactly one head. In an existing one, choosing 户主 for another member makes the current
  // head "其他" (the server does it and says so in the history); the head's own relation cannot be changed directly.
  const headTaken = mode.kind === 'draft' && mode.headTaken;
  const isHead = member?.relation === 'head';
  const currentHead = household?.members.find((m) => m.relation === 'head' && m.id !== member?.id) ?? null;
  const relation = Form.useWatch('relation', form);

  const personCheck = useMutation({
    mutationFn: (idNumber: string) => api.checkPerson({ idNumber }),
    meta: { form: true },
    onSuccess: (result, idNumber) => setCheck({ idNumber, result }),
    // The check is a help, not a gate: if it fails the server checks again on save.
    onError: () => setCheck(null),
  });

  const onIdBlur = () => {
    const raw = (form.getFieldValue('idNumber') as string | undefined)?.trim() ?? '';
    const info = raw ? parseIdNumber(raw) : null;
    setDerived(info?.ok ? { gender: info.value.gender, birthDate: info.value.birthDate } : null);
    if (!info?.ok) {
      setCheck(null);
      return;
    }
    if (check?.idNumber === info.value.idNumber) return;
    personCheck.mutate(info.value.idNumber);
  };

  const onSaved = (h: HouseholdView, text: string) => {
    householdChanged(queryClient, h);
    showSuccess(text);
    onClose();
  };

  const onSaveError = (error: unknown) => {
    if (isApiError(error, 409) && (!error.field || error.field === 'version')) {
      // Someone else changed this member or household since it was opened.
      showWarning(error.message || t('registry.stale'));
      if (household) void queryClient.invalidateQueries({ queryKey: queryKeys.household(household.id) });
      onClose();
      return;
    }
    if (isApiError(error, 409) && error.details && typeof error.details === 'object' && 'status' in error.details) {
      const result = error.details as PersonCheckResult;
      const idNumber = (form.getFieldValue('idNumber') as string | undefined)?.trim().toUpperCase() ?? '';
      setCheck({ idNumber, result });
    }
    showFormError(form, error, FIELDS, { 'members.0.idNumber': 'idNumber' });
  };

  const add = useMutation({
    mutationFn: (body: MemberInput) => api.addMember(household?.id ?? 0, body),
    meta: { form: true },
    onSuccess: (h) => onSaved(h, t('registry.member.added')),
    onError: onSaveError,
  });
  const update = useMutation({
    mutationFn: (body: MemberUpdate) => api.updateMember(member?.id ?? 0, body),
    meta: { form: true },
    onSuccess: (h) => onSaved(h, t('registry.member.saved')),
    onError: onSaveError,
  });

  /** Puts the domain schema's first message for each field on that field; true when there was none. */
  const applyIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): boolean => {
    if (issues.length === 0) return true;
    const byField = new Map<string, string>();
    for (const issue of issues) {
      const name = String(issue.path[0] ?? 'name');
      if (!byField.has(name)) byField.set(name, issue.message);
    }
    const known = [...byField].filter(([name]) => (FIELDS as readonly string[]).includes(name));
    form.setFields(known.map(([name, message]) => ({ name: name as keyof Values, errors: [message] })));
    if (known[0]) form.scrollToField(known[0][0]);
    else showError(new Error([...byField.values()][0]));
    return false;
  };

  const onFinish = (v: Values) => {
    const phone = v.phone?.trim() || null;
    if (mode.kind !== 'edit') {
      const body: MemberInput = { ...memberFields(v), idNumber: (v.idNumber ?? '').trim(), phone };
      const parsed = MemberInput.safeParse(body);
      if (!applyIssues(parsed.success ? [] : parsed.error.issues)) return;
      if (mode.kind === 'draft') {
        mode.onSave({ ...body, idNumber: body.idNumber.toUpperCase() });
        onClose();
      } else {
        add.mutate(body);
      }
      return;
    }
    if (!member) return;
    const next = memberFields(v);
    const idNumber = v.idNumber?.trim();
    const changed =
      next.name !== member.name ||
      next.relation !== member.relation ||
      next.health !== member.health ||
      next.disabilityType !== member.disabilityType ||
      next.disabilityGrade !== member.disabilityGrade ||
      next.workAbility !== member.workAbility ||
      next.selfCare !== member.selfCare ||
      next.schoolOrEmployer !== member.schoolOrEmployer ||
      next.yearlyIncome !== member.yearlyIncome ||
      next.pension !== member.pension ||
      next.pensionInsurance !== member.pensionInsurance ||
      next.medicalInsurance !== member.medicalInsurance ||
      !sameList(next.tags, member.tags) ||
      Boolean(idNumber) ||
      Boolean(v.clearPhone) ||
      Boolean(phone);
    if (!changed) {
      onClose();
      return;
    }
    // Every ordinary field is sent, changed or not: the server records only what differs, and a field left out would
    // be filled with its schema default (zod 4 applies .default() inside .partial()). The protected fields are sent
    // only when the user typed a new value.
    const body: MemberUpdate = { ...next, version: member.version };
    if (idNumber) body.idNumber = idNumber.toUpperCase();
    if (v.clearPhone) body.phone = null;
    else if (phone) body.phone = phone;
    const parsed = MemberUpdate.safeParse(body);
    if (!applyIssues(parsed.success ? [] : parsed.error.issues)) return;
    update.mutate(body);
  };

  const title =
    mode.kind === 'edit'
      ? t('registry.member.editTitle', { name: mode.member.name })
      : household
        ? t('registry.member.addTo', { name: household.headName })
        : t('registry.member.add');

  const registeredElsewhere =
    check && check.result.status !== 'free' && !(member && check.result.member?.id === member.id) ? check.result : null;

  const col = { xs: 24, sm: 12 } as const;
  return (
    <>
      <Modal
        open
        width={760}
        title={title}
        okText={t('common.save')}
        onOk={() => form.submit()}
        onCancel={onClose}
        confirmLoading={add.isPending || update.isPending}
        mask={{ closable: false }}
        okButtonProps={{ 'data-testid': 'member-submit' } as Record<string, string>}
      >
        <Form<Values> form={form} layout="vertical" initialValues={initialValues(mode)} onFinish={onFinish} data-testid="member-form">
          <Row gutter={16}>
            <Col {...col}>
              <Form.Item name="name" label={t('registry.member.name')} rules={[{ required: true, whitespace: true, message: t('registry.member.nameRequired') }]}>
                <Input maxLength={50} autoComplete="off" data-testid="member-name" />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item
                name="relation"
                label={t('registry.member.relation')}
                rules={[{ required: true, message: t('registry.member.relationRequired') }]}
                extra={
                  isHead
                    ? t('registry.member.headFixed')
                    : relation === 'head' && currentHead
                      ? t('registry.member.headChange', { name: currentHead.name })
                      : undefined
                }
              >
                <Select
                  data-testid="member-relation"
                  disabled={isHead}
                  options={RELATION.options.map((o) => ({ ...o, disabled: o.value === 'head' && headTaken }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name="idNumber"
                label={t('registry.member.idNumber')}
                extra={
                  <>
                    {member ? <div>{t('registry.member.idKeep', { masked: member.idNumberMasked })}</div> : null}
                    <PersonCheckPanel
                      derived={derived}
                      result={registeredElsewhere ?? (check?.result.status === 'free' ? check.result : null)}
                      checking={personCheck.isPending}
                      onTransfer={household && registeredElsewhere ? () => setTransferring(true) : undefined}
                      transferHint={!household && registeredElsewhere ? t('registry.transfer.afterCreate') : undefined}
                    />
                  </>
                }
                rules={[
                  ...(member ? [] : [{ required: true, whitespace: true, message: t('registry.member.idRequired') }]),
                  {
                    validator: async (_rule, value: string | undefined) => {
                      if (!value?.trim()) return;
                      const r = parseIdNumber(value);
                      if (!r.ok) throw new Error(r.message);
                    },
                  },
                ]}
              >
                <Input
                  maxLength={18}
                  autoComplete="off"
                  className="mono"
                  placeholder={member ? t('registry.member.idKeepPlaceholder') : t('registry.member.idPlaceholder')}
                  onBlur={onIdBlur}
                  onChange={() => {
                    if (check) setCheck(null);
                  }}
                  data-testid="member-id-number"
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="health" label={t('registry.member.health')}>
                <Select options={HEALTH.options} data-testid="member-health" />
              </Form.Item>
            </Col>
            <Col xs={14} sm={7}>
              <Form.Item name="disabilityType" label={t('registry.member.disabilityType')}>
                <Select allowClear options={DISABILITY_TYPE.options} placeholder={t('registry.member.noDisability')} />
              </Form.Item>
            </Col>
            <Col xs={10} sm={5}>
              <Form.Item name="disabilityGrade" label={t('registry.member.disabilityGrade')}>
                <Select
                  allowClear
                  options={[1, 2, 3, 4].map((g) => ({ value: g, label: DISABILITY_GRADE_LABELS[g] }))}
                  placeholder="—"
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="workAbility" label={t('registry.member.workAbility')}>
                <Select options={WORK_ABILITY.options} />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="selfCare" label={t('registry.member.selfCare')}>
                <Select options={SELF_CARE.options} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="schoolOrEmployer" label={t('registry.member.schoolOrEmployer')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="yearlyIncome" label={t('registry.member.yearlyIncomeYuan')}>
                <InputNumber min={0} precision={2} step={100} style={{ width: '100%' }} suffix="元" data-testid="member-yearly-income" />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="pension" label={t('registry.member.pensionYuan')}>
                <InputNumber min={0} precision={2} step={100} style={{ width: '100%' }} suffix="元" />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="pensionInsurance" label={t('registry.member.pensionInsurance')}>
                <Select options={PENSION_INSURANCE.options} />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="medicalInsurance" label={t('registry.member.medicalInsurance')}>
                <Select options={MEDICAL_INSURANCE.options} />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item
                name="phone"
                label={t('registry.member.phone')}
                extra={member?.phoneMasked ? t('registry.member.phoneKeep', { masked: member.phoneMasked }) : undefined}
                rules={[schemaRule(Phone)]}
              >
                <Input inputMode="tel" autoComplete="off" maxLength={20} disabled={clearPhone === true} data-testid="member-phone" />
              </Form.Item>
              {member?.phoneMasked ? (
                <Form.Item name="clearPhone" valuePropName="checked" className="form-item-tight">
                  <Checkbox>{t('users.clearPhone')}</Checkbox>
                </Form.Item>
              ) : null}
            </Col>
            <Col {...col}>
              <Form.Item name="tags" label={t('registry.member.tags')}>
                <Select mode="multiple" allowClear options={MEMBER_TAG.options} placeholder={t('registry.member.tagsPlaceholder')} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
      {transferring && household && registeredElsewhere && check ? (
        <TransferRequestModal
          idNumber={check.idNumber}
          check={registeredElsewhere}
          household={household}
          relation={(form.getFieldValue('relation') as Relation | undefined) ?? undefined}
          onClose={() => setTransferring(false)}
          onDone={() => {
            setTransferring(false);
            onClose();
          }}
        />
      ) : null}
    </>
  );
}
