import { OneTimeSecret } from '@/components/ui/one-time-secret';
import type { ApiClientWithSecret } from '@/features/api-clients/api/get-api-clients';

/** The client's secret, shown this once: the server keeps only its hash. */
export function SecretPanel({
  client,
  onDismiss,
}: {
  client: ApiClientWithSecret;
  onDismiss: () => void;
}) {
  return (
    <OneTimeSecret
      heading={`Secret of ${client.name}`}
      values={[
        { term: 'Client id', value: client.client_id },
        { term: 'Client secret', value: client.client_secret },
      ]}
      secret={client.client_secret}
      onDismiss={onDismiss}
    >
      Copy the secret now and hand it over safely: it is shown only this once and cannot be read
      again. If it is lost, rotate it.
    </OneTimeSecret>
  );
}
