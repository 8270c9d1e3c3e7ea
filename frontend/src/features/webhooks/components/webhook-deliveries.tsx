import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import {
  type WebhookDelivery,
  useWebhookDeliveries,
} from '@/features/webhooks/api/get-webhook-deliveries';
import type { WebhookEndpoint } from '@/features/webhooks/api/get-webhook-endpoints';
import { useReplayWebhookDelivery } from '@/features/webhooks/api/replay-webhook-delivery';
import { formatDateTime } from '@/lib/datetime';

function outcome(delivery: WebhookDelivery): string {
  if (delivery.status === 'succeeded') return 'Delivered';
  const error = delivery.last_error ? `: ${delivery.last_error}` : '';
  if (delivery.status === 'failed') return `Failed${error}`;
  const next = delivery.next_attempt_at ? `, next ${formatDateTime(delivery.next_attempt_at)}` : '';
  return `Pending${error}${next}`;
}

/** The delivery log of one endpoint, newest first, each delivery replayable. */
export function WebhookDeliveries({ endpoint }: { endpoint: WebhookEndpoint }) {
  const deliveries = useWebhookDeliveries(endpoint.id);
  const replay = useReplayWebhookDelivery();
  if (deliveries.isPending) return <Loading label="Loading the delivery log…" />;
  if (deliveries.isError)
    return <ErrorMessage error={deliveries.error} action="load the delivery log" />;
  if (deliveries.data.count === 0) return <p>Nothing was sent to this endpoint yet.</p>;
  return (
    <>
      {replay.error && <ErrorMessage error={replay.error} action="replay the delivery" />}
      {replay.isSuccess && <p role="status">Replay queued.</p>}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Deliveries to {endpoint.url}</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Created</th>
              <th scope="col">Attempts</th>
              <th scope="col">Outcome</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.results.map((delivery) => (
              <tr key={delivery.id}>
                <th scope="row">
                  {delivery.event_type} <code>{delivery.event_id}</code>
                  {delivery.replay_of !== null && ' (replay)'}
                </th>
                <td>{formatDateTime(delivery.created_at)}</td>
                <td>{delivery.attempts}</td>
                <td>{outcome(delivery)}</td>
                <td>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={replay.isPending || !endpoint.enabled}
                    onClick={() => {
                      replay.mutate(delivery.id);
                    }}
                  >
                    Replay {delivery.event_type} {delivery.event_id}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
