import { mkdirSync, writeFileSync } from 'node:fs';

import { mainPages } from './pages';
import { expect, signIn, test } from './support';

// What each role sees, on a laptop and on a 375px phone: written on every run under the ignored
// test-results/screenshots/ (CI keeps them as an artifact), never committed.
const SCREENSHOT_DIR = 'test-results/screenshots';
const viewports = [
  { suffix: 'desktop', size: { width: 1280, height: 800 } },
  { suffix: 'mobile', size: { width: 375, height: 812 } },
] as const;

test.beforeAll(() => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

for (const { suffix, size } of viewports) {
  for (const [area, { user, pages }] of Object.entries(mainPages)) {
    test(`screenshots of the ${area} pages (${suffix})`, async ({ page }) => {
      await page.setViewportSize(size);
      if (user) {
        await signIn(page, user);
      }
      for (const { name, path, heading } of pages) {
        // Phones get the main page of each area only; desktops get every main page.
        if (suffix === 'mobile' && name !== pages[0].name) {
          continue;
        }
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
        await expect(page.getByText(/^Loading/)).toHaveCount(0);
        // Nothing may be wider than a phone's screen.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
        const log = name === 'audit' || name === 'access-log';
        const shot = await page.screenshot({
          // Logs grow with every run; their first screen is enough.
          fullPage: !log,
          animations: 'disabled',
          caret: 'hide',
        });
        writeFileSync(`${SCREENSHOT_DIR}/${area}-${name}-${suffix}.png`, shot);
      }
    });
  }
}
