import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useClient, useQuery, useSubscription } from 'urql';
import type { CombinedError } from '@urql/core';
import { PolicyPreviewQuery, SessionPolicyQuery, SessionPolicyUpdatedSubscription, UpdatePolicyMutation } from './operations';
import type { LimitBehavior, PolicyFieldsFragment, PolicyPreviewQuery as Preview, SessionPolicyInput, TimeUnit } from './gql/graphql';
import { fieldErrors } from './errors';
import { ConfirmDialog } from './ConfirmDialog';
import { FieldError } from './fields';

interface FormState {
  limitMultipleSessions: boolean;
  maxConcurrentSessions: string;
  whenLimitReached: LimitBehavior;
  idleTimeoutEnabled: boolean;
  idleTimeoutValue: string;
  idleTimeoutUnit: TimeUnit;
}

function fromPolicy(p: PolicyFieldsFragment): FormState {
  return {
    limitMultipleSessions: p.limitMultipleSessions,
    maxConcurrentSessions: String(p.maxConcurrentSessions),
    whenLimitReached: p.whenLimitReached,
    idleTimeoutEnabled: p.idleTimeoutEnabled,
    idleTimeoutValue: p.idleTimeout ? String(p.idleTimeout.value) : '30',
    idleTimeoutUnit: p.idleTimeout?.unit ?? 'MINUTES',
  };
}

function sameForm(a: FormState, b: FormState): boolean {
  return (Object.keys(a) as (keyof FormState)[]).every((k) => a[k] === b[k]);
}

type Errors = Record<string, string>;

/** Whole numbers go to the server as they are (it validates ranges); anything else is caught here,
 * because GraphQL would refuse it without naming the field. */
function toInput(f: FormState): { input?: SessionPolicyInput; errors: Errors } {
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
  };
  if (f.limitMultipleSessions) input.maxConcurrentSessions = int(f.maxConcurrentSessions, 'maxConcurrentSessions');
  if (f.idleTimeoutEnabled) {
    input.idleTimeoutValue = int(f.idleTimeoutValue, 'idleTimeoutValue');
    input.idleTimeoutUnit = f.idleTimeoutUnit;
  }
  return Object.keys(errors).length ? { errors } : { input, errors };
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

  if (loadError && !data) return <p className="error" role="alert">Could not load the session policy.</p>;
  if (!form) return <p role="status">Loading the session policy…</p>;

  const set = (patch: Partial<FormState>) => {
    setForm({ ...form, ...patch });
    setStatus('');
  };
  const showErrors = (e: CombinedError | undefined) => {
    const fe = fieldErrors(e);
    setErrors(fe);
  };
  const describedBy = (field: string) => (errors[field] ? `${field}-error` : undefined);

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
    const { input, errors: local } = toInput(form!);
    if (!input) {
      setErrors(local);
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
  const idleOn = form.idleTimeoutEnabled;
  const p = base ?? data?.sessionPolicy;

  return (
    <form className="policy" onSubmit={submit} noValidate aria-label="Session policy">
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
            aria-describedby={describedBy('limitMultipleSessions') ?? 'limit-note'}
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
            aria-describedby={describedBy('maxConcurrentSessions')}
            onChange={(e) => set({ maxConcurrentSessions: e.target.value })}
          />
          <FieldError id="maxConcurrentSessions-error" message={errors.maxConcurrentSessions} />
        </div>
        <fieldset disabled={!limitOn} aria-describedby={describedBy('whenLimitReached')}>
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

      <section aria-labelledby="idle-heading" className="card">
        <h3 id="idle-heading">Idle session timeout</h3>
        <p className="note">Users are logged out automatically after this much inactivity and must sign in again.</p>
        <div className="switch-row">
          <input
            id="idleTimeoutEnabled"
            type="checkbox"
            role="switch"
            checked={idleOn}
            onChange={(e) => set({ idleTimeoutEnabled: e.target.checked })}
          />
          <label htmlFor="idleTimeoutEnabled">Idle Session Timeout</label>
        </div>
        <FieldError id="idleTimeoutEnabled-error" message={errors.idleTimeoutEnabled} />
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="idleTimeoutValue">Idle timeout</label>
            <input
              id="idleTimeoutValue"
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              disabled={!idleOn}
              value={form.idleTimeoutValue}
              aria-invalid={errors.idleTimeoutValue ? true : undefined}
              aria-describedby={describedBy('idleTimeoutValue')}
              onChange={(e) => set({ idleTimeoutValue: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="idleTimeoutUnit">Unit</label>
            <select
              id="idleTimeoutUnit"
              disabled={!idleOn}
              value={form.idleTimeoutUnit}
              aria-invalid={errors.idleTimeoutUnit ? true : undefined}
              aria-describedby={describedBy('idleTimeoutUnit')}
              onChange={(e) => set({ idleTimeoutUnit: e.target.value as TimeUnit })}
            >
              <option value="MINUTES">Minutes</option>
              <option value="HOURS">Hours</option>
              <option value="DAYS">Days</option>
            </select>
          </div>
        </div>
        <FieldError id="idleTimeoutValue-error" message={errors.idleTimeoutValue} />
        <FieldError id="idleTimeoutUnit-error" message={errors.idleTimeoutUnit} />
      </section>

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
            Last changed {new Date(p.updatedAt).toLocaleString()}
            {p.updatedBy ? ` by ${p.updatedBy.name}` : ''}
          </span>
        )}
      </div>

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
          </ul>
        </ConfirmDialog>
      )}
    </form>
  );
}
