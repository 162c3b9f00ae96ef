import { useState } from 'react';
import {
  Alert, Button, DatePicker, Descriptions, Drawer, Empty, Form, Input, List, Modal, Select, Space, Spin, Switch, Tabs, Tag, Timeline, Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import {
  CHILD_AREA, CHILD_CATEGORY, ELDERLY_TIER, GUARDIANSHIP_STATUS, HELP_CHANNEL, MAJOR_CHANGE, RISK_LEVEL, SERVICE_TYPE,
  type CareSubjectDetail, type ChildCategory, type UpdateChildRequest,
} from '@doudi/domain';
import { showError, showFormError, showSuccess } from '../../feedback';
import { useI18n } from '../../i18n';
import { hasPermission, useMe } from '../../session';
import { careApi, careKeys } from './careApi';
import { CategoryTags, GuardianshipTag, HelpStatusTag, RiskLevelTag, RiskStatusTag, TierTag, formatDay, formatTime } from './careFormat';
import { usePhone } from '../../hooks/usePhone';

type ModalKind = 'ledger' | 'change' | 'tier' | 'help' | 'child' | 'risk' | 'reveal' | null;

/** One person in care: profile, service ledger (with visits), tasks, major changes, help requests, risk reports. */
export function SubjectDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const isMobile = usePhone();
  const qc = useQueryClient();
  const canWrite = hasPermission(me, 'care.write');
  const [modal, setModal] = useState<ModalKind>(null);
  const query = useQuery({ queryKey: careKeys.subject(id ?? 0), queryFn: () => careApi.subject(id!), enabled: id !== null });
  const d = query.data;
  const done = (next: CareSubjectDetail) => {
    qc.setQueryData(careKeys.subject(next.id), next);
    void qc.invalidateQueries({ queryKey: careKeys.all });
    setModal(null);
    showSuccess(t('care.saved'));
  };

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={isMobile ? '100%' : 720}
      title={d ? <Space wrap>{d.name}<TierTag tier={d.tier} />{d.kind === 'child' ? <CategoryTags categories={d.categories} /> : null}</Space> : ''}
      destroyOnHidden
      data-testid="subject-drawer"
    >
      {!d ? <Spin /> : (
        <>
          {canWrite && d.active ? (
            <Space wrap style={{ marginBottom: 12 }}>
              {d.kind === 'elderly' ? (
                <>
                  <Button type="primary" onClick={() => setModal('ledger')} data-testid="care-add-ledger">{t('care.action.ledger')}</Button>
                  <Button onClick={() => setModal('change')} data-testid="care-major-change">{t('care.action.change')}</Button>
                  <Button onClick={() => setModal('tier')} data-testid="care-tier">{t('care.action.tier')}</Button>
                  <Button danger onClick={() => setModal('help')} data-testid="care-help">{t('care.action.help')}</Button>
                </>
              ) : (
                <>
                  <Button type="primary" onClick={() => setModal('child')} data-testid="care-edit-child">{t('care.action.editChild')}</Button>
                  <Button danger onClick={() => setModal('risk')} data-testid="care-risk">{t('care.action.risk')}</Button>
                  <Button onClick={() => setModal('change')} data-testid="care-major-change">{t('care.action.change')}</Button>
                </>
              )}
            </Space>
          ) : null}
          <Tabs
            items={[
              { key: 'basic', label: t('care.detail.basic'), children: <Basic d={d} onReveal={() => setModal('reveal')} /> },
              ...(d.kind === 'elderly' ? [{ key: 'ledger', label: t('care.detail.ledger'), children: <Ledger d={d} /> }] : []),
              { key: 'tasks', label: t('care.detail.tasks'), children: <Tasks d={d} /> },
              { key: 'changes', label: t('care.detail.changes'), children: <Changes d={d} /> },
              ...(d.kind === 'elderly'
                ? [{ key: 'help', label: t('care.detail.help'), children: <HelpList d={d} /> }]
                : [{ key: 'risks', label: t('care.detail.risks'), children: <RiskList d={d} /> }]),
            ]}
          />
          <LedgerModal open={modal === 'ledger'} d={d} onClose={() => setModal(null)} onDone={done} />
          <ChangeModal open={modal === 'change'} d={d} onClose={() => setModal(null)} onDone={done} />
          <TierModal open={modal === 'tier'} d={d} onClose={() => setModal(null)} onDone={done} />
          <HelpModal open={modal === 'help'} d={d} onClose={() => setModal(null)} onDone={() => { void query.refetch(); setModal(null); showSuccess(t('care.saved')); }} />
          <ChildModal open={modal === 'child'} d={d} onClose={() => setModal(null)} onDone={done} />
          <RiskModal open={modal === 'risk'} d={d} onClose={() => setModal(null)} onDone={() => { void query.refetch(); void qc.invalidateQueries({ queryKey: careKeys.all }); setModal(null); showSuccess(t('care.saved')); }} />
          <RevealModal open={modal === 'reveal'} d={d} onClose={() => setModal(null)} />
        </>
      )}
    </Drawer>
  );
}

