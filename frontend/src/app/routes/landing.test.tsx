import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

describe('landing page', () => {
  it('names the app', () => {
    renderApp('/');

    expect(screen.getByRole('heading', { level: 1, name: 'Patient Tracker' })).toBeInTheDocument();
  });

  it('shows the server as online when the health check passes', async () => {
    renderApp('/');

    const status = screen.getByRole('status', { name: 'Server status' });
    expect(status).toHaveTextContent('Checking the server…');
    await waitFor(() => {
      expect(status).toHaveTextContent('Server online');
    });
  });

  it('shows the server as degraded when the server says so', async () => {
    server.use(
      http.get('/api/v1/health/', () => HttpResponse.json({ status: 'degraded', database: 'ok' })),
    );
    renderApp('/');

    const status = screen.getByRole('status', { name: 'Server status' });
    await waitFor(() => {
      expect(status).toHaveTextContent('Server degraded');
    });
  });

  it('shows the server as unavailable when the health check fails', async () => {
    server.use(
      http.get('/api/v1/health/', () =>
        HttpResponse.json({ status: 'degraded', database: 'unavailable' }, { status: 503 }),
      ),
    );
    renderApp('/');

    const status = screen.getByRole('status', { name: 'Server status' });
    await waitFor(() => {
      expect(status).toHaveTextContent('Server unavailable');
    });
  });
});
