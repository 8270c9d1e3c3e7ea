import { OneTimeSecret } from '@/components/ui/one-time-secret';
import type { WebhookEndpointWithSecret } from '@/features/webhooks/api/get-webhook-endpoints';

/** The endpoint's signing secret, shown this once: the receiver verifies every delivery with it. */
export function WebhookSecretPanel({
  endpoint,
  onDismiss,
}: {
  endpoint: WebhookEndpointWithSecret;
  onDismiss: () => void;
}) {
  return (
    <OneTimeSecret
      heading={`Signing secret of ${endpoint.url}`}
      values={[{ term: 'Signing secret', value: endpoint.secret }]}
      secret={endpoint.secret}
      onDismiss={onDismiss}
    >
      Copy the secret into the receiving system now: it is shown only this once and cannot be read
      again. The receiver verifies each delivery with it (Standard Webhooks).
    </OneTimeSecret>
  );
}
