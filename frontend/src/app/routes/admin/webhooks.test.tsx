import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { signInAs } from '@/testing/auth';
import { page } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const eventTypes = [
  {
    type: 'appointment.booked',
    description: 'An appointment was booked',
    scope: 'appointments:read',
  },
  { type: 'report.uploaded', description: 'A report was uploaded', scope: 'reports:read' },
];

const endpoint = {
  id: 3,
  url: 'https://lab.example/hooks',
  description: 'Lab results',
  event_types: ['appointment.booked'],
  client: null,
  client_name: null,
  enabled: true,
  consecutive_failures: 0,
  disabled_at: null,
  created_at: '2026-03-02T09:00:00Z',
  updated_at: '2026-03-02T09:00:00Z',
};

const failed = {
  id: 11,
  endpoint: 3,
  event_id: 'msg_abc',
  event_type: 'appointment.booked',
  payload: { type: 'appointment.booked', timestamp: '2026-03-02T09:00:00Z', data: { id: 5 } },
  status: 'failed',
  attempts: 12,
  last_attempt_at: '2026-03-03T09:00:00Z',
  last_status_code: 500,
  last_error: 'HTTP 500',
  next_attempt_at: null,
  delivered_at: null,
  created_at: '2026-03-02T09:00:00Z',
  replay_of: null,
};

function lists(endpoints: unknown[]) {
  return [
    http.get('/api/v1/webhooks/event-types/', () => HttpResponse.json(eventTypes)),
    http.get('/api/v1/webhooks/endpoints/', () => HttpResponse.json(page(endpoints))),
  ];
}

describe('admin webhooks', () => {
  it('lists the endpoints with their owner, events and state', async () => {
    signInAs('admin');
    server.use(
      ...lists([
        endpoint,
        {
          ...endpoint,
          id: 4,
          url: 'https://tele.example/in',
          client: 2,
          client_name: 'Telehealth',
          enabled: false,
          consecutive_failures: 20,
          disabled_at: '2026-03-04T10:00:00Z',
        },
      ]),
    );
    renderApp('/admin/webhooks');

    const table = await screen.findByRole('table', { name: 'Webhook endpoints' });
    const ours = within(table).getByRole('row', { name: /lab\.example/ });
    expect(ours).toHaveTextContent('The clinic (admins)');
    expect(ours).toHaveTextContent('appointment.booked');
    expect(ours).toHaveTextContent('Enabled');
    const theirs = within(table).getByRole('row', { name: /tele\.example/ });
    expect(theirs).toHaveTextContent('Telehealth');
    expect(theirs).toHaveTextContent(/Disabled since .* after 20 failures/);
    expect(within(ours).queryByRole('button', { name: /^Enable/ })).not.toBeInTheDocument();
  });

  it('creates an endpoint for the chosen events and shows its secret once', async () => {
    signInAs('admin');
    const sent: unknown[] = [];
    server.use(
      ...lists([]),
      http.post('/api/v1/webhooks/endpoints/', async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ ...endpoint, secret: 'whsec_c2VjcmV0' }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/webhooks');

    await user.type(await screen.findByLabelText('URL (https)'), 'https://lab.example/hooks');
    await user.type(screen.getByLabelText('Description (optional)'), 'Lab results');
    await user.click(screen.getByRole('checkbox', { name: /An appointment was booked/ }));
    await user.click(screen.getByRole('button', { name: 'Create endpoint' }));

    const panel = await screen.findByRole('region', {
      name: 'Signing secret of https://lab.example/hooks',
    });
    expect(within(panel).getByLabelText('Signing secret')).toHaveTextContent('whsec_c2VjcmV0');
    expect(panel).toHaveTextContent('shown only this once');
    await user.click(within(panel).getByRole('button', { name: 'Copy the secret' }));
    expect(await navigator.clipboard.readText()).toBe('whsec_c2VjcmV0');
    await user.click(within(panel).getByRole('button', { name: 'I have stored the secret' }));
    expect(screen.queryByRole('region', { name: /Signing secret/ })).not.toBeInTheDocument();
    expect(sent).toEqual([
      {
        url: 'https://lab.example/hooks',
        description: 'Lab results',
        event_types: ['appointment.booked'],
      },
    ]);
  });

  it('shows the refusal of an insecure URL by the field', async () => {
    signInAs('admin');
    server.use(
      ...lists([]),
      http.post('/api/v1/webhooks/endpoints/', () =>
        HttpResponse.json(
          {
            code: 'insecure_url',
            message: 'Use an https:// URL.',
            fields: { url: ['Use an https:// URL.'] },
          },
          { status: 400 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/admin/webhooks');

    await user.type(await screen.findByLabelText('URL (https)'), 'http://lab.example/hooks');
    await user.click(screen.getByRole('checkbox', { name: /A report was uploaded/ }));
    await user.click(screen.getByRole('button', { name: 'Create endpoint' }));

    expect((await screen.findAllByText('Use an https:// URL.')).length).toBeGreaterThan(0);
  });

  it('shows the delivery log of an endpoint and replays a failed delivery', async () => {
    signInAs('admin');
    let replayed = 0;
    server.use(
      ...lists([endpoint]),
      http.get('/api/v1/webhooks/endpoints/3/deliveries/', () => HttpResponse.json(page([failed]))),
      http.post('/api/v1/webhooks/deliveries/11/replay/', () => {
        replayed += 1;
        return HttpResponse.json(
          { ...failed, id: 12, status: 'pending', attempts: 0, replay_of: 11 },
          { status: 201 },
        );
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/webhooks');

    await user.click(
      await screen.findByRole('button', { name: 'Delivery log of https://lab.example/hooks' }),
    );
    const log = await screen.findByRole('table', {
      name: 'Deliveries to https://lab.example/hooks',
    });
    const row = within(log).getByRole('row', { name: /msg_abc/ });
    expect(row).toHaveTextContent('Failed: HTTP 500');
    expect(row).toHaveTextContent('12');

    await user.click(
      within(row).getByRole('button', { name: 'Replay appointment.booked msg_abc' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent('Replay queued.');
    expect(replayed).toBe(1);
  });

  it('enables a disabled endpoint again', async () => {
    signInAs('admin');
    let enabled = false;
    const disabled = {
      ...endpoint,
      enabled: false,
      consecutive_failures: 20,
      disabled_at: '2026-03-04T10:00:00Z',
    };
    server.use(
      http.get('/api/v1/webhooks/event-types/', () => HttpResponse.json(eventTypes)),
      http.get('/api/v1/webhooks/endpoints/', () =>
        HttpResponse.json(page([enabled ? { ...endpoint, consecutive_failures: 0 } : disabled])),
      ),
      http.post('/api/v1/webhooks/endpoints/3/enable/', () => {
        enabled = true;
        return HttpResponse.json({ ...endpoint });
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/webhooks');

    await user.click(
      await screen.findByRole('button', { name: 'Enable https://lab.example/hooks' }),
    );
    const table = screen.getByRole('table', { name: 'Webhook endpoints' });
    expect(await within(table).findByRole('cell', { name: 'Enabled' })).toBeInTheDocument();
    expect(enabled).toBe(true);
  });
});
