import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { clinicNow, demo, expect, signIn, test, unique } from './support';

/** RFC 4648 base32, as authenticator keys are written. */
function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

/** The code an authenticator app shows now (RFC 6238: SHA-1, 30 s, 6 digits), on the clinic's clock. */
function totp(secret: string): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(clinicNow().getTime() / 30_000)));
  const digest = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = (digest.at(-1) ?? 0) & 0x0f;
  const value = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, '0');
}

test('a new doctor turns on two-step sign-in from a QR code and saves the recovery codes', async ({
  page,
}) => {
  const username = unique('dr.mfa.');
  const password = 'an initial e2e passphrase';

  await test.step('an admin creates the doctor', async () => {
    await signIn(page, demo.admin);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Doctors' })
      .click();
    await page.getByRole('link', { name: 'Add a doctor' }).click();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Initial password').fill(password);
    await page.getByLabel('First name').fill('Miranda');
    await page.getByLabel('Last name').fill('Bailey');
    await page.getByLabel('E-mail').fill(`${username}@clinic.example`);
    await page.getByLabel('Specialty').fill('Surgery');
    await page.getByLabel('Licence number').fill(username.toUpperCase());
    await page.getByRole('button', { name: 'Create doctor' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Miranda Bailey' })).toBeVisible();
    await expect(page.getByText('The doctor has been created.')).toBeVisible();
    await page.getByRole('link', { name: 'Sign out' }).click();
  });

  await test.step('the doctor scans the QR code and confirms a code', async () => {
    await signIn(page, username, password);
    await page.goto('/doctor/security');
    await page.getByRole('button', { name: 'Set up an authenticator' }).click();
    const qr = page.getByRole('img', {
      name: 'QR code of the set-up link, for your authenticator app',
    });
    await expect(qr).toBeVisible();
    expect(await qr.locator('path').count()).toBeGreaterThan(0);
    const uri = await page.getByRole('link', { name: 'the set-up link' }).getAttribute('href');
    const secret = new URL(uri ?? '').searchParams.get('secret') ?? '';
    expect(secret).not.toBe('');
    await page.getByLabel('Code from your authenticator app').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  });

  await test.step('the recovery codes download as a text file', async () => {
    const codes = page.getByRole('region', { name: 'Recovery codes' });
    await expect(codes).toBeVisible();
    const shown = await codes.getByRole('listitem').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    const downloading = page.waitForEvent('download');
    await codes.getByRole('button', { name: 'Download as a text file' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('recovery-codes.txt');
    const text = await readFile(await download.path(), 'utf8');
    for (const code of shown) {
      expect(text).toContain(code.trim());
    }
  });
});