function Basic({ d, onReveal }: { d: CareSubjectDetail; onReveal: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  return (
    <>
      {!d.active ? <Alert type="warning" showIcon title={t('care.inactive')} style={{ marginBottom: 12 }} /> : null}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('care.col.age')}>{t('care.ageYears', { age: d.age })}{t('care.punct.paren', { text: d.birthDate })}</Descriptions.Item>
        <Descriptions.Item label={t('care.col.region')}>{d.regionName}</Descriptions.Item>
        <Descriptions.Item label={t('care.detail.address')}>
          {d.householdAddress} <Link to={`/registry/households/${d.householdId}`}>{t('care.detail.household')}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('care.detail.phone')}>{d.phoneMasked ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('care.col.reasons')}>{d.reasons.map((r) => <Tag key={r}>{r}</Tag>)}</Descriptions.Item>
        {d.kind === 'elderly' ? (
          <Descriptions.Item label={t('care.col.tier')}>
            <TierTag tier={d.tier} />
            {d.tierOverridden && d.computedTier ? (
              <div className="muted">
                {t('care.detail.computedTier', { tier: ELDERLY_TIER.labels[d.computedTier] })}{t('care.punct.itemSep')}{t('care.detail.overrideReason', { reason: d.overrideReason ?? '' })}
              </div>
            ) : null}
          </Descriptions.Item>
        ) : (
          <>
            <Descriptions.Item label={t('care.col.category')}><CategoryTags categories={d.categories} />{d.hiv ? <Tag color="purple">{t('care.hiv')}</Tag> : null}</Descriptions.Item>
            <Descriptions.Item label={t('care.col.guardian')}>
              {d.guardianName ?? '—'} {d.guardianRelation ? t('care.punct.paren', { text: d.guardianRelation }) : ''} {d.guardianPhoneMasked ?? ''}
              {d.guardianPhoneMasked && hasPermission(me, 'personal.reveal') ? <Button type="link" size="small" onClick={onReveal}>{t('care.action.reveal')}</Button> : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('care.filter.guardianship')}><GuardianshipTag value={d.guardianship} /></Descriptions.Item>
            <Descriptions.Item label={t('care.col.director')}>{d.directorName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('care.detail.pairing')}>{d.pairingHelper ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('care.emergency')}>
              {d.emergencyGuardianship
                ? <><Tag color="red">{t('care.emergency')}</Tag>{t('care.detail.emergencySince', { date: d.emergencyGuardianshipOn ?? '', reason: d.emergencyGuardianshipReason ?? '' })}</>
                : t('common.none')}
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      {d.checklist ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('care.detail.checklist')}</Typography.Title>
          <Descriptions column={1} size="small">
            {Object.entries(d.checklist).map(([area, items]) => <Descriptions.Item key={area} label={area}>{items.join(t('care.punct.itemSep'))}</Descriptions.Item>)}
          </Descriptions>
        </>
      ) : null}
    </>
  );
}

function Ledger({ d }: { d: CareSubjectDetail }) {
  const { t } = useI18n();
  if (!d.ledger.length) return <Empty description={t('care.detail.empty')} />;
  return (
    <List
      data-testid="care-ledger"
      dataSource={d.ledger}
      renderItem={(e) => (
        <List.Item>
          <List.Item.Meta
            title={<Space wrap><span>{e.date}</span><Tag color={e.source === 'visit' ? 'green' : 'blue'}>{e.typeLabel}</Tag></Space>}
            description={<><div>{e.content}</div><div className="muted">{e.provider}</div></>}
          />
        </List.Item>
      )}
    />
  );
}

function Tasks({ d }: { d: CareSubjectDetail }) {
  const { t } = useI18n();
  if (!d.tasks.length) return <Empty description={t('care.detail.empty')} />;
  return (
    <List
      dataSource={d.tasks}
      renderItem={(task) => (
        <List.Item>
          <List.Item.Meta
            title={<Space wrap><span>{task.reason}</span>{task.status === 'done' ? <Tag color="green">{t('care.tasks.done')}</Tag> : task.overdueDays > 0 ? <Tag color="red">{t('care.tasks.overdueDays', { n: task.overdueDays })}</Tag> : <Tag>{t('care.tasks.pending')}</Tag>}</Space>}
            description={`${t('care.tasks.dueOn')}${t('care.punct.colon')}${task.dueOn} · ${task.assigneeName ?? t('care.tasks.unassigned')}${task.doneAt ? ` · ${formatTime(task.doneAt)}` : ''}`}
          />
        </List.Item>
      )}
    />
  );
}

