import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { signInAs } from '@/testing/auth';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

describe('two-step sign-in settings', () => {
  it('sets up an authenticator and shows the recovery codes', async () => {
    signInAs('nurse');
    let enabled = false;
    const confirmed: unknown[] = [];
    server.use(
      http.get('/api/v1/me/mfa/', () =>
        HttpResponse.json({
          enabled,
          pending: false,
          confirmed_at: enabled ? '2026-03-01T10:00:00Z' : null,
          clinic_requires_mfa: false,
          recovery_codes_left: enabled ? 10 : 0,
        }),
      ),
      http.post('/api/v1/me/mfa/enrol/', () =>
        HttpResponse.json({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/x' }),
      ),
      http.post('/api/v1/me/mfa/confirm/', async ({ request }) => {
        confirmed.push(await request.json());
        enabled = true;
        return HttpResponse.json({ recovery_codes: ['AAAA-BBBB-CCCC-DDDD'] });
      }),
    );
    const user = userEvent.setup();
    renderApp('/nurse/security');

    await user.click(await screen.findByRole('button', { name: 'Set up an authenticator' }));
    expect(await screen.findByText('JBSWY3DPEHPK3PXP')).toBeVisible();
    expect(
      await screen.findByRole('img', {
        name: 'QR code of the set-up link, for your authenticator app',
      }),
    ).toBeVisible();
    await user.type(screen.getByLabelText('Code from your authenticator app'), '123456');
    await user.click(screen.getByRole('button', { name: 'Turn on two-step sign-in' }));

    expect(await screen.findByRole('region', { name: 'Recovery codes' })).toHaveTextContent(
      'AAAA-BBBB-CCCC-DDDD',
    );
    await waitFor(() => {
      expect(screen.getByText(/Two-step sign-in is on/)).toBeVisible();
    });
    expect(confirmed).toEqual([{ code: '123456' }]);
    expect(screen.getByRole('button', { name: 'Download as a text file' })).toBeVisible();
  });
});
