import { useState } from 'react';

import { ErrorMessage } from '@/components/ui/error-message';
import { Loading } from '@/components/ui/loading';
import {
  type ApiClient,
  type ApiClientWithSecret,
  useApiClients,
} from '@/features/api-clients/api/get-api-clients';
import { useRevokeApiClient } from '@/features/api-clients/api/revoke-api-client';
import { useRotateApiClientSecret } from '@/features/api-clients/api/rotate-api-client-secret';
import { formatDateTime } from '@/lib/datetime';

function limits(client: ApiClient): string {
  const named = [
    ...client.doctors.map((doctor) => `Dr ${doctor.name}`),
    ...client.patients.map((patient) => patient.name),
  ];
  return named.length ? named.join(', ') : 'Every active patient';
}

function Actions({
  client,
  onSecret,
}: {
  client: ApiClient;
  onSecret: (client: ApiClientWithSecret) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const rotate = useRotateApiClientSecret({ onSuccess: onSecret });
  const revoke = useRevokeApiClient();
  if (client.revoked_at) return <>Revoked {formatDateTime(client.revoked_at)}</>;
  return (
    <>
      {rotate.error && <ErrorMessage error={rotate.error} action="rotate the secret" />}
      {revoke.error && <ErrorMessage error={revoke.error} action="revoke the client" />}
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={rotate.isPending}
          onClick={() => {
            rotate.mutate(client.id);
          }}
        >
          Rotate secret of {client.name}
        </button>
        {confirming ? (
          <span role="group" aria-label={`Confirm revoking ${client.name}`}>
            <button
              type="button"
              className="button button-danger"
              disabled={revoke.isPending}
              onClick={() => {
                revoke.mutate(client.id);
              }}
            >
              Yes, revoke {client.name} now
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setConfirming(false);
              }}
            >
              Keep it
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              setConfirming(true);
            }}
          >
            Revoke {client.name}…
          </button>
        )}
      </div>
    </>
  );
}

export function ApiClientsTable({ onSecret }: { onSecret: (client: ApiClientWithSecret) => void }) {
  const clients = useApiClients();
  if (clients.isPending) return <Loading label="Loading API clients…" />;
  if (clients.isError) return <ErrorMessage error={clients.error} action="load the API clients" />;
  if (clients.data.count === 0) return <p>No API clients yet.</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">API clients</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Limited to</th>
            <th scope="col">Authenticates with</th>
            <th scope="col">Last used</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {clients.data.results.map((client) => (
            <tr key={client.id}>
              <th scope="row">{client.name}</th>
              <td>{client.scopes.length ? client.scopes.join(', ') : 'None'}</td>
              <td>{limits(client)}</td>
              <td>
                {client.auth_method === 'private_key_jwt' ? 'Signed assertions (keys)' : 'Secret'}
              </td>
              <td>{client.last_used_at ? formatDateTime(client.last_used_at) : 'Never'}</td>
              <td>
                <Actions client={client} onSecret={onSecret} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
