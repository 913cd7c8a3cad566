import type { Role } from './gql/graphql';

/** A message under a field; the field names it with aria-describedby. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="error field-error">
      {message}
    </p>
  );
}

interface FieldProps<T extends string> {
  id: string;
  label: string;
  value: T;
  onChange: (value: T) => void;
  error?: string;
}

/** A labelled input with its error next to it (aria-invalid, aria-describedby). */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  type = 'text',
  autoComplete,
}: FieldProps<string> & { type?: 'text' | 'email' | 'password' | 'number'; autoComplete?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Admin or Member. */
export function RoleField({ id, label, value, onChange, error }: FieldProps<Role>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value as Role)}
      >
        <option value="MEMBER">Member</option>
        <option value="ADMIN">Admin</option>
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/**
 * Checkboxes choosing any of options, under a legend, with the group's error next to it. A value
 * ticked is added after those chosen already; one unticked is left out.
 */
export function CheckboxGroup<T extends string>({
  id,
  legend,
  options,
  chosen,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  options: { value: T; label: string }[];
  chosen: T[];
  onChange: (chosen: T[]) => void;
  error?: string;
}) {
  return (
    <fieldset className="field" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map(({ value, label }) => (
        <label key={value} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(value)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, value] : chosen.filter((x) => x !== value))}
          />
          {label} <code>{value}</code>
        </label>
      ))}
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

/** An error that belongs to no field, inside a form or dialog. */
export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}
