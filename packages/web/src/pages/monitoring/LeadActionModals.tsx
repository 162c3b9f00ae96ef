/**
 * The forms behind a lead's action buttons. Each sends the lead's `version`; when the lead changed meanwhile or the
 * action is no longer allowed, the server answers 409 naming the current status and the allowed actions, and that
 * message is shown as it is while the lead is read again.
 */
import type { ReactNode } from 'react';
import { Alert, Checkbox, Form, Input, Modal, Radio, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AssignLeadRequest,
  CONTACT_METHOD,
  CloseLeadRequest,
  LEAD_ACTION,
  LEAD_OUTCOME,
  OutcomeLeadRequest,
} from '@doudi/domain';
import type { ContactMethod, LeadAction, LeadDetail, LeadOutcome } from '@doudi/domain';
import { api, isApiError } from '../../api';
import type { LeadActionBodies } from '../../api';
import { showFormError, showSuccess } from '../../feedback';
import { schemaRule } from '../../forms';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../queries';

function useLeadAction<A extends LeadAction>(lead: LeadDetail, action: A, fields: readonly string[], onDone: () => void) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const mutation = useMutation({
    mutationFn: (body: Omit<LeadActionBodies[A], 'version'>) =>
      api.leadAction(lead.id, action, { ...body, version: lead.version } as LeadActionBodies[A]),
    meta: { form: true },
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.lead(lead.id), updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.leads });
      void queryClient.invalidateQueries({ queryKey: queryKeys.warnings });
      void queryClient.invalidateQueries({ queryKey: ['monitoring', 'dashboard'] });
      if (updated.householdId) void queryClient.invalidateQueries({ queryKey: queryKeys.householdWarnings(updated.householdId) });
      showSuccess(t('monitoring.action.done', { action: LEAD_ACTION.labels[action] }));
      onDone();
    },
    onError: (error) => {
      // 409: the lead moved on (someone else acted, or the step is not allowed). Show the server's words, re-read it.
      if (isApiError(error, 409)) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.lead(lead.id) });
        return;
      }
      showFormError(form, error, fields);
    },
  });
  const conflict = isApiError(mutation.error, 409) ? mutation.error.message : null;
  return { form, mutation, conflict };
}

function ConflictAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return <Alert type="error" showIcon title={message} className="modal-help" data-testid="lead-conflict" />;
}

function ActionModal({
  action,
  title,
  pending,
  onOk,
  onClose,
  children,
}: {
  action: LeadAction;
  title?: string;
  pending: boolean;
  onOk: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open
      title={title ?? LEAD_ACTION.labels[action]}
      onCancel={onClose}
      mask={{ closable: false }}
      okText={LEAD_ACTION.labels[action]}
      cancelText={t('common.cancel')}
      onOk={onOk}
      okButtonProps={{ loading: pending, ...({ 'data-testid': `lead-${action}-submit` } as Record<string, string>) }}
    >
      {children}
    </Modal>
  );
}

