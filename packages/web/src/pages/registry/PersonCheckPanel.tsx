import { Alert, Button, Space, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { ageOn } from '@doudi/domain';
import type { PersonCheckResult } from '@doudi/domain';
import { useI18n } from '../../i18n';
import { GENDER_LABELS, todayInBeijing } from './registryFormat';

/** Facts derived from an ID number that the form shows under the field. */
export interface DerivedPerson {
  gender: 'male' | 'female';
  birthDate: string;
}

/**
 * What the ID-number field shows after it is left: gender and birth date read from the number, warnings (an area
 * code no longer in use), and where the person is already registered, with 申请迁入 when a transfer is possible.
 */
export function PersonCheckPanel({
  derived,
  result,
  checking,
  onTransfer,
  transferHint,
}: {
  derived: DerivedPerson | null;
  result: PersonCheckResult | null;
  checking: boolean;
  /** Opens the transfer request; absent when the household does not exist yet. */
  onTransfer?: () => void;
  transferHint?: string;
}) {
  const { t } = useI18n();
  if (!derived) return null;
  const age = ageOn(derived.birthDate, todayInBeijing());
  return (
    <div className="person-check" data-testid="person-check">
      <Typography.Text type="secondary" data-testid="person-derived">
        {t('registry.member.derived', {
          gender: GENDER_LABELS[derived.gender],
          birthDate: derived.birthDate,
          age,
        })}
        {checking ? ` · ${t('registry.member.checking')}` : null}
      </Typography.Text>
      {result?.warnings.map((warning) => (
        <Alert key={warning} type="warning" showIcon title={warning} className="person-check-alert" />
      ))}
      {result && result.status !== 'free' ? (
        <Alert
          type="error"
          showIcon
          className="person-check-alert"
          data-testid="person-registered"
          title={result.message}
          description={
            onTransfer || transferHint ? (
              <Space orientation="vertical" size={4}>
                {transferHint ? <span>{transferHint}</span> : null}
                {onTransfer ? (
                  <Button size="small" icon={<SwapOutlined />} onClick={onTransfer} data-testid="transfer-request">
                    {t('registry.transfer.request')}
                  </Button>
                ) : null}
              </Space>
            ) : undefined
          }
        />
      ) : null}
    </div>
  );
}
