import { clinicContext, demo, expect, signIn, test } from './support';

// scripts/e2e.sh books Alice with Dr Grey for a visit of today that has already started; this spec
// leaves it booked for e2e/visit.spec.ts to complete.
test('the nurse marks an arrival; the doctor’s day shows it, confirms a no-show and undoes it', async ({
  browser,
}) => {
  await test.step('Nurse Joy marks Alice arrived on the clinic’s day', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, demo.nurse);
    // The day is in order, and the seeded visit has started: any other visit of Alice with Dr Grey
    // today (booked by another spec) starts at least an hour from now, after it.
    const row = page
      .getByRole('table', { name: /^Appointments on / })
      .getByRole('row')
      .filter({ hasText: 'Alice Patel' })
      .filter({ hasText: 'Meredith Grey' })
      .first();
    await expect(row).toContainText('Not arrived');
    await row.getByRole('button', { name: 'Mark arrived: Alice Patel' }).click();
    await expect(row).toContainText(/Arrived \d\d:\d\d/);
    await expect(page.getByRole('status').filter({ hasText: /waiting/ })).toContainText(
      /[1-9]\d* patients? (is|are) waiting/,
    );
    await context.close();
  });

  const context = await clinicContext(browser);
  const page = await context.newPage();
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
  await expect(visit).toContainText(/Arrived \d\d:\d\d/);

  await test.step('an arrival marked by mistake is taken back and marked again', async () => {
    await visit.getByRole('button', { name: 'Undo arrival: Alice Patel' }).click();
    await expect(visit).toContainText('Not arrived');
    await visit.getByRole('button', { name: 'Mark arrived: Alice Patel' }).click();
    await expect(visit).toContainText(/Arrived \d\d:\d\d/);
  });

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

  await test.step('a no-show recorded by mistake is undone at once', async () => {
    await visit.getByRole('button', { name: 'Mark as no-show' }).click();
    await page
      .getByRole('dialog', { name: 'Mark Alice Patel as a no-show?' })
      .getByRole('button', { name: 'Yes, mark as no-show' })
      .click();
    await expect(visit.getByText('No-show', { exact: true })).toBeVisible();
    await expect(visit).toContainText('by mistake? You can undo it until');
    await visit.getByRole('button', { name: 'Undo no-show' }).click();
    await expect(visit.getByText('Booked', { exact: true })).toBeVisible();
    await expect(visit.getByRole('button', { name: 'Undo no-show' })).toHaveCount(0);
    await expect(visit.getByRole('button', { name: 'Complete visit' })).toBeVisible();
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
  await context.close();
});
