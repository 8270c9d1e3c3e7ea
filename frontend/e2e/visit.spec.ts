import { clinicContext, clinicDay, demo, expect, signIn, test, unique } from './support';

// scripts/e2e.sh books Alice with Dr Grey for a visit of today that has already started.
test('a doctor documents a visit that the patient then reads in their record', async ({
  browser,
}) => {
  const notes = unique('Blood pressure 128/82, advised more exercise. Ref ');

  await test.step('Dr Grey completes the visit with consultation notes', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, demo.doctor);
    await page.goto(`/doctor/schedule?date_from=${clinicDay()}&date_to=${clinicDay()}`);
    const visit = page
      .getByRole('list', { name: 'Appointments' })
      .getByRole('listitem')
      .filter({ hasText: 'E2E: a visit in progress.' });
    await expect(visit).toHaveCount(1);
    await expect(visit).toContainText('Alice Patel');
    await visit.getByRole('button', { name: 'Complete visit' }).click();
    await visit.getByLabel('Consultation notes').fill(notes);
    await visit.getByRole('button', { name: 'Save and complete' }).click();
    await page
      .getByRole('dialog', { name: 'Complete the visit of Alice Patel?' })
      .getByRole('button', { name: 'Yes, complete the visit' })
      .click();
    await expect(visit.getByText('Completed', { exact: true })).toBeVisible();
    await expect(visit).toContainText(notes);
    await expect(visit.getByRole('button', { name: 'Complete visit' })).toHaveCount(0);

    // Undone within the window: booked again, the form back with the notes to correct.
    await visit.getByRole('button', { name: 'Undo completion' }).click();
    await expect(visit.getByText('Booked', { exact: true })).toBeVisible();
    await expect(visit.getByLabel('Consultation notes')).toHaveValue(notes);
    await visit.getByRole('button', { name: 'Save and complete' }).click();
    await page
      .getByRole('dialog', { name: 'Complete the visit of Alice Patel?' })
      .getByRole('button', { name: 'Yes, complete the visit' })
      .click();
    await expect(visit.getByText('Completed', { exact: true })).toBeVisible();
    await expect(visit).toContainText(notes);
    await context.close();
  });

  await test.step('Alice reads the notes in her record', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, demo.patient);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My record' })
      .click();
    await expect(page.getByRole('list', { name: 'History' })).toContainText(notes);
    await context.close();
  });
});
