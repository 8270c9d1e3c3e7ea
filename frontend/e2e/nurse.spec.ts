import { clinicContext, clinicDay, demo, expect, signIn, test, unique, typedDate } from './support';

test('a nurse books on a patient’s behalf and the patient sees the booking', async ({
  browser,
}) => {
  const note = unique('Booked by phone: repeat prescription review ');

  await test.step('Nurse Joy books the next free time in general practice for Bob', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, demo.nurse);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patients' })
      .click();
    await page.getByLabel('Search by name or e-mail').fill('Bob');
    await page.getByLabel('Search by name or e-mail').press('Enter');
    await page.getByRole('link', { name: 'Bob Okafor' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bob Okafor' })).toBeVisible();

    await page.getByRole('link', { name: 'Book an appointment' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Book for Bob Okafor' }),
    ).toBeVisible();
    await page.getByLabel('Specialty for the next free time').selectOption('General practice');
    await page.getByRole('button', { name: 'Find the earliest times' }).click();
    await page
      .getByRole('list', { name: 'Earliest free times' })
      .getByRole('button')
      .first()
      .click();
    await expect(page.getByRole('heading', { name: 'Confirm the appointment' })).toBeVisible();
    await page.getByLabel('Reason for the visit (optional)').fill(note);
    await page.getByRole('button', { name: 'Book appointment' }).click();
    // Back on Bob's chart once booked.
    await expect(page.getByRole('heading', { level: 1, name: 'Bob Okafor' })).toBeVisible();
    await context.close();
  });

  await test.step('Bob sees the appointment and the notification', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, 'bob');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Appointments' })
      .click();
    const booked = page
      .getByRole('list', { name: 'Upcoming appointments' })
      .getByRole('listitem')
      .filter({ hasText: note });
    await expect(booked).toHaveCount(1);
    await expect(booked).toContainText('Meredith Grey');
    await expect(booked).toContainText('Booked');
    await expect(page.getByRole('link', { name: /^Notifications \(\d+ unread\)$/ })).toBeVisible();
    await context.close();
  });
});

// scripts/e2e.sh books Alice with Dr Grey for a visit of today that has already started.
test('a nurse’s home is the clinic’s day across doctors, and books from it', async ({ page }) => {
  await signIn(page, demo.nurse);
  await expect(page.getByLabel('Day', { exact: true })).toHaveValue(typedDate(clinicDay()));
  await page.getByLabel('Doctor', { exact: true }).selectOption('Meredith Grey');
  const table = page.getByRole('table', { name: /^Appointments on .* with Meredith Grey$/ });
  const visit = table.getByRole('row').filter({ hasText: 'Alice Patel' }).first();
  await expect(visit).toContainText('Meredith Grey');
  await visit.getByRole('link', { name: 'Book for Alice Patel' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Book for Alice Patel' })).toBeVisible();
});
