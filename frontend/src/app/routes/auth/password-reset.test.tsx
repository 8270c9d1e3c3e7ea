import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const REQUESTED =
  'If an account has this e-mail address, we have sent it a link to set a new password. The link works once and expires; if nothing arrives, check the address and ask again later.';

function recordBodies(path: string, answer: () => Response) {
  const bodies: unknown[] = [];
  server.use(
    http.post(path, async ({ request }) => {
      bodies.push(await request.json());
      return answer();
    }),
  );
  return bodies;
}

describe('asking for a password reset link', () => {
  it('goes from sign-in to the form and shows the one answer for any address', async () => {
    const bodies = recordBodies('/api/v1/auth/password-reset/', () =>
      HttpResponse.json({ detail: REQUESTED }, { status: 202 }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/sign-in');

    await user.click(await screen.findByRole('link', { name: 'Forgot password?' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' }),
    ).toBeVisible();
    expect(router.state.location.pathname).toBe('/forgot-password');
    await user.type(screen.getByLabelText('E-mail'), ' alice@example.org ');
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));

    expect(await screen.findByRole('status')).toHaveTextContent(REQUESTED);
    expect(bodies).toEqual([{ email: 'alice@example.org' }]);
    expect(screen.queryByRole('button', { name: 'Send me a link' })).not.toBeInTheDocument();
  });

  it('shows a field error beside the address', async () => {
    recordBodies('/api/v1/auth/password-reset/', () =>
      HttpResponse.json(
        {
          code: 'validation_error',
          detail: 'Invalid input.',
          fields: { email: ['Enter a valid email address.'] },
        },
        { status: 400 },
      ),
    );
    const user = userEvent.setup();
    renderApp('/forgot-password');

    await user.type(await screen.findByLabelText('E-mail'), 'not-an-address');
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));

    expect(await screen.findByText('Enter a valid email address.')).toBeVisible();
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
  });

  it('says so when the requests are throttled', async () => {
    recordBodies('/api/v1/auth/password-reset/', () =>
      HttpResponse.json(
        { code: 'throttled', detail: 'Request was throttled. Expected available in 3599 seconds.' },
        { status: 429, headers: { 'Retry-After': '3599' } },
      ),
    );
    const user = userEvent.setup();
    renderApp('/forgot-password');

    await user.type(await screen.findByLabelText('E-mail'), 'alice@example.org');
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Request was throttled.');
  });
});

describe('setting a new password from the e-mailed link', () => {
  const LINK = '/reset-password#uid=MTI&token=cz1k2w-0123456789abcdef';

  it('sends the link’s uid and token with the new password, then asks to sign in', async () => {
    const bodies = recordBodies(
      '/api/v1/auth/password-reset/confirm/',
      () => new HttpResponse(null, { status: 204 }),
    );
    const user = userEvent.setup();
    const { router } = renderApp(LINK);

    await user.type(await screen.findByLabelText('New password'), 'a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Your password has been changed');
    expect(bodies).toEqual([
      { uid: 'MTI', token: 'cz1k2w-0123456789abcdef', new_password: 'a brand new passphrase' },
    ]);
    // The spent link's address is replaced, and nobody is signed in.
    expect(router.state.location.hash).toBe('');
    expect(session.getSnapshot().signedIn).toBe(false);
  });

  it('shows the validators’ refusal beside the field and keeps the form', async () => {
    recordBodies('/api/v1/auth/password-reset/confirm/', () =>
      HttpResponse.json(
        {
          code: 'validation_error',
          detail: 'Invalid input.',
          fields: { new_password: ['This password is too common.'] },
        },
        { status: 400 },
      ),
    );
    const user = userEvent.setup();
    renderApp(LINK);

    await user.type(await screen.findByLabelText('New password'), 'password1234');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));

    expect(await screen.findByText('This password is too common.')).toBeVisible();
    expect(screen.getByLabelText('New password')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Set new password' })).toBeEnabled();
  });

  it('offers a new link when this one was used, has expired or was altered', async () => {
    recordBodies('/api/v1/auth/password-reset/confirm/', () =>
      HttpResponse.json(
        {
          code: 'reset_link_invalid',
          detail:
            'This password reset link is not valid: it was used, it has expired, or it is incomplete. Ask for a new one.',
        },
        { status: 400 },
      ),
    );
    const user = userEvent.setup();
    renderApp(LINK);

    await user.type(await screen.findByLabelText('New password'), 'a brand new passphrase');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This password reset link is not valid',
    );
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Ask for a new link' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' }),
    ).toBeVisible();
  });

  it('shows no form for a link without its uid and token', async () => {
    renderApp('/reset-password#uid=MTI');

    expect(await screen.findByRole('alert')).toHaveTextContent('This link is incomplete.');
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  });
});
