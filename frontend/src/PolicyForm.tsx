import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useBlocker } from 'react-router';
import { useClient, useQuery, useSubscription } from 'urql';
import type { CombinedError } from '@urql/core';
import { PolicyPreviewQuery, SessionPolicyQuery, SessionPolicyUpdatedSubscription, UpdatePolicyMutation } from './operations';
import type {
  LimitBehavior,
  PolicyFieldsFragment,
  PolicyPreviewQuery as Preview,
  Role,
  SessionPolicyInput,
  TimeUnit,
} from './gql/graphql';
import { plainFieldErrors } from './errors';
import { ConfirmDialog } from './ConfirmDialog';
import { FieldError } from './fields';
import { DurationSetting, describedBy } from './DurationSetting';
import { LIMIT_HINT, RolePolicies, byRole, roleForms, toRoleInputs, type RoleForm } from './RolePolicies';
import { focusFirstProblem } from './focus';
import { RelativeTime } from './RelativeTime';
import { IDLE_WARNING_NOTE } from './IdleWarning';

interface FormState {
  limitMultipleSessions: boolean;
  maxConcurrentSessions: string;
  whenLimitReached: LimitBehavior;
  idleTimeoutEnabled: boolean;
  idleTimeoutValue: string;
  idleTimeoutUnit: TimeUnit;
  absoluteLifetimeEnabled: boolean;
  absoluteLifetimeValue: string;
  absoluteLifetimeUnit: TimeUnit;
  roles: RoleForm[];
}

function fromPolicy(p: PolicyFieldsFragment): FormState {
  return {
    limitMultipleSessions: p.limitMultipleSessions,
    maxConcurrentSessions: String(p.maxConcurrentSessions),
    whenLimitReached: p.whenLimitReached,
    idleTimeoutEnabled: p.idleTimeoutEnabled,
    idleTimeoutValue: p.idleTimeout ? String(p.idleTimeout.value) : '30',
    idleTimeoutUnit: p.idleTimeout?.unit ?? 'MINUTES',
    absoluteLifetimeEnabled: p.absoluteLifetimeEnabled,
    absoluteLifetimeValue: p.absoluteLifetime ? String(p.absoluteLifetime.value) : '12',
    absoluteLifetimeUnit: p.absoluteLifetime?.unit ?? 'HOURS',
    roles: roleForms(p),
  };
}

