import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, test, unique } from './support';

/**
 * The password reset link in the newest e-mail to `address`, or null: scripts/e2e.sh has the
 * server write every e-mail as a file into E2E_MAIL_DIR (Django's file-based backend), each
 * file holding one or more messages between lines of 79 dashes.
 */
function resetLinkFor(address: string): string | null {
  const folder = process.env.E2E_MAIL_DIR;
  if (!folder) {
    throw new Error('E2E_MAIL_DIR is not set: run the end-to-end tests with npm run test:e2e');
  }
  let files: string[];
  try {
    files = readdirSync(folder).sort();
  } catch {
    return null; // no e-mail written yet
  }
  const links = files
    .flatMap((name) => readFileSync(join(folder, name), 'utf8').split(/^-{79}$/m))
    .filter((message) => message.includes(`To: ${address}`))
    .map((message) => /(http\S+\/reset-password#\S+)/.exec(message)?.[1])
    .filter((link): link is string => Boolean(link));
  return links.at(-1) ?? null;
}

test('a patient who forgot the password sets a new one from the e-mailed link', async ({
  page,
}) => {
  const username = unique('e2e.reset.');
  const address = `${username}@example.com`;
  const oldPassword = 'an old e2e passphrase 3';
  const newPassword = 'a fresh e2e passphrase 8';

  await test.step('a patient account exists', async () => {
    const registered = await page.request.post('/api/v1/auth/register/', {
      data: {
        username,
        email: address,
        password: oldPassword,
        first_name: 'Rita',
        last_name: 'Reset',
      },
    });
    expect(registered.status()).toBe(202);
  });

  await test.step('ask for a link from the sign-in page', async () => {
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Forgot your password?' }),
    ).toBeVisible();
    await page.getByLabel('E-mail').fill(address);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect(page.getByRole('status')).toContainText('If an account has this e-mail address');
  });

  let link: string | null = null;
  await test.step('the e-mail arrives with the link', async () => {
    await expect
      .poll(() => (link = resetLinkFor(address)), { timeout: 20_000 })
      .toMatch(/\/reset-password#uid=/);
  });

  await test.step('open the link and set a new password', async () => {
    await page.goto(link ?? '');
    await expect(page.getByRole('heading', { level: 1, name: 'Set a new password' })).toBeVisible();
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Your password has been changed');
  });

  await test.step('the old password no longer signs in', async () => {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(oldPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Invalid username or password.');
  });

  await test.step('the new one does', async () => {
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Rita' })).toBeVisible();
  });

  await test.step('the link works only once', async () => {
    await page.goto(link ?? '');
    await page.getByLabel('New password').fill('yet another e2e passphrase 5');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByRole('alert')).toContainText('This password reset link is not valid');
  });
});
