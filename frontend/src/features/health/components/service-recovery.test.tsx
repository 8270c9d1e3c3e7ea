import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signInAs } from '@/testing/auth';
import { patients } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

import { recoveryTiming } from '@/features/health/lib/outage';

/** The API down (503 with Retry-After, as the server answers an outage) until `up()` is called. */
function outage() {
  let down = true;
  const unavailable = () =>
    HttpResponse.json(
      { code: 'service_unavailable', detail: 'Try again shortly.', request_id: 'r-down' },
      { status: 503, headers: { 'Retry-After': '2' } },
    );
  const page = { count: patients.length, next: null, previous: null, results: patients };
  server.use(
    http.get('/api/v1/health/', () =>
      down ? unavailable() : HttpResponse.json({ status: 'ok', database: 'ok' }),
    ),
    http.get('/api/v1/patients/', () => (down ? unavailable() : HttpResponse.json(page))),
  );
  return {
    up: () => {
      down = false;
    },
  };
}

const timing = { ...recoveryTiming };
beforeEach(() => {
  // The same schedule, a hundred times faster: checks every 20 ms, doubling to 300 ms.
  Object.assign(recoveryTiming, { firstCheckMs: 20, longestCheckMs: 300 });
});
/** Counts the health checks that reach the server. */
function countHealthChecks() {
  const checks = { count: 0 };
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname === '/api/v1/health/') {
      checks.count += 1;
    }
  });
  return checks;
}

afterEach(() => {
  server.events.removeAllListeners();
  Object.assign(recoveryTiming, timing);
});

describe('recovery after an outage', () => {
  it('says the server is unreachable, then recovers by itself once it is back', async () => {
    signInAs('nurse');
    const api = outage();
    const checks = countHealthChecks();
    renderApp('/nurse/patients');

    const banner = await screen.findByText(/We cannot reach the clinic’s server/);
    expect(banner).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeEnabled();
    expect(screen.queryByText('Alice Patel')).not.toBeInTheDocument();

    // Still down: it keeps asking, and keeps the banner.
    await waitFor(() => {
      expect(checks.count).toBeGreaterThanOrEqual(3);
    });
    expect(screen.getByText(/We cannot reach the clinic’s server/)).toBeInTheDocument();

    api.up();
    // A later check finds it back and fetches what failed; nobody clicked anything.
    expect(await screen.findByText('Alice Patel', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.queryByText(/We cannot reach the clinic’s server/)).not.toBeInTheDocument();
  });

  it('retries at once when asked', async () => {
    signInAs('nurse');
    const api = outage();
    const user = userEvent.setup();
    renderApp('/nurse/patients');

    await screen.findByText(/We cannot reach the clinic’s server/);
    api.up();
    await user.click(screen.getByRole('button', { name: 'Retry now' }));

    expect(await screen.findByText('Alice Patel')).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.queryByText(/We cannot reach the clinic’s server/)).not.toBeInTheDocument();
    });
  });

  it('does not call a refusal an outage', async () => {
    signInAs('nurse');
    server.use(
      http.get('/api/v1/patients/', () =>
        HttpResponse.json(
          { code: 'permission_denied', detail: 'No.', request_id: 'r-403' },
          { status: 403 },
        ),
      ),
    );
    renderApp('/nurse/patients');

    await screen.findByText('No.');
    expect(screen.queryByText(/We cannot reach the clinic’s server/)).not.toBeInTheDocument();
  });
});
