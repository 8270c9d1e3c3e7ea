import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import { expect, type Page, test } from '@playwright/test';

import { mainPages } from './pages';
import { signIn } from './support';

// Kept in the repository (e2e/screenshots/) so a reviewer sees what each role sees, on a laptop
// and on a 375px phone. Every run takes them, but a file is only rewritten when the page looks
// different: font rendering noise or a changed clock time in a log must not churn the repository.
const viewports = [
  { suffix: 'desktop', size: { width: 1280, height: 800 } },
  { suffix: 'mobile', size: { width: 375, height: 812 } },
] as const;

/** Pixels whose colour moved by more than this (0-255, any channel) count as changed. */
const CHANNEL_TOLERANCE = 32;
/** A screenshot is rewritten when more than this share of its pixels changed. */
const CHANGED_SHARE = 0.001;

/** The share of pixels that differ between two PNGs (1 when their sizes differ), in a browser. */
async function changedShare(page: Page, before: Buffer, after: Buffer): Promise<number> {
  const scratch = await page.context().newPage();
  try {
    return await scratch.evaluate(
      async ({ a, b, tolerance }) => {
        async function pixels(base64: string) {
          const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d');
          if (!context) {
            throw new Error('no 2d canvas');
          }
          context.drawImage(bitmap, 0, 0);
          return context.getImageData(0, 0, bitmap.width, bitmap.height);
        }
        const [first, second] = await Promise.all([pixels(a), pixels(b)]);
        if (first.width !== second.width || first.height !== second.height) {
          return 1;
        }
        let changed = 0;
        for (let i = 0; i < first.data.length; i += 4) {
          for (let channel = 0; channel < 4; channel += 1) {
            if (Math.abs(first.data[i + channel] - second.data[i + channel]) > tolerance) {
              changed += 1;
              break;
            }
          }
        }
        return changed / (first.width * first.height);
      },
      { a: before.toString('base64'), b: after.toString('base64'), tolerance: CHANNEL_TOLERANCE },
    );
  } finally {
    await scratch.close();
  }
}

async function saveIfChanged(page: Page, path: string, shot: Buffer) {
  if (existsSync(path)) {
    const stored = readFileSync(path);
    if (stored.equals(shot) || (await changedShare(page, stored, shot)) <= CHANGED_SHARE) {
      return;
    }
  }
  writeFileSync(path, shot);
}

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
          // A log's times are those of this run's sign-ins: the same page at another moment.
          mask: log ? [page.locator('time')] : [],
          maskColor: '#e5e7eb',
        });
        await saveIfChanged(page, `e2e/screenshots/${area}-${name}-${suffix}.png`, shot);
      }
    });
  }
}
