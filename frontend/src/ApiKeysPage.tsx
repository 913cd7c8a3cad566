import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from './gql';
import type { ApiScope } from './gql/graphql';
import { describeError } from './errors';
import { formatTime } from './format';
import { useMutationForm } from './useMutationForm';
import { ConfirmDialog } from './ConfirmDialog';
import { SecretDialog } from './SecretDialog';
import { CheckboxGroup, FormError, TextField } from './fields';

// The API keys page (admins) with its own operations: list with last use, create (the secret
// shown once, with a copy button), revoke with confirmation. README, "API keys".

export const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys(first: 100) {
      nodes { id name prefix scopes createdAt expiresAt lastUsedAt lastUsedIp revokedAt active createdBy { id name } }
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { id name prefix } }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { id revokedAt active }
  }
`);

const SCOPES: { value: ApiScope; label: string }[] = [
  { value: 'SESSIONS_READ', label: 'Read sessions' },
  { value: 'SESSIONS_WRITE', label: 'End sessions' },
  { value: 'POLICY_READ', label: 'Read the session policy' },
  { value: 'POLICY_WRITE', label: 'Change the session policy' },
  { value: 'USERS_READ', label: 'Read users' },
  { value: 'USERS_WRITE', label: 'Change users' },
  { value: 'AUDIT_READ', label: 'Read the audit log' },
];

const LABELS = { name: 'Name', scopes: 'Scopes', expiresInDays: 'Expiry' };

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
}

export function ApiKeysPage() {
  const [{ data, error }, refetch] = useQuery({ query: ApiKeysQuery });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<KeyRow | null>(null);
  const [message, setMessage] = useState('');
  const revocation = useMutationForm({});
  const keys = data?.apiKeys.nodes ?? [];

  function reload(text: string) {
    setMessage(text);
    refetch({ requestPolicy: 'network-only' });
  }

  async function revoke(k: KeyRow) {
    if (await revocation.run(RevokeApiKeyMutation, { id: k.id })) {
      setRevoking(null);
      reload(`Revoked ${k.name}: it stopped working everywhere.`);
    }
  }

  return (
    <div className="page">
      <h2>API keys</h2>
      <p className="lead">Keys let scripts and services call the API within their scopes, without anyone's session. Revoke a key the moment it is no longer needed.</p>
      <section aria-labelledby="api-keys-heading" className="card">
        <div className="section-head">
          <h3 id="api-keys-heading">Keys</h3>
          <button type="button" className="primary" onClick={() => { setMessage(''); setCreating(true); }}>
            Create API key
          </button>
        </div>
        <p role="status" className="status">
          {message}
        </p>
        {error && !data && <FormError message={`Could not load API keys: ${describeError(error)}`} />}
        <table>
          <caption>{data ? `${keys.length} API keys` : 'Loading API keys…'}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td><code>{k.prefix}…</code></td>
                <td>{k.scopes.join(', ')}</td>
                <td>{formatTime(k.createdAt)}{k.createdBy ? ` by ${k.createdBy.name}` : ''}</td>
                <td>{k.expiresAt ? formatTime(k.expiresAt) : 'Never'}</td>
                <td>{k.lastUsedAt ? `${formatTime(k.lastUsedAt)} from ${k.lastUsedIp ?? 'unknown'}` : 'Never'}</td>
                <td>{k.active ? 'Active' : k.revokedAt ? `Revoked ${formatTime(k.revokedAt)}` : 'Expired'}</td>
                <td>
                  {k.active && (
                    <button type="button" className="danger" onClick={() => { revocation.setErrors({}); setRevoking(k); }}>
                      Revoke<span className="visually-hidden"> {k.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {creating && (
        <CreateApiKeyDialog
          onCancel={() => setCreating(false)}
          onCreated={(name, secret) => {
            setCreating(false);
            setCreated({ name, secret });
            reload('');
          }}
        />
      )}
      {created && (
        <SecretDialog title={`${created.name} created`} secret={created.secret} copyLabel="Copy key" testId="api-key-secret" onClose={() => setCreated(null)}>
          <p>Copy the key now: it is shown this once and cannot be shown again. Send it as <code>Authorization: Bearer &lt;key&gt;</code>.</p>
        </SecretDialog>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          busy={revocation.busy}
          onCancel={() => setRevoking(null)}
          actions={[{ label: 'Revoke key', kind: 'danger', onClick: () => void revoke(revoking) }]}
        >
          <p>Every request with this key is refused from now on, on every server, and its open connections close. This cannot be undone.</p>
          <FormError message={revocation.errors['']} />
        </ConfirmDialog>
      )}
    </div>
  );
}

function CreateApiKeyDialog({ onCancel, onCreated }: { onCancel: () => void; onCreated: (name: string, secret: string) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [days, setDays] = useState('90');
  const form = useMutationForm(LABELS);

  async function submit() {
    const input = { name, scopes, expiresInDays: days === '' ? null : Number(days) };
    const r = await form.run(CreateApiKeyMutation, { input });
    if (r) onCreated(r.createApiKey.apiKey.name, r.createApiKey.secret);
  }

  return (
    <ConfirmDialog
      title="Create API key"
      busy={form.busy}
      focusFirstField
      onCancel={onCancel}
      actions={[{ label: 'Create key', onClick: () => void submit() }]}
    >
      <TextField id="api-key-name" label="Name" value={name} onChange={setName} error={form.errors.name} />
      <CheckboxGroup id="api-key-scopes" legend="Scopes" options={SCOPES} chosen={scopes} onChange={setScopes} error={form.errors.scopes} />
      <TextField id="api-key-days" label="Expires after (days; empty: never)" type="number" value={days} onChange={setDays} error={form.errors.expiresInDays} />
      <FormError message={form.errors['']} />
    </ConfirmDialog>
  );
}
