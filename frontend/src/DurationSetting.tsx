import type { TimeUnit } from './gql/graphql';
import { FieldError } from './fields';

/** The range of both policy durations (the server's MaxIdleTimeout and MaxAbsoluteLifetime), shown up front. */
export const DURATION_HINT = 'From 1 minute to 90 days.';

/** The ids a field's error and its hint go by, for aria-describedby: the error first. */
export function describedBy(field: string, errors: Record<string, string>, hint = true): string | undefined {
  return [errors[field] ? `${field}-error` : '', hint ? `${field}-hint` : ''].filter(Boolean).join(' ') || undefined;
}

/** The form's fields for one duration setting, named as the server names them in errors. */
export interface DurationFieldIds {
  enabled: string;
  value: string;
  unit: string;
}

/**
 * A policy duration that can be switched on (the idle timeout, the absolute lifetime): a card with
 * the switch, the number and its unit with its range, each error next to its field.
 */
export function DurationSetting({
  ids,
  heading,
  note,
  switchLabel,
  valueLabel,
  unitLabel,
  enabled,
  value,
  unit,
  errors,
  onEnabled,
  onValue,
  onUnit,
}: {
  ids: DurationFieldIds;
  heading: string;
  note: string;
  switchLabel: string;
  valueLabel: string;
  unitLabel: string;
  enabled: boolean;
  value: string;
  unit: TimeUnit;
  errors: Record<string, string>;
  onEnabled: (on: boolean) => void;
  onValue: (value: string) => void;
  onUnit: (unit: TimeUnit) => void;
}) {
  return (
    <section aria-labelledby={`${ids.enabled}-heading`} className="card">
      <h3 id={`${ids.enabled}-heading`}>{heading}</h3>
      <p className="note">{note}</p>
      <div className="switch-row">
        <input id={ids.enabled} type="checkbox" role="switch" checked={enabled} onChange={(e) => onEnabled(e.target.checked)} />
        <label htmlFor={ids.enabled}>{switchLabel}</label>
      </div>
      <FieldError id={`${ids.enabled}-error`} message={errors[ids.enabled]} />
      <div className="inline-fields">
        <div className="field">
          <label htmlFor={ids.value}>{valueLabel}</label>
          <input
            id={ids.value}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            disabled={!enabled}
            value={value}
            aria-invalid={errors[ids.value] ? true : undefined}
            aria-describedby={describedBy(ids.value, errors)}
            onChange={(e) => onValue(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.unit}>{unitLabel}</label>
          <select
            id={ids.unit}
            disabled={!enabled}
            value={unit}
            aria-invalid={errors[ids.unit] ? true : undefined}
            aria-describedby={describedBy(ids.unit, errors, false)}
            onChange={(e) => onUnit(e.target.value as TimeUnit)}
          >
            <option value="MINUTES">Minutes</option>
            <option value="HOURS">Hours</option>
            <option value="DAYS">Days</option>
          </select>
        </div>
      </div>
      <p className="hint" id={`${ids.value}-hint`}>
        {DURATION_HINT}
      </p>
      <FieldError id={`${ids.value}-error`} message={errors[ids.value]} />
      <FieldError id={`${ids.unit}-error`} message={errors[ids.unit]} />
    </section>
  );
}
