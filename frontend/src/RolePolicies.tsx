import type { LimitBehavior, PolicyFieldsFragment, Role, RoleSessionPolicyInput, TimeUnit } from './gql/graphql';
import { DurationSetting, describedBy } from './DurationSetting';
import { FieldError } from './fields';

/** The range of a session limit (the server's MaxSessionLimit), shown up front. */
export const LIMIT_HINT = 'From 1 to 100.';

/** The roles the console sets rules for, with the words it uses for them. */
export const ROLES: { role: Role; label: string }[] = [
  { role: 'ADMIN', label: 'Administrators' },
  { role: 'MEMBER', label: 'Members' },
];

/**
 * One role's rules as the form edits them: each group (the limit, the idle timeout, the lifetime)
 * either uses the account's setting or overrides all of its fields.
 */
export interface RoleForm {
  role: Role;
  ownLimit: boolean;
  limitMultipleSessions: boolean;
  maxConcurrentSessions: string;
  whenLimitReached: LimitBehavior;
  ownIdle: boolean;
  idleTimeoutEnabled: boolean;
  idleTimeoutValue: string;
  idleTimeoutUnit: TimeUnit;
  ownLifetime: boolean;
  absoluteLifetimeEnabled: boolean;
  absoluteLifetimeValue: string;
  absoluteLifetimeUnit: TimeUnit;
}

type Override = PolicyFieldsFragment['roleOverrides'][number];

/** Each role's form from the policy: a group the role does not override starts from the account's values. */
export function roleForms(p: PolicyFieldsFragment): RoleForm[] {
  return ROLES.map(({ role }) => {
    const o: Partial<Override> = p.roleOverrides.find((r) => r.role === role) ?? {};
    const idle = o.idleTimeout ?? p.idleTimeout;
    const lifetime = o.absoluteLifetime ?? p.absoluteLifetime;
    return {
      role,
      ownLimit: o.limitMultipleSessions != null || o.maxConcurrentSessions != null || o.whenLimitReached != null,
      limitMultipleSessions: o.limitMultipleSessions ?? p.limitMultipleSessions,
      maxConcurrentSessions: String(o.maxConcurrentSessions ?? p.maxConcurrentSessions),
      whenLimitReached: o.whenLimitReached ?? p.whenLimitReached,
      ownIdle: o.idleTimeoutEnabled != null || o.idleTimeout != null,
      idleTimeoutEnabled: o.idleTimeoutEnabled ?? p.idleTimeoutEnabled,
      idleTimeoutValue: idle ? String(idle.value) : '30',
      idleTimeoutUnit: idle?.unit ?? 'MINUTES',
      ownLifetime: o.absoluteLifetimeEnabled != null || o.absoluteLifetime != null,
      absoluteLifetimeEnabled: o.absoluteLifetimeEnabled ?? p.absoluteLifetimeEnabled,
      absoluteLifetimeValue: lifetime ? String(lifetime.value) : '12',
      absoluteLifetimeUnit: lifetime?.unit ?? 'HOURS',
    };
  });
}

/**
 * The roleOverrides input: a role that overrides nothing is left out; a group it overrides sends
 * every field of the group (a value and unit only while switched on), the others null. roles[i]
 * is the role of input i, for naming the server's errors ("roleOverrides[i].field").
 */
export function toRoleInputs(
  forms: RoleForm[],
  int: (s: string, field: string) => number | null,
): { inputs: RoleSessionPolicyInput[]; roles: Role[] } {
  const inputs: RoleSessionPolicyInput[] = [];
  for (const f of forms) {
    if (!f.ownLimit && !f.ownIdle && !f.ownLifetime) continue;
    const r: RoleSessionPolicyInput = { role: f.role };
    if (f.ownLimit) {
      r.limitMultipleSessions = f.limitMultipleSessions;
      r.whenLimitReached = f.whenLimitReached;
      if (f.limitMultipleSessions) r.maxConcurrentSessions = int(f.maxConcurrentSessions, `${f.role}.maxConcurrentSessions`);
    }
    if (f.ownIdle) {
      r.idleTimeoutEnabled = f.idleTimeoutEnabled;
      if (f.idleTimeoutEnabled) {
        r.idleTimeoutValue = int(f.idleTimeoutValue, `${f.role}.idleTimeoutValue`);
        r.idleTimeoutUnit = f.idleTimeoutUnit;
      }
    }
    if (f.ownLifetime) {
      r.absoluteLifetimeEnabled = f.absoluteLifetimeEnabled;
      if (f.absoluteLifetimeEnabled) {
        r.absoluteLifetimeValue = int(f.absoluteLifetimeValue, `${f.role}.absoluteLifetimeValue`);
        r.absoluteLifetimeUnit = f.absoluteLifetimeUnit;
      }
    }
    inputs.push(r);
  }
  return { inputs, roles: inputs.map((r) => r.role) };
}

/**
 * The server names a role's field by its place in the input, "roleOverrides[1].idleTimeoutValue":
 * the form names it by role, "MEMBER.idleTimeoutValue", as its fields' ids do.
 */
export function byRole(errors: Record<string, string>, roles: Role[], labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const m = /^roleOverrides\[(\d+)\]\.(\w+)$/.exec(key);
    const role = m && roles[Number(m[1])];
    if (!m || !role) {
      out[key] = message;
      continue;
    }
    const words = message.replace(/^roleOverrides\[\d+\]\.\w+ /i, '');
    out[`${role}.${m[2]}`] = labels[m[2]] ? `${labels[m[2]]} ${words}` : words;
  }
  return out;
}

