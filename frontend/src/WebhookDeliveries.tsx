import { useId } from 'react';
import { formatDistance } from 'date-fns';
import type { WebhooksQuery } from './gql/graphql';
import { formatTime } from './format';
import { RelativeTime } from './RelativeTime';
import { serverNow } from './serverClock';

type Delivery = WebhooksQuery['webhooks'][number]['deliveries'][number];

const STATUS_TEXT: Record<Delivery['status'], string> = {
  PENDING: 'Pending',
  DELIVERED: 'Delivered',
  FAILED: 'Failed',
};

/** One endpoint's recent deliveries, newest first, as the server logged them. */
export function WebhookDeliveries({ url, deliveries }: { url: string; deliveries: Delivery[] }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="card">
      <h3 id={headingId}>
        Recent deliveries to <code style={{ wordBreak: 'break-all' }}>{url}</code>
      </h3>
      {deliveries.length === 0 ? (
        <p>No deliveries yet. Send a test to see one here.</p>
      ) : (
        <table>
          <caption>{deliveries.length === 1 ? 'The most recent delivery' : `The ${deliveries.length} most recent deliveries`}</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Queued</th>
              <th scope="col">Delivered or next attempt</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td><code>{d.eventType}</code></td>
                <td>{STATUS_TEXT[d.status]}</td>
                <td>{d.attempts}</td>
                <td>{lastAnswer(d)}</td>
                <td><RelativeTime iso={d.createdAt} /></td>
                <td>{outcome(d)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "HTTP 204", "The endpoint answered 500 Internal Server Error", "No answer: …", "No attempt yet". */
function lastAnswer(d: Delivery): string {
  if (!d.lastAttemptAt) return 'No attempt yet';
  if (!d.lastError) return d.lastStatusCode != null ? `HTTP ${d.lastStatusCode}` : 'No answer';
  // An error with a status code names it already ("the endpoint answered 500 …").
  if (d.lastStatusCode != null) return d.lastError.charAt(0).toUpperCase() + d.lastError.slice(1);
  return `No answer: ${d.lastError}`;
}

function outcome(d: Delivery) {
  if (d.deliveredAt) return <>Delivered <RelativeTime iso={d.deliveredAt} /></>;
  if (d.status === 'PENDING' && d.nextAttemptAt) return <>Next attempt <DueTime iso={d.nextAttemptAt} /></>;
  if (d.status === 'FAILED') return 'Given up';
  return '';
}

/**
 * A moment ahead ("in 5 minutes"), as of this render: RelativeTime reads every time as past.
 * The page's Refresh brings it up to date with the retries.
 */
function DueTime({ iso }: { iso: string }) {
  const exact = formatTime(iso);
  return (
    <time dateTime={iso} title={exact}>
      {formatDistance(Date.parse(iso), serverNow(), { addSuffix: true })}
      <span className="visually-hidden"> ({exact})</span>
    </time>
  );
}