/** 分派 / 改派: choose who follows the lead up, from the staff who may handle leads in its region. */
export function AssignModal({ lead, action, onClose }: { lead: LeadDetail; action: 'assign' | 'reassign'; onClose: () => void }) {
  const { t } = useI18n();
  const { form, mutation, conflict } = useLeadAction(lead, action, ['assigneeId'], onClose);
  const assignees = useQuery({
    queryKey: queryKeys.assignees(lead.regionCode),
    queryFn: async () => (await api.assignees(lead.regionCode)).items,
  });
  const options = (assignees.data ?? []).map((a) => ({
    value: a.id,
    label: `${a.displayName}（${a.roleLabel}）`,
    disabled: action === 'reassign' && a.id === lead.assigneeId,
  }));
  return (
    <ActionModal action={action} pending={mutation.isPending} onOk={() => form.submit()} onClose={onClose}>
      <ConflictAlert message={conflict} />
      {action === 'reassign' && lead.assigneeName ? (
        <Alert type="info" showIcon title={t('monitoring.action.currentAssignee', { name: lead.assigneeName })} className="modal-help" />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v: { assigneeId: number }) => mutation.mutate({ assigneeId: v.assigneeId })}>
        <Form.Item
          name="assigneeId"
          label={t('monitoring.lead.assignee')}
          rules={[{ required: true, message: t('monitoring.action.assigneeRequired') }, schemaRule(AssignLeadRequest.shape.assigneeId)]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={assignees.isPending}
            options={options}
            placeholder={t('monitoring.action.assigneePlaceholder')}
            notFoundContent={assignees.isPending ? null : t('monitoring.action.noAssignees')}
            data-testid="lead-assignee"
          />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

interface ContactValues {
  method: ContactMethod;
  policyExplained: boolean;
  willing: boolean;
  ableToApplyAlone: boolean;
  note?: string;
}

/** 记录联系: how the person was reached, that the policy was explained (Law art. 39), and what they want. */
export function ContactModal({ lead, onClose }: { lead: LeadDetail; onClose: () => void }) {
  const { t } = useI18n();
  const fields = ['method', 'policyExplained', 'willing', 'ableToApplyAlone', 'note'];
  const { form, mutation, conflict } = useLeadAction(lead, 'contact', fields, onClose);
  const yesNo = [
    { value: true, label: t('monitoring.action.yes') },
    { value: false, label: t('monitoring.action.no') },
  ];
  return (
    <ActionModal action="contact" pending={mutation.isPending} onOk={() => form.submit()} onClose={onClose}>
      <ConflictAlert message={conflict} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ method: 'phone', policyExplained: false }}
        onFinish={(v: ContactValues) =>
          mutation.mutate({
            method: v.method,
            policyExplained: true,
            willing: v.willing,
            ableToApplyAlone: v.ableToApplyAlone,
            note: v.note?.trim() ?? '',
          })
        }
      >
        <Form.Item name="method" label={t('monitoring.contact.method')} rules={[{ required: true, message: t('monitoring.contact.methodRequired') }]}>
          <Radio.Group options={CONTACT_METHOD.options} optionType="button" data-testid="contact-method" />
        </Form.Item>
        <Form.Item
          name="policyExplained"
          valuePropName="checked"
          rules={[
            {
              validator: async (_r, value: unknown) => {
                if (value !== true) throw new Error(t('monitoring.contact.policyRequired'));
              },
            },
          ]}
        >
          <Checkbox data-testid="contact-policy">{t('monitoring.contact.policyExplained')}</Checkbox>
        </Form.Item>
        <Form.Item name="willing" label={t('monitoring.contact.willing')} rules={[{ required: true, message: t('monitoring.contact.willingRequired') }]}>
          <Radio.Group options={yesNo} data-testid="contact-willing" />
        </Form.Item>
        <Form.Item
          name="ableToApplyAlone"
          label={t('monitoring.contact.ableAlone')}
          rules={[{ required: true, message: t('monitoring.contact.ableAloneRequired') }]}
        >
          <Radio.Group options={yesNo} data-testid="contact-able" />
        </Form.Item>
        <Form.Item name="note" label={t('monitoring.contact.note')}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('monitoring.contact.notePlaceholder')} data-testid="contact-note" />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

interface OutcomeValues {
  outcome: LeadOutcome;
  department?: string;
  note: string;
}

/**
 * 登记结果. As the server does: 本人拒绝 only when the contact recorded an unwilling person, 已协助申请 only when
 * willing; 转介 names the department.
 */
export function OutcomeModal({ lead, onClose }: { lead: LeadDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { form, mutation, conflict } = useLeadAction(lead, 'outcome', ['outcome', 'department', 'note'], onClose);
  const outcome = Form.useWatch('outcome', form) as LeadOutcome | undefined;
  const willing = lead.contact?.willing;
  const options = LEAD_OUTCOME.options.map((o) => {
    const disabled = (o.value === 'refused' && willing !== false) || (o.value === 'helped_apply' && willing !== true);
    const hint =
      o.value === 'refused' && disabled
        ? t('monitoring.outcome.refusedDisabled')
        : o.value === 'helped_apply' && disabled
          ? t('monitoring.outcome.helpedDisabled')
          : null;
    return {
      value: o.value,
      disabled,
      label: (
        <span>
          {o.label}
          {hint ? <span className="muted"> （{hint}）</span> : null}
        </span>
      ),
    };
  });
  return (
    <ActionModal action="outcome" pending={mutation.isPending} onOk={() => form.submit()} onClose={onClose}>
      <ConflictAlert message={conflict} />
      {lead.contact ? (
        <Alert
          type="info"
          showIcon
          className="modal-help"
          title={t('monitoring.outcome.contactSummary', {
            willing: lead.contact.willing ? t('monitoring.contact.willingYes') : t('monitoring.contact.willingNo'),
            able: lead.contact.ableToApplyAlone ? t('monitoring.contact.ableYes') : t('monitoring.contact.ableNo'),
          })}
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: OutcomeValues) =>
          mutation.mutate({
            outcome: v.outcome,
            note: v.note.trim(),
            department: v.outcome === 'referred' ? v.department?.trim() : undefined,
          })
        }
      >
        <Form.Item name="outcome" label={t('monitoring.outcome.outcome')} rules={[{ required: true, message: t('monitoring.outcome.outcomeRequired') }]}>
          <Radio.Group options={options} className="vertical-radios" data-testid="outcome-choice" />
        </Form.Item>
        {outcome === 'referred' ? (
          <Form.Item
            name="department"
            label={t('monitoring.outcome.department')}
            rules={[{ required: true, whitespace: true, message: t('monitoring.outcome.departmentRequired') }]}
          >
            <Input maxLength={100} placeholder={t('monitoring.outcome.departmentPlaceholder')} data-testid="outcome-department" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="note"
          label={t('monitoring.outcome.note')}
          rules={[{ required: true, whitespace: true, message: t('monitoring.outcome.noteRequired') }, schemaRule(OutcomeLeadRequest.shape.note)]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('monitoring.outcome.notePlaceholder')} data-testid="outcome-note" />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

/** 办结: how the lead ended, in a sentence or two. */
export function CloseModal({ lead, onClose }: { lead: LeadDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { form, mutation, conflict } = useLeadAction(lead, 'close', ['summary'], onClose);
  return (
    <ActionModal action="close" pending={mutation.isPending} onOk={() => form.submit()} onClose={onClose}>
      <ConflictAlert message={conflict} />
      <Form form={form} layout="vertical" onFinish={(v: { summary: string }) => mutation.mutate({ summary: v.summary.trim() })}>
        <Form.Item
          name="summary"
          label={t('monitoring.close.summary')}
          rules={[{ required: true, whitespace: true, message: t('monitoring.close.summaryRequired') }, schemaRule(CloseLeadRequest.shape.summary)]}
        >
          <Input.TextArea rows={4} maxLength={500} showCount placeholder={t('monitoring.close.summaryPlaceholder')} data-testid="close-summary" />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}
