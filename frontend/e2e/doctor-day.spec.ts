import { clinicDay, clinicNow, demo, expect, signIn, test } from './support';

// scripts/e2e.sh books Alice with Dr Grey for a visit that started ten minutes ago; this spec
// leaves it booked for e2e/visit.spec.ts to complete.
const visitStart = new Date(clinicNow().getTime() - 10 * 60_000);
const startedToday =
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(visitStart) ===
  clinicDay();

test('a doctor’s home is the day: confirm before a no-show, one click to the chart', async ({
  page,
}) => {
  test.skip(!startedToday, 'the seeded visit started before midnight: it is not today’s');
  await signIn(page, demo.doctor);
  await expect(page).toHaveURL(/\/doctor$/);
  await expect(page.getByRole('heading', { level: 2, name: /^Today, / })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'The next 7 days' })).toBeVisible();

  const visit = page
    .getByRole('list', { name: 'Today’s appointments' })
    .getByRole('listitem')
    .filter({ hasText: 'E2E: a visit in progress.' });
  await expect(visit).toHaveCount(1);
  await expect(visit).toContainText('Booked');

  await test.step('a no-show asks first, and Escape leaves the visit as it was', async () => {
    const trigger = visit.getByRole('button', { name: 'Mark as no-show' });
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'Mark Alice Patel as a no-show?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Go back' })).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Go back' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(trigger).toBeFocused();
    await expect(visit).toContainText('Booked');
  });

  await test.step('the patient’s name opens the chart on the record', async () => {
    await visit.getByRole('link', { name: 'Alice Patel' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Alice Patel' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Record entries' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Medications' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'History' })).toBeVisible();
    await expect(page.getByRole('form')).toHaveCount(0);
    await page.getByRole('button', { name: 'Prescribe a medication' }).click();
    await expect(page.getByRole('form', { name: 'Prescribe a medication' })).toBeVisible();
  });
});