function sameForm(a: FormState, b: FormState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

type Errors = Record<string, string>;

/**
 * Each field as the form labels it, so the server's errors read as the form does:
 * "Maximum concurrent sessions per user must be between 1 and 100."
 */
export const FIELD_LABELS: Record<string, string> = {
  limitMultipleSessions: 'Limit Multiple Sessions',
  maxConcurrentSessions: 'Maximum concurrent sessions per user',
  whenLimitReached: 'The choice "When a user at the limit signs in again"',
  idleTimeoutEnabled: 'Idle Session Timeout',
  idleTimeoutValue: 'Idle timeout',
  idleTimeoutUnit: 'Unit',
  absoluteLifetimeEnabled: 'Absolute Session Lifetime',
  absoluteLifetimeValue: 'Maximum lifetime',
  absoluteLifetimeUnit: 'Lifetime unit',
};

/** Whole numbers go to the server as they are (it validates ranges); anything else is caught here,
 * because GraphQL would refuse it without naming the field. */
function toInput(f: FormState): { input?: SessionPolicyInput; errors: Errors; roles: Role[] } {
  const errors: Errors = {};
  const int = (s: string, field: string): number | null => {
    const t = s.trim();
    if (t === '') return null;
    if (!/^-?\d+$/.test(t)) {
      errors[field] = 'Enter a whole number.';
      return null;
    }
    return Number(t);
  };
  const input: SessionPolicyInput = {
    limitMultipleSessions: f.limitMultipleSessions,
    whenLimitReached: f.whenLimitReached,
    idleTimeoutEnabled: f.idleTimeoutEnabled,
    absoluteLifetimeEnabled: f.absoluteLifetimeEnabled,
  };
  if (f.limitMultipleSessions) input.maxConcurrentSessions = int(f.maxConcurrentSessions, 'maxConcurrentSessions');
  if (f.idleTimeoutEnabled) {
    input.idleTimeoutValue = int(f.idleTimeoutValue, 'idleTimeoutValue');
    input.idleTimeoutUnit = f.idleTimeoutUnit;
  }
  if (f.absoluteLifetimeEnabled) {
    input.absoluteLifetimeValue = int(f.absoluteLifetimeValue, 'absoluteLifetimeValue');
    input.absoluteLifetimeUnit = f.absoluteLifetimeUnit;
  }
  const { inputs, roles } = toRoleInputs(f.roles, int);
  input.roleOverrides = inputs;
  return Object.keys(errors).length ? { errors, roles } : { input, errors, roles };
}

export function PolicyForm() {
  const client = useClient();
  const [{ data, error: loadError }] = useQuery({ query: SessionPolicyQuery });
  const [form, setForm] = useState<FormState | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<{ input: SessionPolicyInput; impact: Preview['sessionPolicyPreview'] } | null>(null);

  // The policy the form was filled from (loaded, saved, or pushed by sessionPolicyUpdated). Refs
  // too: the push handler must see a save that completed in the same tick (its own push).
  const [base, setBase] = useState<PolicyFieldsFragment | null>(null);
  const baseRef = useRef<PolicyFieldsFragment | null>(null);
  const formRef = useRef<FormState | null>(null);
  const savingRef = useRef(false);
  // The role of each roleOverrides entry last sent, to put the server's errors by their fields.
  const sentRolesRef = useRef<Role[]>([]);
  formRef.current = form;
  useEffect(() => {
    if (data?.sessionPolicy && !form) {
      setForm(fromPolicy(data.sessionPolicy));
      setBase(data.sessionPolicy);
      baseRef.current = data.sessionPolicy;
    }
  }, [data, form]);

  // Another administrator saved: follow the change unless the form has unsaved edits.
  const [{ data: pushed }] = useSubscription({ query: SessionPolicyUpdatedSubscription });
  useEffect(() => {
    const next = pushed?.sessionPolicyUpdated;
    const cur = formRef.current;
    const b = baseRef.current;
    // Our own save in flight brings the new policy itself.
    if (!next || !cur || !b || savingRef.current) return;
    if (next.updatedAt && next.updatedAt === b.updatedAt) return;
    if (!sameForm(cur, fromPolicy(b))) {
      setStatus('Another administrator changed the session policy; saving will replace their change.');
      return;
    }
    baseRef.current = next;
    setBase(next);
    if (sameForm(fromPolicy(next), cur)) return;
    const f = fromPolicy(next);
    formRef.current = f;
    setForm(f);
    setErrors({});
    setStatus(`The session policy was changed${next.updatedBy ? ` by ${next.updatedBy.name}` : ''}.`);
  }, [pushed]);

  // After each refusal (here or by the server), focus goes to the first field in error.
  const formEl = useRef<HTMLFormElement>(null);
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals) focusFirstProblem(formEl.current);
  }, [refusals]);

  // Unsaved edits: leaving the page (another tab of the console, Back, a reload) asks first.
  const dirty = !!form && !!base && !sameForm(form, fromPolicy(base));
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);

  if (loadError && !data) return <p className="error" role="alert">Could not load the session policy.</p>;
  if (!form) return <p role="status">Loading the session policy…</p>;

  const set = (patch: Partial<FormState>) => {
    setForm({ ...form, ...patch });
    setStatus('');
  };
  const showErrors = (e: CombinedError | undefined) => {
    const fe = plainFieldErrors(e, FIELD_LABELS);
    setErrors(byRole(fe, sentRolesRef.current, FIELD_LABELS));
    setRefusals((n) => n + 1);
  };

  async function save(input: SessionPolicyInput) {
    setBusy(true);
    savingRef.current = true;
    const r = await client.mutation(UpdatePolicyMutation, { input }).toPromise();
    savingRef.current = false;
    setBusy(false);
    setConfirm(null);
    if (r.error || !r.data) {
      showErrors(r.error);
      return;
    }
    setErrors({});
    const saved = r.data.updateSessionPolicy;
    formRef.current = fromPolicy(saved);
    baseRef.current = saved;
    setForm(formRef.current);
    setBase(saved);
    setStatus('Session policy saved.');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setStatus('');
    const { input, errors: local, roles } = toInput(form!);
    sentRolesRef.current = roles;
    if (!input) {
      setErrors(local);
      setRefusals((n) => n + 1);
      return;
    }
    setBusy(true);
    const r = await client.query(PolicyPreviewQuery, { input }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    if (r.error || !r.data) {
      showErrors(r.error);
      return;
    }
    setErrors({});
    const impact = r.data.sessionPolicyPreview;
    if (impact.sessionsToEnd > 0) {
      setConfirm({ input, impact });
      return;
    }
    await save(input);
  }

  const limitOn = form.limitMultipleSessions;
  const p = base ?? data?.sessionPolicy;

  return (
    <form className="policy" onSubmit={submit} noValidate aria-label="Session policy" ref={formEl}>
      <section aria-labelledby="limit-heading" className="card">
        <h3 id="limit-heading">Limiting number of active sessions</h3>
        <p className="note" id="limit-note">
          If the maximum concurrent session limit is not configured, only <strong>one active session per user</strong> is
          allowed. To let team members stay signed in on several devices or browsers at once, turn on Limit Multiple
          Sessions and set the maximum.
        </p>
        <div className="switch-row">
          <input
            id="limitMultipleSessions"
            type="checkbox"
            role="switch"
            checked={limitOn}
            aria-describedby={describedBy('limitMultipleSessions', errors, false) ?? 'limit-note'}
            onChange={(e) => set({ limitMultipleSessions: e.target.checked })}
          />
          <label htmlFor="limitMultipleSessions">Limit Multiple Sessions</label>
        </div>
        <FieldError id="limitMultipleSessions-error" message={errors.limitMultipleSessions} />
        <div className="field">
          <label htmlFor="maxConcurrentSessions">Maximum concurrent sessions per user</label>
          <input
            id="maxConcurrentSessions"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            step={1}
            disabled={!limitOn}
            value={form.maxConcurrentSessions}
            aria-invalid={errors.maxConcurrentSessions ? true : undefined}
            aria-describedby={describedBy('maxConcurrentSessions', errors)}
            onChange={(e) => set({ maxConcurrentSessions: e.target.value })}
          />
          <p className="hint" id="maxConcurrentSessions-hint">
            {LIMIT_HINT}
          </p>
          <FieldError id="maxConcurrentSessions-error" message={errors.maxConcurrentSessions} />
        </div>
        <fieldset disabled={!limitOn} aria-describedby={describedBy('whenLimitReached', errors, false)}>
          <legend>When a user at the limit signs in again</legend>
          <label className="radio">
            <input
              type="radio"
              name="whenLimitReached"
              value="EVICT_OLDEST"
              checked={form.whenLimitReached === 'EVICT_OLDEST'}
              onChange={() => set({ whenLimitReached: 'EVICT_OLDEST' })}
            />
            Log out the oldest session
          </label>
          <label className="radio">
            <input
              type="radio"
              name="whenLimitReached"
              value="REJECT_NEW"
              checked={form.whenLimitReached === 'REJECT_NEW'}
              onChange={() => set({ whenLimitReached: 'REJECT_NEW' })}
            />
            Refuse the new login
          </label>
        </fieldset>
        <FieldError id="whenLimitReached-error" message={errors.whenLimitReached} />
      </section>

      <DurationSetting
        ids={{ enabled: 'idleTimeoutEnabled', value: 'idleTimeoutValue', unit: 'idleTimeoutUnit' }}
        heading="Idle session timeout"
        note={`Users are logged out automatically after this much inactivity and must sign in again. ${IDLE_WARNING_NOTE}`}
        switchLabel="Idle Session Timeout"
        valueLabel="Idle timeout"
        unitLabel="Unit"
        enabled={form.idleTimeoutEnabled}
        value={form.idleTimeoutValue}
        unit={form.idleTimeoutUnit}
        errors={errors}
        onEnabled={(on) => set({ idleTimeoutEnabled: on })}
        onValue={(v) => set({ idleTimeoutValue: v })}
        onUnit={(u) => set({ idleTimeoutUnit: u })}
      />

      <DurationSetting
        ids={{ enabled: 'absoluteLifetimeEnabled', value: 'absoluteLifetimeValue', unit: 'absoluteLifetimeUnit' }}
        heading="Absolute session lifetime"
        note="Sessions end this long after sign-in, however active the user is; the console warns them a few minutes before."
        switchLabel="Absolute Session Lifetime"
        valueLabel="Maximum lifetime"
        unitLabel="Lifetime unit"
        enabled={form.absoluteLifetimeEnabled}
        value={form.absoluteLifetimeValue}
        unit={form.absoluteLifetimeUnit}
        errors={errors}
        onEnabled={(on) => set({ absoluteLifetimeEnabled: on })}
        onValue={(v) => set({ absoluteLifetimeValue: v })}
        onUnit={(u) => set({ absoluteLifetimeUnit: u })}
      />

      <RolePolicies
        forms={form.roles}
        errors={errors}
        onChange={(role, patch) => set({ roles: form.roles.map((r) => (r.role === role ? { ...r, ...patch } : r)) })}
      />

      {errors[''] && (
        <p className="error" role="alert">
          {errors['']}
        </p>
      )}
      {Object.keys(errors).some((k) => k !== '') && (
        <p className="error" role="alert">
          The policy was not saved: correct the fields marked above.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          Save
        </button>
        <span role="status" className="status">
          {status}
        </span>
        {p?.updatedAt && (
          <span className="muted">
            Last changed <RelativeTime iso={p.updatedAt} />
            {p.updatedBy ? ` by ${p.updatedBy.name}` : ''}
          </span>
        )}
      </div>

      {blocker.state === 'blocked' && (
        <ConfirmDialog
          title="Leave without saving?"
          cancelLabel="Stay and keep editing"
          onCancel={() => blocker.reset()}
          actions={[{ label: 'Leave without saving', kind: 'danger', onClick: () => blocker.proceed() }]}
        >
          <p>Your changes to the session policy are not saved yet. Leaving now discards them.</p>
        </ConfirmDialog>
      )}

      {confirm && (
        <ConfirmDialog
          title="Saving will end sessions"
          onCancel={() => setConfirm(null)}
          busy={busy}
          actions={[
            ...(confirm.impact.excessSessions > 0
              ? [
                  {
                    label: 'Save without ending sessions over the limit',
                    kind: 'secondary' as const,
                    onClick: () => void save({ ...confirm.input, endExcessSessions: false }),
                  },
                ]
              : []),
            {
              label: `End ${confirm.impact.sessionsToEnd} now and save`,
              kind: 'danger' as const,
              onClick: () => void save({ ...confirm.input, endExcessSessions: true }),
            },
          ]}
        >
          <p data-testid="preview-summary">
            This change would end <strong>{confirm.impact.sessionsToEnd}</strong> active session
            {confirm.impact.sessionsToEnd === 1 ? '' : 's'} of {confirm.impact.usersAffected} user
            {confirm.impact.usersAffected === 1 ? '' : 's'}.
          </p>
          <ul>
            {confirm.impact.excessSessions > 0 && (
              <li>
                {confirm.impact.excessSessions} above the new limit: end them now, or let them run until they end on their
                own.
              </li>
            )}
            {confirm.impact.idleSessions > 0 && (
              <li>{confirm.impact.idleSessions} already idle longer than the new timeout: they end as soon as you save.</li>
            )}
            {confirm.impact.lifetimeSessions > 0 && (
              <li>
                {confirm.impact.lifetimeSessions} signed in longer ago than the new lifetime: they end as soon as you save.
              </li>
            )}
          </ul>
          {confirm.input.roleOverrides && confirm.input.roleOverrides.length > 0 && (
            <p className="note">Each session is counted under the rules of its user&apos;s role.</p>
          )}
        </ConfirmDialog>
      )}
    </form>
  );
}