function Changes({ d }: { d: CareSubjectDetail }) {
  const { t } = useI18n();
  if (!d.majorChanges.length) return <Empty description={t('care.detail.empty')} />;
  return (
    <Timeline
      items={d.majorChanges.map((c) => ({
        key: c.id,
        content: <><div><Tag color="volcano">{c.kindLabel}</Tag>{c.occurredOn}</div><div>{c.note}</div><div className="muted">{c.createdBy} · {t('care.tasks.dueOn')} {c.taskDueOn}</div></>,
      }))}
    />
  );
}

function HelpList({ d }: { d: CareSubjectDetail }) {
  const { t } = useI18n();
  if (!d.helpRequests.length) return <Empty description={t('care.detail.empty')} />;
  return (
    <List
      dataSource={d.helpRequests}
      renderItem={(h) => (
        <List.Item>
          <List.Item.Meta
            title={<Space wrap><HelpStatusTag status={h.status} />{formatTime(h.requestedAt)} · {HELP_CHANNEL.labels[h.channel]}</Space>}
            description={<><div>{h.description}</div>{h.response ? <div>{h.responder}{t('care.punct.colon')}{h.response}</div> : null}
              {h.responseMinutes !== null ? <div className="muted">{t('care.help.responseTime')} {t('care.help.minutes', { n: h.responseMinutes })}</div> : null}</>}
          />
        </List.Item>
      )}
    />
  );
}

