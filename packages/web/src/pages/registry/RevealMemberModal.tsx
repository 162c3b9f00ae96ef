import { MemberRevealRequest } from '@doudi/domain';
import { api } from '../../api';
import { RevealModal } from '../../components/RevealModal';
import { schemaRule } from '../../forms';
import { useI18n } from '../../i18n';

export type RevealField = 'idNumber' | 'phone';

/**
 * Shows a member's full ID number or phone after the viewer states why; the server writes the reason to the audit
 * log (the same pattern as the users page).
 */
export function RevealMemberModal({
  member,
  field,
  onRevealed,
  onClose,
}: {
  member: { id: number; name: string };
  field: RevealField;
  onRevealed: (value: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const title = field === 'idNumber' ? t('registry.reveal.idTitle') : t('registry.reveal.phoneTitle');
  return (
    <RevealModal
      title={`${title} · ${member.name}`}
      notice={t('registry.reveal.notice')}
      placeholder={t('registry.reveal.placeholder')}
      revealedLabel={title}
      reasonRule={schemaRule(MemberRevealRequest.shape.reason)}
      reveal={(reason) => api.revealMemberField(member.id, { field, reason })}
      onRevealed={onRevealed}
      onClose={onClose}
    />
  );
}
