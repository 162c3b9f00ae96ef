import { RevealRequest } from '@doudi/domain';
import type { UserSummary } from '@doudi/domain';
import { api } from '../../api';
import { RevealModal } from '../../components/RevealModal';
import { schemaRule } from '../../forms';
import { useI18n } from '../../i18n';

/** Shows a user's full phone number after the viewer states why; the server writes the reason to the audit log. */
export function RevealPhoneModal({
  user,
  onRevealed,
  onClose,
}: {
  user: UserSummary;
  onRevealed: (value: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <RevealModal
      title={`${t('users.revealTitle')} · ${user.displayName}`}
      notice={t('users.revealNotice')}
      placeholder={t('users.revealReasonPlaceholder')}
      revealedLabel={t('users.revealed')}
      reasonRule={schemaRule(RevealRequest.shape.reason)}
      reveal={(reason) => api.revealUserField(user.id, { field: 'phone', reason })}
      onRevealed={onRevealed}
      onClose={onClose}
    />
  );
}
