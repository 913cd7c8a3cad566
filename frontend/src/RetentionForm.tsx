import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { RetentionSettingsQuery, UpdateRetentionSettingsMutation } from './operations';
import { FormError, TextField } from './fields';
import { useMutationForm } from './useMutationForm';

const LABELS = { terminatedSessionsDays: 'Keep ended sessions for', auditEventsDays: 'Keep audit entries for' };

/** How long the account keeps ended sessions and audit entries (admins), with the bounds up front. */
export function RetentionForm() {
  const [{ data }] = useQuery({ query: RetentionSettingsQuery });
  const [sessions, setSessions] = useState('');
  const [audit, setAudit] = useState('');
  const [saved, setSaved] = useState('');
  const form = useMutationForm(LABELS);
  const current = data?.retentionSettings;
  useEffect(() => {
    if (!current) return;
    setSessions(String(current.terminatedSessionsDays));
    setAudit(String(current.auditEventsDays));
  }, [current]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    const r = await form.run(UpdateRetentionSettingsMutation, {
      input: { terminatedSessionsDays: Number(sessions), auditEventsDays: Number(audit) },
    });
    if (r) setSaved('Saved. Older records are deleted within the hour.');
  }

  return (
    <section aria-labelledby="retention-heading" className="card">
      <h3 id="retention-heading">Retention</h3>
      <p className="muted">Ended sessions: 1 to 3650 days. Audit entries: 30 to 3650 days. Older records are deleted.</p>
      <form onSubmit={save} className="retention">
        <TextField id="retention-sessions" type="number" label={`${LABELS.terminatedSessionsDays} (days)`} value={sessions} onChange={setSessions} error={form.errors.terminatedSessionsDays} />
        <TextField id="retention-audit" type="number" label={`${LABELS.auditEventsDays} (days)`} value={audit} onChange={setAudit} error={form.errors.auditEventsDays} />
        <FormError message={form.errors['']} />
        <button type="submit" className="primary" disabled={form.busy || !current}>
          Save retention
        </button>
        <p role="status" className="status">
          {saved}
        </p>
      </form>
    </section>
  );
}
