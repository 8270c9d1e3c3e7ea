import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { api, ApiError } from '@/lib/api-client';
import { session } from '@/lib/session';
import { server } from '@/testing/mocks/server';

function bearer(request: Request) {
  return request.headers.get('Authorization');
}

/** A protected resource that accepts only `access-2`, and a refresh endpoint that rotates. */
function rotatingServer() {
  const refreshBodies: unknown[] = [];
  server.use(
    http.get('/api/v1/things/:id/', ({ request, params }) =>
      bearer(request) === 'Bearer access-2'
        ? HttpResponse.json({ id: params.id })
        : HttpResponse.json({ code: 'not_authenticated', detail: 'Expired.' }, { status: 401 }),
    ),
    http.post('/api/v1/auth/token/refresh/', async ({ request }) => {
      refreshBodies.push(await request.json());
      return HttpResponse.json({ access: 'access-2', refresh: 'refresh-2' });
    }),
  );
  return refreshBodies;
}

describe('api client authentication', () => {
  it('sends the access token as a bearer token', async () => {
    session.start({ access: 'access-1', refresh: 'refresh-1' });
    server.use(
      http.get('/api/v1/me/', ({ request }) => HttpResponse.json({ auth: bearer(request) })),
    );

    await expect(api.get('/me/')).resolves.toEqual({ auth: 'Bearer access-1' });
  });

  it('keeps the refresh token in storage and the access token out of it', () => {
    session.start({ access: 'access-1', refresh: 'refresh-1' });

    expect(Object.values(window.localStorage)).toEqual(['refresh-1']);
  });

  it('refreshes once for concurrent 401s and retries each request with the new token', async () => {
    session.start({ access: 'access-1', refresh: 'refresh-1' });
    const refreshBodies = rotatingServer();

    const answers = await Promise.all([
      api.get('/things/1/'),
      api.get('/things/2/'),
      api.get('/things/3/'),
    ]);

    expect(answers).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    expect(refreshBodies).toEqual([{ refresh: 'refresh-1' }]);
    expect(session.getAccessToken()).toBe('access-2');
    expect(session.getRefreshToken()).toBe('refresh-2');
  });

  it('after a reload spends the stored refresh token before the first request', async () => {
    window.localStorage.setItem('pt.refresh', 'refresh-1');
    const refreshBodies = rotatingServer();

    await expect(api.get('/things/7/')).resolves.toEqual({ id: '7' });
    expect(refreshBodies).toEqual([{ refresh: 'refresh-1' }]);
  });

  it('ends the session as expired when the refresh token is refused', async () => {
    session.start({ access: 'access-1', refresh: 'refresh-1' });
    server.use(
      http.get('/api/v1/things/1/', () =>
        HttpResponse.json({ code: 'not_authenticated', detail: 'Expired.' }, { status: 401 }),
      ),
      http.post('/api/v1/auth/token/refresh/', () =>
        HttpResponse.json(
          { code: 'token_not_valid', detail: 'Token is blacklisted' },
          { status: 401 },
        ),
      ),
    );

    const error: unknown = await api.get('/things/1/').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'session_expired' });
    expect(session.getSnapshot()).toEqual({ signedIn: false, endReason: 'expired' });
    expect(window.localStorage.getItem('pt.refresh')).toBeNull();
  });

  it('keeps the session when the refresh fails on the network', async () => {
    session.start({ access: 'access-1', refresh: 'refresh-1' });
    server.use(
      http.get('/api/v1/things/1/', () =>
        HttpResponse.json({ code: 'not_authenticated', detail: 'Expired.' }, { status: 401 }),
      ),
      http.post('/api/v1/auth/token/refresh/', () => HttpResponse.error()),
    );

    await expect(api.get('/things/1/')).rejects.toMatchObject({ status: 0 });
    expect(session.getSnapshot().signedIn).toBe(true);
    expect(session.getRefreshToken()).toBe('refresh-1');
  });

  it('does not refresh for a request made without authentication', async () => {
    session.start({ access: 'access-1', refresh: 'refresh-1' });
    server.use(
      http.post('/api/v1/auth/token/', ({ request }) =>
        HttpResponse.json(
          { code: 'authentication_failed', detail: `No account (${String(bearer(request))}).` },
          { status: 401 },
        ),
      ),
    );

    await expect(api.post('/auth/token/', {}, { auth: false })).rejects.toMatchObject({
      detail: 'No account (null).',
    });
    expect(session.getRefreshToken()).toBe('refresh-1');
  });

  it('flattens nested field errors into dotted paths', async () => {
    server.use(
      http.patch('/api/v1/me/', () =>
        HttpResponse.json(
          {
            code: 'validation_error',
            detail: 'Some fields are not valid.',
            fields: {
              emergency_contacts: [{}, { phone: ['Enter a valid phone number.'] }],
              preferences: { language: ['Enter a valid language.'] },
              email: ['Taken.'],
            },
          },
          { status: 400 },
        ),
      ),
    );

    await expect(api.patch('/me/', {})).rejects.toMatchObject({
      fields: {
        'emergency_contacts.1.phone': ['Enter a valid phone number.'],
        'preferences.language': ['Enter a valid language.'],
        email: ['Taken.'],
      },
    });
  });
});
