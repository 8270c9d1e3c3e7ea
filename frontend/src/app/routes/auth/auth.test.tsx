import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { signInAs } from '@/testing/auth';
import { users } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const REGISTRATION_ACCEPTED =
  'Registration received. If this e-mail address had no account, yours is ready: sign in with your username and password. If it had one, we have sent a message to it.';

function acceptCredentials(role: keyof typeof users) {
  const bodies: unknown[] = [];
  server.use(
    http.post('/api/v1/auth/token/', async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json({ access: 'access-1', refresh: 'refresh-1' });
    }),
    http.get('/api/v1/me/', () => HttpResponse.json(users[role])),
  );
  return bodies;
}

describe('signing in', () => {
  it('signs a patient in and lands on the patient portal', async () => {
    const bodies = acceptCredentials('patient');
    const user = userEvent.setup();
    const { router } = renderApp('/sign-in');

    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Alice' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/patient');
    expect(bodies).toEqual([{ username: 'alice', password: 'correct horse battery' }]);
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeVisible();
  });

  it('shows the server’s refusal when the credentials are wrong', async () => {
    server.use(
      http.post('/api/v1/auth/token/', () =>
        HttpResponse.json(
          {
            code: 'authentication_failed',
            detail: 'Wrong username or password.',
            request_id: 'r1',
          },
          { status: 401 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/sign-in');

    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(session.getSnapshot().signedIn).toBe(false);
  });

  it('sends a signed-out visitor to sign-in and back to the page they asked for', async () => {
    const user = userEvent.setup();
    const { router } = renderApp('/patient/doctors?specialty=Diagnostics');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Please sign in to continue.');
    expect(router.state.location.search).toBe(
      `?next=${encodeURIComponent('/patient/doctors?specialty=Diagnostics')}`,
    );

    acceptCredentials('patient');
    server.use(
      http.get('/api/v1/doctors/', () =>
        HttpResponse.json({ count: 0, next: null, previous: null, results: [] }),
      ),
    );
    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Find a doctor' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/patient/doctors');
    expect(router.state.location.search).toBe('?specialty=Diagnostics');
  });

  it('does not return to another site after signing in', async () => {
    acceptCredentials('admin');
    const user = userEvent.setup();
    const { router } = renderApp('/sign-in?next=//evil.example/');

    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByRole('heading', { level: 1, name: 'Clinic overview' });
    expect(router.state.location.pathname).toBe('/admin');
  });

  it('sends a user who opens another role’s page to their own home', async () => {
    signInAs('nurse');
    const { router } = renderApp('/admin/doctors');

    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Joy' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/nurse');
  });

  it('says the session ended when the refresh is refused, and offers the way back', async () => {
    window.localStorage.setItem('pt.refresh', 'spent-refresh');
    session.end(null);
    session.start({ access: 'expired-access', refresh: 'spent-refresh' });
    server.use(
      http.get('/api/v1/me/', () =>
        HttpResponse.json({ code: 'not_authenticated', detail: 'Expired.' }, { status: 401 }),
      ),
      http.post('/api/v1/auth/token/refresh/', () =>
        HttpResponse.json({ code: 'token_not_valid', detail: 'Blacklisted.' }, { status: 401 }),
      ),
    );
    const { router } = renderApp('/patient/profile');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended');
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get('next')).toBe('/patient/profile');
    expect(params.get('reason')).toBe('expired');
  });
});

describe('registering', () => {
  it('shows the server’s field errors next to the fields', async () => {
    server.use(
      http.post('/api/v1/auth/register/', () =>
        HttpResponse.json(
          {
            code: 'validation_error',
            detail: 'Some fields are not valid.',
            fields: {
              username: ['A user with that username already exists.'],
              password: ['This password is too common.'],
            },
            request_id: 'r2',
          },
          { status: 400 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/register');

    await user.type(screen.getByLabelText('First name'), 'Alice');
    await user.type(screen.getByLabelText('Last name'), 'Patel');
    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('E-mail'), 'alice@example.com');
    await user.type(screen.getByLabelText('Password'), 'password123');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    const username = screen.getByLabelText('Username');
    await waitFor(() => {
      expect(username).toHaveAccessibleDescription('A user with that username already exists.');
    });
    expect(username).toBeInvalid();
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      /This password is too common\./,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Please correct the fields marked below.');
  });

  it('registers, signs the new patient in and opens their profile', async () => {
    const registered: unknown[] = [];
    acceptCredentials('patient');
    server.use(
      http.post('/api/v1/auth/register/', async ({ request }) => {
        registered.push(await request.json());
        return HttpResponse.json({ detail: REGISTRATION_ACCEPTED }, { status: 202 });
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/register');

    await user.type(screen.getByLabelText('First name'), 'Alice');
    await user.type(screen.getByLabelText('Last name'), 'Patel');
    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('E-mail'), 'alice@example.com');
    await user.type(screen.getByLabelText('Password'), 'a long passphrase');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/patient/profile');
    expect(registered).toEqual([
      {
        first_name: 'Alice',
        last_name: 'Patel',
        username: 'alice',
        email: 'alice@example.com',
        password: 'a long passphrase',
      },
    ]);
  });
  it('says plainly that no account was made when the e-mail address already had one', async () => {
    server.use(
      http.post('/api/v1/auth/register/', () =>
        HttpResponse.json({ detail: REGISTRATION_ACCEPTED }, { status: 202 }),
      ),
      http.post('/api/v1/auth/token/', () =>
        HttpResponse.json(
          { code: 'invalid_credentials', detail: 'Wrong username or password.', request_id: 'r3' },
          { status: 401 },
        ),
      ),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/register');

    await user.type(screen.getByLabelText('First name'), 'Alice');
    await user.type(screen.getByLabelText('Last name'), 'Patel');
    await user.type(screen.getByLabelText('Username'), 'alice2');
    await user.type(screen.getByLabelText('E-mail'), 'alice@example.com');
    await user.type(screen.getByLabelText('Password'), 'a long passphrase');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'No new account was made with these details. If this e-mail address already has an account, we have sent a message to it',
    );
    expect(screen.getByRole('link', { name: 'sign in' })).toHaveAttribute('href', '/sign-in');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(router.state.location.pathname).toBe('/register');
    expect(session.getSnapshot().signedIn).toBe(false);
  });
});

describe('signing out', () => {
  it('spends the refresh token, forgets the session and says so', async () => {
    const user = userEvent.setup();
    signInAs('patient');
    const loggedOut: unknown[] = [];
    server.use(
      http.post('/api/v1/auth/logout/', async ({ request }) => {
        loggedOut.push(await request.json());
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderApp('/patient');

    await user.click(await screen.findByRole('link', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('You have signed out.');
    expect(loggedOut).toEqual([{ refresh: 'refresh-1' }]);
    expect(window.localStorage.getItem('pt.refresh')).toBeNull();
  });
});
