import AxeBuilder from '@axe-core/playwright';

import { clinicContext, clinicDay, demo, expect, signIn, test } from './support';

/** A clinic day (YYYY-MM-DD) as the access log heads it: "Tuesday 2 March 2027" (a comma after the day by some ICU versions). */
function dayHeading(day: string): RegExp {
  const date = new Date(`${day}T00:00:00Z`);
  const part = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date);
  return new RegExp(
    `^${part({ weekday: 'long' })},? ${part({ day: 'numeric' })} ${part({ month: 'long' })} ${part({ year: 'numeric' })}$`,
  );
}

test('a patient reads a doctor’s visit to the record as a sentence; an admin finds it by name', async ({
  browser,
}) => {
  await test.step('the doctor opens the patient list, then Alice’s chart', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, demo.doctor);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Patients' })
      .click();
    await expect(page).toHaveURL(/\/doctor\/patients$/);
    await page.getByRole('main').getByRole('link', { name: 'Alice Patel' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Alice Patel' })).toBeVisible();
    await expect(page.getByText(/^Loading/)).toHaveCount(0);
    await context.close();
  });

  await test.step('Alice reads who opened her record, in words, under today', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, demo.patient);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Access log' })
      .click();
    const today = page.getByRole('region', { name: dayHeading(clinicDay(0)) });
    const line = today.getByRole('listitem').filter({ hasText: /^Dr Meredith Grey / });
    // A day of the doctor's reads is one line, not one per request.
    await expect(line).toHaveCount(1);
    await expect(line).toContainText('opened your record');
    await expect(line).toContainText(/(At|Between) \d{2}:\d{2}/);
    await context.close();
  });

  await test.step('the admin filters the audit log by typing the doctor’s name', async () => {
    const context = await clinicContext(browser);
    const page = await context.newPage();
    await signIn(page, demo.admin);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    const actor = page.getByRole('combobox', { name: 'Actor' });
    await actor.fill('grey');
    const option = page.getByRole('option', { name: /Meredith Grey/ });
    await expect(option).toBeVisible();
    await expect(actor).toHaveAttribute('aria-expanded', 'true');

    // The open list passes axe too.
    const results = await new AxeBuilder({ page })
      .include('form[aria-label="Filter the audit log"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);

    await actor.press('ArrowDown');
    await actor.press('Enter');
    await expect(actor).toHaveValue('Meredith Grey');
    const patient = page.getByRole('combobox', { name: 'Patient' });
    await patient.pressSequentially('alice');
    await page.getByRole('option', { name: /Alice Patel/ }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();

    await expect(page).toHaveURL(/[?&]actor=\d+/);
    await expect(page).toHaveURL(/[?&]patient=\d+/);
    const events = page.getByRole('table', { name: 'Audit events' });
    await expect(events.getByRole('row', { name: /timeline\.read/ }).first()).toBeVisible();
    // Every row is the doctor's, about Alice.
    const rows = events.locator('tbody tr');
    for (const row of await rows.all()) {
      await expect(row).toContainText('Meredith Grey');
      await expect(row).toContainText('Alice Patel');
    }
    // The names stay in the filters after applying them.
    await expect(page.getByRole('combobox', { name: 'Actor' })).toHaveValue('Meredith Grey');

    // The doctor's look at the patient list is one event for the list, naming no patient.
    await page.getByRole('combobox', { name: 'Patient' }).fill('');
    await page.getByLabel('Action').fill('patient.list');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(
      events.getByRole('row', { name: /patient\.list \(\d+ rows?\)/ }).first(),
    ).toBeVisible();
    await context.close();
  });
});
