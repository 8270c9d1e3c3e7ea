import { useState } from 'react';

import type { ApiClientWithSecret } from '@/features/api-clients/api/get-api-clients';

/** The client's secret, shown this once: the server keeps only its hash. */
export function SecretPanel({
  client,
  onDismiss,
}: {
  client: ApiClientWithSecret;
  onDismiss: () => void;
}) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    await navigator.clipboard.writeText(client.client_secret);
    setCopied(true);
  }

  return (
    <section className="alert alert-warning" aria-labelledby="secret-heading">
      <h2 id="secret-heading">Secret of {client.name}</h2>
      <p>
        Copy the secret now and hand it over safely: it is shown only this once and cannot be read
        again. If it is lost, rotate it.
      </p>
      <dl>
        <dt>Client id</dt>
        <dd>
          <code>{client.client_id}</code>
        </dd>
        <dt>Client secret</dt>
        <dd>
          <code aria-label="Client secret">{client.client_secret}</code>
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