function RiskList({ d }: { d: CareSubjectDetail }) {
  const { t } = useI18n();
  if (!d.riskReports.length) return <Empty description={t('care.detail.empty')} />;
  return (
    <List
      dataSource={d.riskReports}
      renderItem={(r) => (
        <List.Item>
          <List.Item.Meta
            title={<Space wrap><RiskStatusTag status={r.status} /><Tag>{CHILD_AREA.labels[r.area]}</Tag><RiskLevelTag level={r.level} /></Space>}
            description={<><div>{r.description}</div><div className="muted">{r.reportedBy} · {formatTime(r.reportedAt)}</div></>}
          />
        </List.Item>
      )}
    />
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Action modals

interface ModalProps { open: boolean; d: CareSubjectDetail; onClose: () => void; onDone: (d: CareSubjectDetail) => void }

function useFormMutation<V>(fields: readonly string[], run: (v: V) => Promise<CareSubjectDetail>, onDone: (d: CareSubjectDetail) => void) {
  const [form] = Form.useForm<V>();
  const m = useMutation({ mutationFn: run, onSuccess: onDone, onError: (e) => showFormError(form, e, fields) });
  return { form, m };
}

function LedgerModal({ open, d, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const fields = ['servedOn', 'type', 'content', 'provider'] as const;
  const { form, m } = useFormMutation<{ servedOn: dayjs.Dayjs; type: string; content: string; provider: string }>(fields,
    (v) => careApi.addLedger(d.id, { ...v, servedOn: v.servedOn.format('YYYY-MM-DD'), type: v.type as never }), onDone);
  return (
    <Modal open={open} title={t('care.action.ledger')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)} initialValues={{ servedOn: dayjs(), type: 'visit' }}>
        <Form.Item name="servedOn" label={t('care.form.servedOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="type" label={t('care.form.type')} rules={[{ required: true }]}><Select options={SERVICE_TYPE.options} data-testid="ledger-type" /></Form.Item>
        <Form.Item name="content" label={t('care.form.content')} rules={[{ required: true, message: t('care.form.contentRequired') }]}><Input.TextArea rows={3} maxLength={500} data-testid="ledger-content" /></Form.Item>
        <Form.Item name="provider" label={t('care.form.provider')} rules={[{ required: true, message: t('care.form.providerRequired') }]}><Input maxLength={100} data-testid="ledger-provider" /></Form.Item>
      </Form>
    </Modal>
  );
}

function ChangeModal({ open, d, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const { form, m } = useFormMutation<{ kind: string; note: string; occurredOn: dayjs.Dayjs }>(['kind', 'note', 'occurredOn'],
    (v) => careApi.majorChange(d.id, { kind: v.kind as never, note: v.note, occurredOn: v.occurredOn.format('YYYY-MM-DD') }), onDone);
  return (
    <Modal open={open} title={t('care.action.change')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} destroyOnHidden>
      <Alert type="info" showIcon title={t('care.form.changeHelp')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)} initialValues={{ occurredOn: dayjs(), kind: 'hospitalised' }}>
        <Form.Item name="kind" label={t('care.form.changeKind')} rules={[{ required: true }]}><Select options={MAJOR_CHANGE.options} /></Form.Item>
        <Form.Item name="note" label={t('care.form.changeNote')} rules={[{ required: true, message: t('care.form.changeNoteRequired') }]}><Input.TextArea rows={3} maxLength={500} data-testid="change-note" /></Form.Item>
        <Form.Item name="occurredOn" label={t('care.form.occurredOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}

function TierModal({ open, d, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const { form, m } = useFormMutation<{ tier: string; reason: string }>(['tier', 'reason'],
    (v) => careApi.overrideTier(d.id, { tier: v.tier === 'auto' ? null : v.tier, reason: v.reason ?? '', version: d.version }), onDone);
  return (
    <Modal open={open} title={t('care.action.tier')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)} initialValues={{ tier: d.tier ?? 'general' }}>
        <Form.Item name="tier" label={t('care.form.tier')} rules={[{ required: true }]}>
          <Select options={[...ELDERLY_TIER.options, ...(d.tierOverridden ? [{ value: 'auto', label: t('care.form.tierAuto') }] : [])]} data-testid="tier-select" />
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {() => form.getFieldValue('tier') !== 'auto' ? (
            <Form.Item name="reason" label={t('care.form.reason')} rules={[{ required: true, message: t('care.form.reasonRequired') }]}><Input.TextArea rows={2} maxLength={200} data-testid="tier-reason" /></Form.Item>
          ) : null}
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HelpModal({ open, d, onClose, onDone }: { open: boolean; d: CareSubjectDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ channel: string; description: string; requestedAt: dayjs.Dayjs }>();
  const m = useMutation({
    mutationFn: (v: { channel: string; description: string; requestedAt: dayjs.Dayjs }) =>
      careApi.createHelp({ subjectId: d.id, channel: v.channel as never, description: v.description, requestedAt: v.requestedAt.toISOString() }),
    onSuccess: onDone, onError: (e) => showFormError(form, e, ['channel', 'description', 'requestedAt']),
  });
  return (
    <Modal open={open} title={t('care.action.help')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)} initialValues={{ channel: 'phone', requestedAt: dayjs() }}>
        <Form.Item name="channel" label={t('care.form.channel')} rules={[{ required: true }]}><Select options={HELP_CHANNEL.options} /></Form.Item>
        <Form.Item name="requestedAt" label={t('care.form.requestedAt')} rules={[{ required: true }]}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="description" label={t('care.form.description')} rules={[{ required: true, message: t('care.form.descriptionRequired') }]}><Input.TextArea rows={3} maxLength={500} data-testid="help-description" /></Form.Item>
      </Form>
    </Modal>
  );
}

function ChildModal({ open, d, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const directors = useQuery({ queryKey: ['care', 'directors', d.regionCode], queryFn: () => careApi.directors(d.regionCode), enabled: open });
  type V = { categories: ChildCategory[]; hiv: boolean; guardianName: string; guardianRelation: string; guardianPhone: string; guardianship: string;
    directorId: number | null; pairingHelper: string; emergencyGuardianship: boolean; emergencyGuardianshipOn: dayjs.Dayjs | null; emergencyGuardianshipReason: string };
  const { form, m } = useFormMutation<V>(
    ['categories', 'guardianName', 'guardianRelation', 'guardianPhone', 'guardianship', 'directorId', 'pairingHelper', 'emergencyGuardianshipOn', 'emergencyGuardianshipReason'],
    (v) => {
      const body: UpdateChildRequest = {
        categories: v.categories, hiv: v.hiv, guardianName: v.guardianName || null, guardianRelation: v.guardianRelation || null,
        guardianship: v.guardianship as never, directorId: v.directorId ?? null, pairingHelper: v.pairingHelper || null,
        emergencyGuardianship: v.emergencyGuardianship, emergencyGuardianshipOn: v.emergencyGuardianshipOn ? v.emergencyGuardianshipOn.format('YYYY-MM-DD') : null,
        emergencyGuardianshipReason: v.emergencyGuardianshipReason || null, version: d.version,
        ...(v.guardianPhone ? { guardianPhone: v.guardianPhone } : {}),
      };
      return careApi.updateChild(d.id, body);
    }, onDone);
  return (
    <Modal open={open} title={t('care.action.editChild')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)} initialValues={{
        categories: d.categories, hiv: d.hiv, guardianName: d.guardianName ?? '', guardianRelation: d.guardianRelation ?? '', guardianship: d.guardianship ?? 'normal',
        directorId: d.directorId, pairingHelper: d.pairingHelper ?? '', emergencyGuardianship: d.emergencyGuardianship,
        emergencyGuardianshipOn: d.emergencyGuardianshipOn ? dayjs(d.emergencyGuardianshipOn) : null, emergencyGuardianshipReason: d.emergencyGuardianshipReason ?? '',
      }}>
        <Form.Item name="categories" label={t('care.form.categories')} rules={[{ required: true, message: t('care.form.categoriesRequired') }]}><Select mode="multiple" options={CHILD_CATEGORY.options} /></Form.Item>
        <Form.Item name="hiv" label={t('care.hiv')} valuePropName="checked"><Switch /></Form.Item>
        <Form.Item name="guardianName" label={t('care.form.guardianName')}><Input maxLength={50} /></Form.Item>
        <Form.Item name="guardianRelation" label={t('care.form.guardianRelation')}><Input maxLength={20} /></Form.Item>
        <Form.Item name="guardianPhone" label={t('care.form.guardianPhone')} extra={d.guardianPhoneMasked ? `${d.guardianPhoneMasked}${t('care.punct.paren', { text: t('care.form.guardianPhoneHelp') })}` : undefined}><Input maxLength={20} inputMode="tel" /></Form.Item>
        <Form.Item name="guardianship" label={t('care.form.guardianship')}><Select options={GUARDIANSHIP_STATUS.options} data-testid="guardianship-select" /></Form.Item>
        <Form.Item name="directorId" label={t('care.form.director')}>
          <Select allowClear loading={directors.isLoading} options={(directors.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}${t('care.punct.paren', { text: u.regionName })}` }))} />
        </Form.Item>
        <Form.Item name="pairingHelper" label={t('care.form.pairing')}><Input maxLength={50} /></Form.Item>
        <Form.Item name="emergencyGuardianship" label={t('care.form.emergency')} valuePropName="checked"><Switch data-testid="emergency-switch" /></Form.Item>
        <Form.Item noStyle shouldUpdate>
          {() => form.getFieldValue('emergencyGuardianship') ? (
            <>
              <Form.Item name="emergencyGuardianshipOn" label={t('care.form.emergencyOn')} rules={[{ required: true, message: t('care.form.emergencyOnRequired') }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
              <Form.Item name="emergencyGuardianshipReason" label={t('care.form.emergencyReason')} rules={[{ required: true, message: t('care.form.emergencyReasonRequired') }]}><Input.TextArea rows={2} maxLength={200} /></Form.Item>
            </>
          ) : null}
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RiskModal({ open, d, onClose, onDone }: { open: boolean; d: CareSubjectDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ area: string; level: string; description: string }>();
  const m = useMutation({
    mutationFn: (v: { area: string; level: string; description: string }) => careApi.createRisk({ subjectId: d.id, area: v.area as never, level: v.level as never, description: v.description }),
    onSuccess: onDone, onError: (e) => showFormError(form, e, ['area', 'level', 'description']),
  });
  return (
    <Modal open={open} title={t('care.action.risk')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate(v)} initialValues={{ area: 'guardianship', level: 'medium' }}>
        <Form.Item name="area" label={t('care.form.area')} rules={[{ required: true }]}><Select options={CHILD_AREA.options} /></Form.Item>
        <Form.Item name="level" label={t('care.form.level')} rules={[{ required: true }]}><Select options={RISK_LEVEL.options} /></Form.Item>
        <Form.Item name="description" label={t('care.form.riskDescription')} rules={[{ required: true, message: t('care.form.riskDescriptionRequired') }]}><Input.TextArea rows={3} maxLength={1000} data-testid="risk-description" /></Form.Item>
      </Form>
    </Modal>
  );
}

function RevealModal({ open, d, onClose }: { open: boolean; d: CareSubjectDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [value, setValue] = useState<string | null>(null);
  const m = useMutation({ mutationFn: () => careApi.revealGuardianPhone(d.id, reason), onSuccess: (r) => setValue(r.value), onError: showError });
  return (
    <Modal open={open} title={t('care.action.reveal')} onCancel={() => { setValue(null); onClose(); }} onOk={() => m.mutate()} confirmLoading={m.isPending} destroyOnHidden>
      {value ? <Typography.Title level={4} copyable>{value}</Typography.Title> : (
        <Input placeholder={t('care.form.revealReason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      )}
    </Modal>
  );
}

export { formatDay };