/** The "Per-role rules" card: for each role, each group uses the account's setting unless unticked. */
export function RolePolicies({
  forms,
  errors,
  onChange,
}: {
  forms: RoleForm[];
  errors: Record<string, string>;
  onChange: (role: Role, patch: Partial<RoleForm>) => void;
}) {
  return (
    <section aria-labelledby="roles-heading" className="card">
      <h3 id="roles-heading">Per-role rules</h3>
      <p className="note">
        Give a role stricter (or looser) rules than the account&apos;s, for example a shorter idle timeout for administrators.
        A role uses the account&apos;s setting wherever &ldquo;Use account setting&rdquo; is ticked. A user whose role
        changes obeys the new role&apos;s rules from their next sign-in.
      </p>
      {forms.map((f) => {
        const label = ROLES.find((r) => r.role === f.role)?.label ?? f.role;
        const id = (field: string) => `${f.role}.${field}`;
        const set = (patch: Partial<RoleForm>) => onChange(f.role, patch);
        const inherit = (group: 'ownLimit' | 'ownIdle' | 'ownLifetime', what: string) => (
          <div className="switch-row">
            <input
              id={id(group)}
              type="checkbox"
              checked={!f[group]}
              onChange={(e) => set({ [group]: !e.target.checked })}
            />
            <label htmlFor={id(group)}>{`${label}: use account setting for ${what}`}</label>
          </div>
        );
        return (
          <fieldset key={f.role} className="role-rules">
            <legend>{label}</legend>
            {inherit('ownLimit', 'the session limit')}
            {f.ownLimit && (
              <div className="inline-fields">
                <div className="switch-row">
                  <input
                    id={id('limitMultipleSessions')}
                    type="checkbox"
                    role="switch"
                    checked={f.limitMultipleSessions}
                    onChange={(e) => set({ limitMultipleSessions: e.target.checked })}
                  />
                  <label htmlFor={id('limitMultipleSessions')}>{`${label}: Limit Multiple Sessions`}</label>
                </div>
                <div className="field">
                  <label htmlFor={id('maxConcurrentSessions')}>{`${label}: maximum sessions per user`}</label>
                  <input
                    id={id('maxConcurrentSessions')}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={100}
                    step={1}
                    disabled={!f.limitMultipleSessions}
                    value={f.maxConcurrentSessions}
                    aria-invalid={errors[id('maxConcurrentSessions')] ? true : undefined}
                    aria-describedby={describedBy(id('maxConcurrentSessions'), errors)}
                    onChange={(e) => set({ maxConcurrentSessions: e.target.value })}
                  />
                  <p className="hint" id={`${id('maxConcurrentSessions')}-hint`}>
                    {LIMIT_HINT}
                  </p>
                </div>
                <div className="field">
                  <label htmlFor={id('whenLimitReached')}>{`${label}: at the limit`}</label>
                  <select
                    id={id('whenLimitReached')}
                    value={f.whenLimitReached}
                    onChange={(e) => set({ whenLimitReached: e.target.value as LimitBehavior })}
                  >
                    <option value="EVICT_OLDEST">Log out the oldest session</option>
                    <option value="REJECT_NEW">Refuse the new login</option>
                  </select>
                </div>
              </div>
            )}
            <FieldError id={`${id('maxConcurrentSessions')}-error`} message={errors[id('maxConcurrentSessions')]} />
            <FieldError id={`${id('role')}-error`} message={errors[id('role')]} />
            {inherit('ownIdle', 'the idle timeout')}
            {f.ownIdle && (
              <DurationSetting
                ids={{ enabled: id('idleTimeoutEnabled'), value: id('idleTimeoutValue'), unit: id('idleTimeoutUnit') }}
                heading={`${label}: idle session timeout`}
                note={`${label} are logged out after this much inactivity.`}
                switchLabel={`${label}: Idle Session Timeout`}
                valueLabel={`${label}: idle timeout`}
                unitLabel={`${label}: idle timeout unit`}
                enabled={f.idleTimeoutEnabled}
                value={f.idleTimeoutValue}
                unit={f.idleTimeoutUnit}
                errors={errors}
                onEnabled={(on) => set({ idleTimeoutEnabled: on })}
                onValue={(v) => set({ idleTimeoutValue: v })}
                onUnit={(u) => set({ idleTimeoutUnit: u })}
              />
            )}
            {inherit('ownLifetime', 'the absolute lifetime')}
            {f.ownLifetime && (
              <DurationSetting
                ids={{ enabled: id('absoluteLifetimeEnabled'), value: id('absoluteLifetimeValue'), unit: id('absoluteLifetimeUnit') }}
                heading={`${label}: absolute session lifetime`}
                note={`${label}' sessions end this long after sign-in, however active.`}
                switchLabel={`${label}: Absolute Session Lifetime`}
                valueLabel={`${label}: maximum lifetime`}
                unitLabel={`${label}: lifetime unit`}
                enabled={f.absoluteLifetimeEnabled}
                value={f.absoluteLifetimeValue}
                unit={f.absoluteLifetimeUnit}
                errors={errors}
                onEnabled={(on) => set({ absoluteLifetimeEnabled: on })}
                onValue={(v) => set({ absoluteLifetimeValue: v })}
                onUnit={(u) => set({ absoluteLifetimeUnit: u })}
              />
            )}
          </fieldset>
        );
      })}
    </section>
  );
}
