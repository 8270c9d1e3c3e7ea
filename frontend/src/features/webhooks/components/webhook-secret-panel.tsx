import { useState } from 'react';

import type { WebhookEndpointWithSecret } from '@/features/webhooks/api/get-webhook-endpoints';

/** The endpoint's signing secret, shown this once: the receiver verifies every delivery with it. */
export function WebhookSecretPanel({
  endpoint,
  onDismiss,
}: {
  endpoint: WebhookEndpointWithSecret;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    await navigator.clipboard.writeText(endpoint.secret);
    setCopied(true);
  }

  return (
    <section className="alert alert-warning" aria-labelledby="webhook-secret-heading">
      <h2 id="webhook-secret-heading">Signing secret of {endpoint.url}</h2>
      <p>
        Copy the secret into the receiving system now: it is shown only this once and cannot be read
        again. The receiver verifies each delivery with it (Standard Webhooks).
      </p>
      <dl>
        <dt>Signing secret</dt>
        <dd>
          <code aria-label="Signing secret">{endpoint.secret}</code>
        </dd>
      </dl>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy the secret'}
        </button>
        <button type="button" className="button button-secondary" onClick={onDismiss}>
          I have stored the secret
        </button>
      </div>
    </section>
  );
}
