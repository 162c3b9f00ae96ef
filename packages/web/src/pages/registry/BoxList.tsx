import type { ReactNode } from 'react';

/**
 * The paper form's tick boxes: every option is printed, the chosen ones with ☑ (□ for the rest), so a reader sees
 * what was asked as well as what was answered.
 */
export function BoxList<T extends string>({
  options,
  checked,
  extra,
  testId,
}: {
  options: readonly { value: T; label: string }[];
  checked: readonly T[];
  /** Text after a chosen option, e.g. its yearly amount. */
  extra?: (value: T) => ReactNode;
  testId?: string;
}) {
  return (
    <span className="box-list" data-testid={testId}>
      {options.map((o) => {
        const on = checked.includes(o.value);
        return (
          <span key={o.value} className={on ? 'box box-on' : 'box'}>
            <span className="box-mark" aria-hidden="true">
              {on ? '☑' : '□'}
            </span>
            {o.label}
            {on && extra ? extra(o.value) : null}
          </span>
        );
      })}
    </span>
  );
}
