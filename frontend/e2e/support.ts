import {
  type Browser,
  type BrowserContext,
  test as base,
  expect,
  type Page,
} from '@playwright/test';

/**
 * The clinic's clock for this run: scripts/e2e.sh may shift the backend by CLOCK_OFFSET_SECONDS
 * (E2E_CLOCK), and the browser and these tests are shifted by the same amount, so "now" is one
 * moment everywhere. Time runs on from there.
 */
const CLOCK_OFFSET_MS = Number(process.env.CLOCK_OFFSET_SECONDS ?? '0') * 1000;

export function clinicNow(): Date {
  return new Date(Date.now() + CLOCK_OFFSET_MS);
}

async function shiftClock(context: BrowserContext): Promise<BrowserContext> {
  if (CLOCK_OFFSET_MS !== 0) {
    await context.clock.install({ time: clinicNow() });
  }
  return context;
}

/** A fresh browser context on the clinic's clock (for tests with more than one user). */
export async function clinicContext(browser: Browser): Promise<BrowserContext> {
  return shiftClock(await browser.newContext());
}

/** Playwright's `test`, with the default context on the clinic's clock. */
export const test = base.extend({
  context: async ({ context }, provide) => {
    await provide(await shiftClock(context));
  },
});

export { expect };

/** Printed by `manage.py seed_demo`; demo data only. */
export const DEMO_PASSWORD = 'demo-clinic-2026';

export const demo = {
  admin: 'admin',
  doctor: 'dr.grey',
  nurse: 'nurse.joy',
  patient: 'alice',
} as const;

export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The navigation may be folded behind the menu button on a phone; the address says it all.
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByRole('banner')).toBeVisible();
}

/** A name no earlier run has used (the database is fresh per run, but runs may be repeated). */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1000).toString()}`;
}

/** A clinic-local date (YYYY-MM-DD), `offset` days from today (the demo clinic is in London). */
export function clinicDay(offset = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(clinicNow());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

/** A date (YYYY-MM-DD) as a person types it in the clinic's locale (en-GB): "31/12/2027". */
export function typedDate(day: string): string {
  return day.split('-').reverse().join('/');
}
