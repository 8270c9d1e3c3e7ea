import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { signInAs } from '@/testing/auth';
import { page } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const lab = {
  id: 1,
  name: 'City lab',
  client_id: 'abc123',
  scopes: ['patients:read', 'reports:read'],
  doctors: [{ id: 4, name: 'Gregory House' }],
  patients: [],
  auth_method: 'client_secret_basic',
  jwks: null,
  created_at: '2026-03-02T09:00:00Z',
  secret_rotated_at: null,
  last_used_at: null,
  revoked_at: null,
};

describe('admin API clients', () => {
  it('lists the clients with scopes, limits and last use', async () => {
    signInAs('admin');
    server.use(http.get('/api/v1/api-clients/', () => HttpResponse.json(page([lab]))));
    renderApp('/admin/api-clients');

    const table = await screen.findByRole('table', { name: 'API clients' });
    const row = within(table).getByRole('row', { name: /City lab/ });
    expect(row).toHaveTextContent('patients:read, reports:read');
    expect(row).toHaveTextContent('Dr Gregory House');
    expect(row).toHaveTextContent('Never');
    expect(row).toHaveTextContent('Secret');
  });

  it('registers public keys for signed assertions, and refuses what is not JSON', async () => {
    signInAs('admin');
    const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ', kid: 'k1' }] };
    const sent: unknown[] = [];
    let clients: unknown[] = [];
    server.use(
      http.get('/api/v1/api-clients/', () => HttpResponse.json(page(clients))),
      http.post('/api/v1/api-clients/', async ({ request }) => {
        sent.push(await request.json());
        const created = { ...lab, auth_method: 'private_key_jwt', jwks };
        clients = [created];
        return HttpResponse.json({ ...created, client_secret: 'unused' }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/api-clients');

    await user.type(await screen.findByLabelText('Name'), 'City lab');
    const keys = screen.getByLabelText(/Public keys/);
    await user.type(keys, 'not json');
    await user.click(screen.getByRole('button', { name: 'Create API client' }));
    expect(await screen.findByText(/This is not JSON/)).toBeInTheDocument();
    expect(sent).toEqual([]);

    await user.clear(keys);
    await user.click(keys);
    await user.paste(JSON.stringify(jwks));
    await user.click(screen.getByRole('button', { name: 'Create API client' }));
    await screen.findByRole('region', { name: 'Secret of City lab' });
    expect(sent).toEqual([{ name: 'City lab', scopes: [], doctors: [], patients: [], jwks }]);
    const table = await screen.findByRole('table', { name: 'API clients' });
    expect(within(table).getByRole('row', { name: /City lab/ })).toHaveTextContent(
      'Signed assertions (keys)',
    );
  });

  it('creates a client and shows its secret once, with a copy button', async () => {
    signInAs('admin');
    const sent: unknown[] = [];
    server.use(
      http.get('/api/v1/api-clients/', () => HttpResponse.json(page([]))),
      http.post('/api/v1/api-clients/', async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ ...lab, client_secret: 's3cret-once' }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/api-clients');

    await user.type(await screen.findByLabelText('Name'), 'City lab');
    await user.click(screen.getByRole('checkbox', { name: /Read patients/ }));
    await user.click(screen.getByRole('checkbox', { name: /Read and download reports/ }));
    await user.type(screen.getByLabelText(/Limit to patients/), '7, 9');
    await user.click(screen.getByRole('button', { name: 'Create API client' }));

    const panel = await screen.findByRole('region', { name: 'Secret of City lab' });
    expect(within(panel).getByLabelText('Client secret')).toHaveTextContent('s3cret-once');
    expect(panel).toHaveTextContent('shown only this once');
    await user.click(within(panel).getByRole('button', { name: 'Copy the secret' }));
    expect(await navigator.clipboard.readText()).toBe('s3cret-once');
    await user.click(within(panel).getByRole('button', { name: 'I have stored the secret' }));
    expect(screen.queryByRole('region', { name: 'Secret of City lab' })).not.toBeInTheDocument();
    expect(sent).toEqual([
      {
        name: 'City lab',
        scopes: ['patients:read', 'reports:read'],
        doctors: [],
        patients: [7, 9],
      },
    ]);
  });

  it('offers the write scopes, each including its read scope', async () => {
    signInAs('admin');
    const sent: unknown[] = [];
    server.use(
      http.get('/api/v1/api-clients/', () => HttpResponse.json(page([]))),
      http.post('/api/v1/api-clients/', async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json(
          { ...lab, scopes: ['appointments:write', 'records:read'], client_secret: 's' },
          { status: 201 },
        );
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/api-clients');

    await user.type(await screen.findByLabelText('Name'), 'Telehealth');
    const readAppointments = screen.getByRole('checkbox', { name: /^Read appointments/ });
    const book = screen.getByRole('checkbox', {
      name: /Book, reschedule and cancel appointments \(appointments:write\), includes appointments:read/,
    });
    expect(book).not.toBeChecked();
    await user.click(book);
    // The read scope comes with the write scope: ticked, fixed and named as included.
    expect(readAppointments).toBeChecked();
    expect(readAppointments).toBeDisabled();
    expect(readAppointments).toHaveAccessibleName(
      'Read appointments (appointments:read) (included in appointments:write)',
    );
    const records = screen.getByRole('checkbox', { name: /^Read records/ });
    await user.click(records);
    await user.click(screen.getByRole('checkbox', { name: /Write and revise record entries/ }));
    await user.click(screen.getByRole('checkbox', { name: /Write and revise record entries/ }));
    // Unticking the write scope leaves the read scope as the admin chose it.
    expect(records).toBeChecked();
    expect(records).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Create API client' }));

    await screen.findByRole('region', { name: 'Secret of City lab' });
    expect(sent).toEqual([
      expect.objectContaining({
        name: 'Telehealth',
        scopes: ['appointments:write', 'records:read'],
      }),
    ]);
  });

  it('rotates a secret and shows the new one', async () => {
    signInAs('admin');
    server.use(
      http.get('/api/v1/api-clients/', () => HttpResponse.json(page([lab]))),
      http.post('/api/v1/api-clients/1/rotate-secret/', () =>
        HttpResponse.json({ ...lab, client_secret: 'new-secret' }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/admin/api-clients');

    await user.click(await screen.findByRole('button', { name: 'Rotate secret of City lab' }));
    const panel = await screen.findByRole('region', { name: 'Secret of City lab' });
    expect(within(panel).getByLabelText('Client secret')).toHaveTextContent('new-secret');
  });

  it('revokes a client only after confirmation', async () => {
    signInAs('admin');
    let revoked = 0;
    server.use(
      http.get('/api/v1/api-clients/', () =>
        HttpResponse.json(page([revoked ? { ...lab, revoked_at: '2026-03-03T10:00:00Z' } : lab])),
      ),
      http.post('/api/v1/api-clients/1/revoke/', () => {
        revoked += 1;
        return HttpResponse.json({ ...lab, revoked_at: '2026-03-03T10:00:00Z' });
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/api-clients');

    await user.click(await screen.findByRole('button', { name: 'Revoke City lab…' }));
    expect(revoked).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Yes, revoke City lab now' }));
    expect(await screen.findByText(/^Revoked/)).toBeVisible();
    expect(revoked).toBe(1);
  });
});
