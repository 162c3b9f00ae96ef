/**
 * The visit form on the phone: the household, the checklist (big buttons), 慰问金 and 慰问品, companions, photos (shrunk
 * on the phone), position only when ticked, the outcome with its detail and what it will create, a note. Saving writes
 * the visit to the phone's outbox first; it is sent when there is a signal.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Empty, Input, Radio, Select, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CameraOutlined, CheckOutlined, DeleteOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  CHECKLIST,
  MAX_PHOTOS,
  OUTCOME_DETAIL,
  RELATION,
  UpdateVisitRequest,
  VISIT_KIND,
  VISIT_OUTCOME,
  VisitSyncRequest,
} from '@doudi/domain';
import type { CheckAnswer, CheckItemKey, CheckStatus, OfflineHousehold, Position, VisitOutcome } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../format';
import { addToOutbox, getOutboxItem, newClientId } from '../../offline/outbox';
import type { OutboxItem, OutboxPhoto } from '../../offline/outbox';
import { resizePhoto } from '../../offline/photo';
import { syncNow } from '../../offline/sync';
import { showSuccess } from '../../feedback';
import { useMe } from '../../session';
import { joinTasks, usePack } from './packData';
import './visits.css';

type Answers = Partial<Record<CheckItemKey, { status?: CheckStatus; note: string }>>;

interface Draft {
  answers: Answers;
  cashYuan: string;
  goods: string;
  companions: string;
  outcome?: VisitOutcome;
  outcomeDetail: string;
  note: string;
}

const EMPTY: Draft = { answers: {}, cashYuan: '', goods: '', companions: '', outcomeDetail: '', note: '' };

const CREATES: Record<VisitOutcome, string | null> = {
  normal: null,
  needs_help: 'visits.form.createsLead',
  hazard: 'visits.form.createsHazard',
  complex: 'visits.form.createsCarePlan',
};

function issuesToErrors(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    if (!errors[key]) errors[key] = issue.message;
  }
  return errors;
}

function PhotoThumb({ photo, onRemove }: { photo: OutboxPhoto; onRemove: () => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const u = URL.createObjectURL(photo.blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [photo.blob]);
  return (
    <div className="visit-photo" data-testid="visit-photo">
      {url && <img src={url} alt="" />}
      <Button size="small" shape="circle" icon={<DeleteOutlined />} onClick={onRemove} className="visit-photo-remove" aria-label={t('visits.record.removePhoto')} />
    </div>
  );
}

function HouseholdCard({ household, memberName }: { household: OfflineHousehold; memberName: string | null }) {
  const showHead = memberName !== null && memberName !== household.headName;
  const { t } = useI18n();
  return (
    <Card size="small" className="visit-household" data-testid="visit-household">
      <div className="visit-card-head">
        <strong className="visit-household-name">{showHead ? `${memberName}（${household.headName}${t('visits.mine.household')}）` : household.headName}</strong>
      </div>
      <div className="muted">
        {household.regionName} · {household.address}
      </div>
      <ul className="visit-members">
        {household.members.map((m) => (
          <li key={m.id}>
            {m.name} · {RELATION.labels[m.relation]} · {t('visits.form.age', { n: m.age })}
            {m.phoneMasked ? ` · ${m.phoneMasked}` : ''}
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default function RecordPage() {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const taskId = Number(params.get('taskId')) || null;
  const editOf = params.get('edit');
  const [householdId, setHouseholdId] = useState<number | null>(Number(params.get('householdId')) || null);
  const pack = usePack(me.id);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [photos, setPhotos] = useState<OutboxPhoto[]>([]);
  const [photoBusy, setPhotoBusy] = useState(false);
  const [wantPosition, setWantPosition] = useState(false);
  const [position, setPosition] = useState<Position | null>(null);
  const [positionError, setPositionError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [original, setOriginal] = useState<OutboxItem | null>(null);
  const [openedAt] = useState(() => new Date().toISOString());

  // Editing a visit already sent: start from the phone's copy of it.
  useEffect(() => {
    if (!editOf) return;
    void getOutboxItem(editOf).then((item) => {
      if (!item) return;
      setOriginal(item);
      const b = item.body as Record<string, unknown> & { checklist?: Record<CheckItemKey, CheckAnswer> };
      setDraft({
        answers: b.checklist ?? {},
        cashYuan: String(b.cashYuan ?? ''),
        goods: String(b.goods ?? ''),
        companions: String(b.companions ?? ''),
        outcome: b.outcome as VisitOutcome,
        outcomeDetail: String(b.outcomeDetail ?? ''),
        note: String(b.note ?? ''),
      });
    });
  }, [editOf]);

  const tasks = useMemo(() => (pack.data ? joinTasks(pack.data.pack) : []), [pack.data]);
  const target = taskId ? tasks.find((x) => x.task.id === taskId) : undefined;
  const household = target?.household ?? pack.data?.pack.households.find((h) => h.id === (original ? Number(original.body.householdId) : householdId)) ?? null;
  const isEdit = Boolean(editOf);
  const unplanned = !taskId && !isEdit;

  const clearErrors = (prefix: string) =>
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(prefix))));
  const setAnswer = (key: CheckItemKey, patch: Partial<{ status: CheckStatus; note: string }>) => {
    setDraft((d) => ({ ...d, answers: { ...d.answers, [key]: { note: '', ...d.answers[key], ...patch } } }));
    clearErrors(`checklist.${key}.`);
  };
  const allNormal = () => {
    setDraft((d) => {
      const answers = { ...d.answers };
      for (const item of CHECKLIST) if (!answers[item.key]?.status) answers[item.key] = { status: 'ok', note: '' };
      return { ...d, answers };
    });
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.endsWith('.status'))));
  };

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    setPhotoBusy(true);
    try {
      const room = MAX_PHOTOS - photos.length;
      const resized: OutboxPhoto[] = [];
      for (const file of [...files].slice(0, room)) resized.push(await resizePhoto(file));
      setPhotos((p) => [...p, ...resized].slice(0, MAX_PHOTOS));
      setErrors((e) => ({ ...e, photos: '' }));
    } catch {
      setErrors((e) => ({ ...e, photos: t('visits.form.photoUnreadable') }));
    } finally {
      setPhotoBusy(false);
    }
  };

  const togglePosition = (on: boolean) => {
    setWantPosition(on);
    setPosition(null);
    setPositionError(null);
    if (!on) return;
    if (!('geolocation' in navigator)) {
      setPositionError(t('visits.form.positionUnavailable'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => setPosition({ latitude: Math.round(p.coords.latitude * 1e6) / 1e6, longitude: Math.round(p.coords.longitude * 1e6) / 1e6 }),
      () => setPositionError(t('visits.form.positionFailed')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const save = async () => {
    const next: Record<string, string> = {};
    for (const item of CHECKLIST) if (!draft.answers[item.key]?.status) next[`checklist.${item.key}.status`] = t('visits.form.answerItem', { label: item.label });
    if (unplanned && !householdId) next.householdId = t('visits.form.pickHousehold');
    const checklist = Object.fromEntries(CHECKLIST.map((c) => [c.key, { status: draft.answers[c.key]?.status ?? 'ok', note: draft.answers[c.key]?.note ?? '' }]));
    const common = {
      visitedAt: isEdit ? String(original?.body.visitedAt ?? openedAt) : openedAt,
      checklist,
      cashYuan: draft.cashYuan.trim() || '0',
      goods: draft.goods,
      companions: draft.companions,
      note: draft.note,
    };
    let body: Record<string, unknown>;
    if (isEdit) {
      body = common;
      const parsed = UpdateVisitRequest.safeParse({ ...body, version: original?.serverVersion ?? 1 });
      if (!parsed.success) Object.assign(next, issuesToErrors(parsed.error.issues), next);
    } else {
      body = {
        ...common,
        outcome: draft.outcome,
        outcomeDetail: draft.outcomeDetail,
        ...(taskId ? { taskId } : { householdId: householdId ?? undefined, kind: 'adhoc' }),
        position: wantPosition ? position : null,
        recordedOffline: !navigator.onLine,
      };
      const parsed = VisitSyncRequest.safeParse({ ...body, clientId: newClientId() });
      if (!parsed.success) Object.assign(next, { ...issuesToErrors(parsed.error.issues), ...next });
    }
    setErrors(next);
    if (Object.keys(next).length > 0) {
      document.querySelector('.visit-error')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      requestAnimationFrame(() => document.querySelector('.visit-error')?.scrollIntoView({ block: 'center' }));
      return;
    }
    setSaving(true);
    try {
      const label = {
        householdName: household?.headName ?? original?.label.householdName ?? '',
        regionName: household?.regionName ?? original?.label.regionName ?? '',
        taskLabel: target ? VISIT_KIND.labels[target.task.kind] : (original?.label.taskLabel ?? VISIT_KIND.labels.adhoc),
      };
      if (isEdit && original) {
        await addToOutbox({
          clientId: newClientId(),
          userId: me.id,
          op: 'edit',
          visitId: original.serverId,
          baseVersion: original.serverVersion,
          editOf: original.clientId,
          body,
          photos: [],
          label,
        });
      } else {
        await addToOutbox({ clientId: newClientId(), userId: me.id, op: 'create', body, photos, label });
      }
      showSuccess(navigator.onLine ? t('visits.form.savedOnline') : t('visits.form.savedOffline'));
      void syncNow();
      navigate(isEdit ? '/visits/mine?tab=recorded' : '/visits/mine');
    } finally {
      setSaving(false);
    }
  };

  const err = (key: string) => (errors[key] ? <div className="visit-error">{errors[key]}</div> : null);

  if (pack.isPending) return <Spin className="visit-spin" />;
  if (!isEdit && taskId && !target) {
    return (
      <div className="visit-record">
        <Empty description={t('visits.form.taskGone')}>
          <Link to="/visits/mine">{t('visits.form.back')}</Link>
        </Empty>
      </div>
    );
  }
  const outcome = draft.outcome;

  return (
    <div className="visit-record" data-testid="visit-form">
      <div className="visit-page-head">
        <Link to="/visits/mine" className="visit-back">
          <ArrowLeftOutlined /> {t('visits.form.back')}
        </Link>
        <span className="muted">{formatDateTime(isEdit ? String(original?.body.visitedAt ?? '') : openedAt).slice(0, 16)}</span>
      </div>
      <Typography.Title level={4} className="visit-title">
        {isEdit ? t('visits.form.editTitle') : unplanned ? t('visits.form.unplannedTitle') : t('visits.form.title')}
        {target && <Tag className="visit-title-tag">{VISIT_KIND.labels[target.task.kind]}</Tag>}
      </Typography.Title>
      {target?.task.overdue && <Alert type="error" showIcon className="visit-sync-alert" title={t('visits.form.overdue', { date: target.task.dueOn })} />}
      {target?.task.reason && <div className="muted visit-reason">{target.task.reason}</div>}

      {unplanned && (
        <div className="visit-field">
          <label className="visit-label">{t('visits.form.household')}</label>
          <Select
            showSearch
            size="large"
            className="visit-full"
            placeholder={t('visits.form.pickHousehold')}
            value={householdId ?? undefined}
            onChange={(v: number) => setHouseholdId(v)}
            optionFilterProp="label"
            options={(pack.data?.pack.households ?? []).map((h) => ({ value: h.id, label: `${h.headName} · ${h.regionName} · ${h.address}` }))}
            data-testid="visit-household-pick"
          />
          {err('householdId')}
        </div>
      )}
      {household && <HouseholdCard household={household} memberName={target?.member?.name ?? null} />}

      <section className="visit-section">
        <div className="visit-section-head">
          <Typography.Title level={5}>{t('visits.form.checklist')}</Typography.Title>
          <Button size="small" icon={<CheckOutlined />} onClick={allNormal} data-testid="checklist-all-ok">
            {t('visits.form.restNormal')}
          </Button>
        </div>
        {CHECKLIST.map((item) => {
          const answer = draft.answers[item.key];
          const needsNote = answer?.status !== undefined && item.noteRequired.includes(answer.status);
          return (
            <div key={item.key} className="visit-check" data-testid={`check-${item.key}`}>
              <div className="visit-check-label">{item.label}</div>
              <Radio.Group
                className="visit-check-options"
                optionType="button"
                buttonStyle="solid"
                size="large"
                value={answer?.status}
                onChange={(e) => setAnswer(item.key, { status: e.target.value as CheckStatus })}
                options={item.statuses.map((s) => ({ value: s.value, label: s.label }))}
              />
              {needsNote && (
                <Input
                  size="large"
                  className="visit-check-note"
                  placeholder={t('visits.form.checkNote')}
                  value={answer?.note ?? ''}
                  onChange={(e) => setAnswer(item.key, { note: e.target.value })}
                  maxLength={200}
                  data-testid={`check-${item.key}-note`}
                />
              )}
              {err(`checklist.${item.key}.status`)}
              {err(`checklist.${item.key}.note`)}
            </div>
          );
        })}
      </section>

      <section className="visit-section">
        <Typography.Title level={5}>{t('visits.form.gifts')}</Typography.Title>
        <div className="visit-field">
          <label className="visit-label" htmlFor="visit-cash">
            {t('visits.form.cash')}
          </label>
          <Input
            id="visit-cash"
            size="large"
            inputMode="decimal"
            suffix={t('visits.form.yuan')}
            placeholder="0"
            value={draft.cashYuan}
            onChange={(e) => {
              setDraft((d) => ({ ...d, cashYuan: e.target.value }));
              clearErrors('cashYuan');
            }}
            data-testid="visit-cash"
          />
          {err('cashYuan')}
        </div>
        <div className="visit-field">
          <label className="visit-label" htmlFor="visit-goods">
            {t('visits.form.goods')}
          </label>
          <Input
            id="visit-goods"
            size="large"
            placeholder={t('visits.form.goodsPlaceholder')}
            value={draft.goods}
            maxLength={200}
            onChange={(e) => setDraft((d) => ({ ...d, goods: e.target.value }))}
            data-testid="visit-goods"
          />
        </div>
        <div className="visit-field">
          <label className="visit-label" htmlFor="visit-companions">
            {t('visits.form.companions')}
          </label>
          <Input
            id="visit-companions"
            size="large"
            placeholder={t('visits.form.companionsPlaceholder')}
            value={draft.companions}
            maxLength={200}
            onChange={(e) => setDraft((d) => ({ ...d, companions: e.target.value }))}
            data-testid="visit-companions"
          />
        </div>
      </section>

      {!isEdit && (
        <section className="visit-section">
          <Typography.Title level={5}>{t('visits.form.photos', { max: MAX_PHOTOS })}</Typography.Title>
          <div className="visit-photos">
            {photos.map((p, i) => (
              <PhotoThumb key={i} photo={p} onRemove={() => setPhotos((all) => all.filter((_, j) => j !== i))} />
            ))}
            {photos.length < MAX_PHOTOS && (
              <label className="visit-photo-add" data-testid="visit-photo-add">
                {photoBusy ? <Spin /> : <CameraOutlined />}
                <span>{t('visits.form.takePhoto')}</span>
                <input
                  type="file"
                  accept="image/*"
                  capture="environment"
                  hidden
                  data-testid="visit-photo-input"
                  onChange={(e) => {
                    void addPhotos(e.target.files);
                    e.target.value = '';
                  }}
                />
              </label>
            )}
          </div>
          {err('photos')}
          <div className="visit-field">
            <Checkbox checked={wantPosition} onChange={(e) => togglePosition(e.target.checked)} data-testid="visit-position">
              {t('visits.form.position')}
            </Checkbox>
            {wantPosition && (
              <div className="muted">
                {position
                  ? t('visits.form.positionAt', { lat: position.latitude.toFixed(5), lng: position.longitude.toFixed(5) })
                  : (positionError ?? t('visits.form.positionLocating'))}
              </div>
            )}
            <div className="muted">{t('visits.form.positionHelp')}</div>
          </div>
        </section>
      )}

      <section className="visit-section">
        <Typography.Title level={5}>{t('visits.form.outcome')}</Typography.Title>
        {isEdit ? (
          <div>
            {outcome ? VISIT_OUTCOME.labels[outcome] : ''}
            <div className="muted">{t('visits.form.outcomeFixed')}</div>
          </div>
        ) : (
          <>
            <Radio.Group
              className="visit-outcomes"
              value={outcome}
              onChange={(e) => {
                setDraft((d) => ({ ...d, outcome: e.target.value as VisitOutcome }));
                clearErrors('outcome');
              }}
              data-testid="visit-outcome"
            >
              {VISIT_OUTCOME.options.map((o) => (
                <Radio key={o.value} value={o.value} className="visit-outcome" data-testid={`outcome-${o.value}`}>
                  {o.label}
                </Radio>
              ))}
            </Radio.Group>
            {err('outcome')}
            {outcome && (
              <div className="visit-field">
                <label className="visit-label" htmlFor="visit-outcome-detail">
                  {OUTCOME_DETAIL[outcome].label}
                  {OUTCOME_DETAIL[outcome].required && <span className="visit-required">*</span>}
                </label>
                <Input.TextArea
                  id="visit-outcome-detail"
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  value={draft.outcomeDetail}
                  maxLength={1000}
                  onChange={(e) => {
                    setDraft((d) => ({ ...d, outcomeDetail: e.target.value }));
                    clearErrors('outcomeDetail');
                  }}
                  data-testid="visit-outcome-detail"
                />
                {err('outcomeDetail')}
                {CREATES[outcome] && (
                  <Alert type="warning" showIcon className="visit-creates" title={t(CREATES[outcome] as 'visits.form.createsLead')} />
                )}
              </div>
            )}
          </>
        )}
      </section>

      <section className="visit-section">
        <label className="visit-label" htmlFor="visit-note">
          {t('visits.form.note')}
        </label>
        <Input.TextArea
          id="visit-note"
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={draft.note}
          maxLength={1000}
          onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))}
          data-testid="visit-note"
        />
        {err('note')}
      </section>

      <div className="visit-save-bar">
        <Space direction="vertical" className="visit-full">
          <Button type="primary" size="large" block loading={saving} onClick={() => void save()} data-testid="visit-save">
            {t('visits.form.save')}
          </Button>
          <div className="muted visit-save-help">{t('visits.form.saveHelp')}</div>
        </Space>
      </div>
    </div>
  );
}
