import { useState } from 'react';

import { ContentLayout } from '@/components/layouts/content-layout';
import type {
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@/features/webhooks/api/get-webhook-endpoints';
import { CreateWebhookEndpointForm } from '@/features/webhooks/components/create-webhook-endpoint-form';
import { WebhookDeliveries } from '@/features/webhooks/components/webhook-deliveries';
import { WebhookEndpointsTable } from '@/features/webhooks/components/webhook-endpoints-table';
import { WebhookSecretPanel } from '@/features/webhooks/components/webhook-secret-panel';

export function AdminWebhooksRoute() {
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | null>(null);
  const [selected, setSelected] = useState<WebhookEndpoint | null>(null);
  return (
    <ContentLayout title="Webhooks">
      {secret && (
        <WebhookSecretPanel
          endpoint={secret}
          onDismiss={() => {
            setSecret(null);
          }}
        />
      )}
      <WebhookEndpointsTable selected={selected?.id ?? null} onSelect={setSelected} />
      {selected && (
        <section aria-labelledby="deliveries-heading">
          <h2 id="deliveries-heading">Delivery log of {selected.url}</h2>
          <WebhookDeliveries endpoint={selected} />
        </section>
      )}
      <h2>New webhook endpoint</h2>
      <CreateWebhookEndpointForm onCreated={setSecret} />
    </ContentLayout>
  );
}
