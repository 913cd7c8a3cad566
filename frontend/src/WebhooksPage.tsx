import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from './gql';
import type { WebhookEvent } from './gql/graphql';
import { describeError } from './errors';
import { useMutationForm } from './useMutationForm';
import { ConfirmDialog } from './ConfirmDialog';
import { CheckboxGroup, FormError, TextField } from './fields';
import { RelativeTime } from './RelativeTime';
import { SecretDialog } from './SecretDialog';
import { WebhookDeliveries } from './WebhookDeliveries';

// The webhooks page (admins) with its own operations: list endpoints with their recent
// deliveries, add one (the signing secret shown once, with a copy button), send a test ping,
// delete with confirmation. README, "Webhooks".

export const WebhooksQuery = graphql(`
  query Webhooks {
    webhooks {
      id url events createdAt
      deliveries(first: 10) { id eventId eventType status attempts createdAt lastAttemptAt lastStatusCode lastError deliveredAt nextAttemptAt }
    }
  }
`);

export const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) { secret webhook { id url } }
  }
`);

export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

export const TestWebhookMutation = graphql(`
  mutation TestWebhook($id: ID!) {
    testWebhook(id: $id)
  }
`);

const EVENTS: { value: WebhookEvent; label: string }[] = [
  { value: 'SESSION_STARTED', label: 'A session started' },
  { value: 'SESSION_ENDED', label: 'A session ended' },
  { value: 'POLICY_UPDATED', label: 'The session policy changed' },
];

const LABELS = { url: 'The URL', events: 'Events' };

/** The URL field's id: focus returns to it when the server refuses the URL. */
const URL_FIELD = 'webhook-url';

interface EndpointRow {
  id: string;
  url: string;
}

export function WebhooksPage() {
  const [{ data, error }, refetch] = useQuery({ query: WebhooksQuery });
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<EndpointRow | null>(null);
  const [message, setMessage] = useState('');
  const deletion = useMutationForm({});
  const test = useMutationForm({});
  const [testing, setTesting] = useState('');
  const hooks = data?.webhooks ?? [];

  function reload(text: string) {
    setMessage(text);
    refetch({ requestPolicy: 'network-only' });
  }

  async function remove(w: EndpointRow) {
    if (await deletion.run(DeleteWebhookMutation, { id: w.id })) {
      setDeleting(null);
      reload(`Deleted the endpoint ${w.url}: it receives no more events.`);
    }
  }

  async function sendTest(w: EndpointRow) {
    setMessage('');
    setTesting(w.id);
    const r = await test.run(TestWebhookMutation, { id: w.id });
    setTesting('');
    if (!r) return;
    reload(
      r.testWebhook
        ? `Test ping sent to ${w.url}: it answered 2xx.`
        : `Test ping sent to ${w.url}: it did not answer 2xx within 10 seconds. Its delivery log below says why.`,
    );
  }

  return (
    <div className="page">
      <h2>Webhooks</h2>
      <p className="lead">Endpoints receive this account's session events as signed HTTPS POSTs, each at least once, retried for a day.</p>
      <section aria-labelledby="webhooks-heading" className="card">
        <div className="section-head">
          <h3 id="webhooks-heading">Endpoints</h3>
          <div>
            <button type="button" onClick={() => reload('')}>
              Refresh
            </button>{' '}
            <button type="button" className="primary" onClick={() => { setMessage(''); test.setErrors({}); setAdding(true); }}>
              Add endpoint
            </button>
          </div>
        </div>
        <p role="status" className="status">
          {message}
        </p>
        <FormError message={test.errors[''] && `The test ping could not be sent: ${test.errors['']}`} />
        {error && !data && <FormError message={`Could not load webhooks: ${describeError(error)}`} />}
        <table>
          <caption>{data ? (hooks.length === 1 ? '1 endpoint' : `${hooks.length} endpoints`) : 'Loading endpoints…'}</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Created</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {hooks.map((w) => (
              <tr key={w.id}>
                <td><code style={{ wordBreak: 'break-all' }}>{w.url}</code></td>
                <td>{w.events.join(', ')}</td>
                <td><RelativeTime iso={w.createdAt} /></td>
                <td>
                  <button type="button" disabled={testing !== ''} onClick={() => void sendTest(w)}>
                    {testing === w.id ? 'Sending…' : 'Send test'}<span className="visually-hidden"> to {w.url}</span>
                  </button>{' '}
                  <button type="button" className="danger" onClick={() => { deletion.setErrors({}); setDeleting(w); }}>
                    Delete<span className="visually-hidden"> {w.url}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {hooks.map((w) => (
        <WebhookDeliveries key={w.id} url={w.url} deliveries={w.deliveries} />
      ))}
      {adding && (
        <AddWebhookDialog
          onCancel={() => setAdding(false)}
          onCreated={(url, secret) => {
            setAdding(false);
            setCreated({ url, secret });
            reload('');
          }}
        />
      )}
      {created && (
        <SecretDialog title={`Endpoint ${created.url} added`} secret={created.secret} copyLabel="Copy secret" testId="webhook-secret" onClose={() => setCreated(null)}>
          <p>Copy the signing secret now: it is shown this once and cannot be shown again. Keep it with the receiver, which checks each delivery's <code>X-Sessionguard-Signature</code> with it.</p>
        </SecretDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.url}?`}
          busy={deletion.busy}
          onCancel={() => setDeleting(null)}
          actions={[{ label: 'Delete endpoint', kind: 'danger', onClick: () => void remove(deleting) }]}
        >
          <p>The endpoint receives no more events; its delivery log and undelivered events are dropped. This cannot be undone.</p>
          <FormError message={deletion.errors['']} />
        </ConfirmDialog>
      )}
    </div>
  );
}

function AddWebhookDialog({ onCancel, onCreated }: { onCancel: () => void; onCreated: (url: string, secret: string) => void }) {
  const [url, setUrl] = useState('https://');
  const [events, setEvents] = useState<WebhookEvent[]>(EVENTS.map((e) => e.value));
  const form = useMutationForm(LABELS);

  // A refused URL: focus goes to the field, whose message is read with it (aria-describedby).
  useEffect(() => {
    if (form.errors.url) document.getElementById(URL_FIELD)?.focus();
  }, [form.errors.url]);

  async function submit() {
    const r = await form.run(CreateWebhookMutation, { input: { url: url.trim(), events } });
    if (r) onCreated(r.createWebhook.webhook.url, r.createWebhook.secret);
  }

  return (
    <ConfirmDialog
      title="Add webhook endpoint"
      busy={form.busy}
      focusFirstField
      onCancel={onCancel}
      actions={[{ label: 'Add endpoint', onClick: () => void submit() }]}
    >
      <TextField id={URL_FIELD} label="URL (https://)" value={url} onChange={setUrl} error={form.errors.url} />
      <CheckboxGroup id="webhook-events" legend="Events" options={EVENTS} chosen={events} onChange={setEvents} error={form.errors.events} />
      <FormError message={form.errors['']} />
    </ConfirmDialog>
  );
}
