import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import { useEnableWebhookEndpoint } from '@/features/webhooks/api/enable-webhook-endpoint';
import {
  type WebhookEndpoint,
  useWebhookEndpoints,
} from '@/features/webhooks/api/get-webhook-endpoints';
import { formatDateTime } from '@/lib/datetime';

function state(endpoint: WebhookEndpoint): string {
  if (endpoint.enabled) {
    return endpoint.consecutive_failures
      ? `Enabled (${String(endpoint.consecutive_failures)} failures in a row)`
      : 'Enabled';
  }
  const since = endpoint.disabled_at ? ` since ${formatDateTime(endpoint.disabled_at)}` : '';
  return `Disabled${since} after ${String(endpoint.consecutive_failures)} failures`;
}

function EnableButton({ endpoint }: { endpoint: WebhookEndpoint }) {
  const enable = useEnableWebhookEndpoint();
  return (
    <>
      {enable.error && <ErrorMessage error={enable.error} action="enable the endpoint" />}
      <button
        type="button"
        className="button"
        disabled={enable.isPending}
        onClick={() => {
          enable.mutate(endpoint.id);
        }}
      >
        Enable {endpoint.url}
      </button>
    </>
  );
}

export function WebhookEndpointsTable({
  selected,
  onSelect,
}: {
  selected: number | null;
  onSelect: (endpoint: WebhookEndpoint) => void;
}) {
  const endpoints = useWebhookEndpoints();
  if (endpoints.isPending) return <Loading label="Loading webhook endpoints…" />;
  if (endpoints.isError)
    return <ErrorMessage error={endpoints.error} action="load the webhook endpoints" />;
  if (endpoints.data.count === 0) return <p>No webhook endpoints yet.</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">Webhook endpoints</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Owner</th>
            <th scope="col">Events</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {endpoints.data.results.map((endpoint) => (
            <tr key={endpoint.id}>
              <th scope="row">
                {endpoint.url}
                {endpoint.description && <div>{endpoint.description}</div>}
              </th>
              <td>{endpoint.client_name ?? 'The clinic (admins)'}</td>
              <td>{endpoint.event_types.join(', ')}</td>
              <td>{state(endpoint)}</td>
              <td>
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-pressed={selected === endpoint.id}
                    onClick={() => {
                      onSelect(endpoint);
                    }}
                  >
                    Delivery log of {endpoint.url}
                  </button>
                  {!endpoint.enabled && <EnableButton endpoint={endpoint} />}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
