import { demo, expect, signIn, test } from './support';

/** The feed's path and query, to fetch it from this run's server whatever SITE_URL says. */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

test('a patient subscribes in a calendar app, replaces the link and saves one visit as .ics', async ({
  page,
}) => {
  await signIn(page, demo.patient);
  await page.goto('/patient/appointments');
  const panel = page.getByRole('region', { name: 'Subscribe in your calendar app' });

  const first =
    await test.step('create the link: shown once, the feed answers iCalendar', async () => {
      await panel.getByRole('button', { name: 'Create calendar link' }).click();
      const address = panel.getByLabel('Calendar address');
      await expect(address).toHaveValue(/\/api\/v1\/calendar-feeds\/[\w-]+\.ics$/);
      const url = await address.inputValue();
      await expect(panel.getByRole('link', { name: 'Open in calendar app' })).toHaveAttribute(
        'href',
        /^webcal:\/\//,
      );
      const feed = await page.request.get(pathOf(url), { headers: { Accept: 'text/calendar' } });
      expect(feed.status()).toBe(200);
      expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
      expect(feed.headers()['cache-control']).toBe('no-store');
      const body = await feed.text();
      expect(body).toContain('BEGIN:VCALENDAR');
      expect(body).toContain('TZID:Europe/London');
      return url;
    });

  await test.step('after a reload the address is not shown again', async () => {
    await page.reload();
    await expect(panel.getByText(/Your calendar link is on/)).toBeVisible();
    await expect(panel.getByLabel('Calendar address')).toHaveCount(0);
  });

  await test.step('replace the link: the old address stops at once', async () => {
    await panel.getByRole('button', { name: 'Replace the link' }).click();
    await expect(panel.getByLabel('Calendar address')).not.toHaveValue(first);
    expect((await page.request.get(pathOf(first))).status()).toBe(404);
  });

  await test.step('save one appointment as an .ics file', async () => {
    const button = page.getByRole('button', { name: /to my calendar \(\.ics\)$/ }).first();
    const download = page.waitForEvent('download');
    await button.click();
    expect((await download).suggestedFilename()).toMatch(/^appointment-\d+\.ics$/);
  });

  await test.step('turn the link off', async () => {
    const current = await panel.getByLabel('Calendar address').inputValue();
    await panel.getByRole('button', { name: 'Turn off the link' }).click();
    await expect(panel.getByText('The calendar link is turned off.')).toBeVisible();
    expect((await page.request.get(pathOf(current))).status()).toBe(404);
  });
});
