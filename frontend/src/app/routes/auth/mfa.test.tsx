import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { users } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

function challengeServer({ enrolment = false } = {}) {
  const verified: unknown[] = [];
  server.use(
    http.post('/api/v1/auth/token/', () =>
      HttpResponse.json({
        mfa_required: true,
        enrolment_required: enrolment,
        mfa_token: 'mfa-1',
        expires_in: 300,
      }),
    ),
    http.post('/api/v1/auth/token/mfa/enrol/', () =>
      HttpResponse.json({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/x' }),
    ),
    http.post('/api/v1/auth/token/mfa/', async ({ request }) => {
      const body = (await request.json()) as { code: string };
      verified.push(body);
      if (body.code !== '123456') {
        return HttpResponse.json(
          { code: 'mfa_code_invalid', detail: 'Wrong code.', request_id: 'r' },
          { status: 401 },
        );
      }
      return HttpResponse.json({
        access: 'access-1',
        refresh: 'refresh-1',
        ...(enrolment ? { recovery_codes: ['AAAA-BBBB-CCCC-DDDD'] } : {}),
      });
    }),
    http.get('/api/v1/me/', () => HttpResponse.json(users.doctor)),
  );
  return verified;
}

async function enterPassword(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Username'), 'dr.grey');
  await user.type(screen.getByLabelText('Password'), 'a long passphrase');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('signing in with a second factor', () => {
  it('asks for the authenticator code, then signs in', async () => {
    const verified = challengeServer();
    const user = userEvent.setup();
    const { router } = renderApp('/sign-in');

    await enterPassword(user);
    const code = await screen.findByLabelText(/Code from your authenticator app/);
    expect(session.getSnapshot().signedIn).toBe(false);
    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => {
      expect(code).toHaveAccessibleDescription(/That code is not right/);
    });
    await user.clear(code);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    expect(await screen.findByRole('heading', { level: 1, name: /Welcome/ })).toBeVisible();
    expect(router.state.location.pathname).toBe('/doctor');
    expect(verified).toEqual([
      { mfa_token: 'mfa-1', code: '000000' },
      { mfa_token: 'mfa-1', code: '123456' },
    ]);
  });

  it('sets up an authenticator when the clinic requires one and shows the recovery codes once', async () => {
    challengeServer({ enrolment: true });
    const user = userEvent.setup();
    const { router } = renderApp('/sign-in');

    await enterPassword(user);
    await user.click(await screen.findByRole('button', { name: 'Set up an authenticator' }));
    expect(await screen.findByText('JBSWY3DPEHPK3PXP')).toBeVisible();
    expect(
      await screen.findByRole('img', {
        name: 'QR code of the set-up link, for your authenticator app',
      }),
    ).toBeVisible();
    await user.type(screen.getByLabelText(/Code from your authenticator app/), '123456');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    expect(await screen.findByRole('region', { name: 'Recovery codes' })).toHaveTextContent(
      'AAAA-BBBB-CCCC-DDDD',
    );
    await user.click(screen.getByRole('button', { name: 'I have saved the codes: continue' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/doctor');
    });
  });
});
