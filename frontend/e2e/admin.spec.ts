import { demo, expect, signIn, test, unique } from './support';

test('an admin creates a doctor and assigns a patient’s primary doctor', async ({ page }) => {
  const username = unique('dr.e2e.');
  await signIn(page, demo.admin);
  const nav = page.getByRole('navigation', { name: 'Main' });

  await test.step('create the doctor', async () => {
    await nav.getByRole('link', { name: 'Doctors' }).click();
    await page.getByRole('link', { name: 'Add a doctor' }).click();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Initial password').fill('an initial e2e passphrase');
    await page.getByLabel('First name').fill('Cristina');
    await page.getByLabel('Last name').fill('Yang');
    await page.getByLabel('E-mail').fill(`${username}@clinic.example`);
    await page.getByLabel('Specialty').fill('Cardiology');
    await page.getByLabel('Licence number').fill(username.toUpperCase());
    await page.getByRole('button', { name: 'Create doctor' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Cristina Yang' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('The doctor has been created.');
  });

  await test.step('assign Bob to the new doctor', async () => {
    await nav.getByRole('link', { name: 'Patients' }).click();
    await page.getByLabel('Search by name or e-mail').fill('Okafor');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Bob Okafor' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Bob Okafor' })).toBeVisible();
    await page
      .getByLabel('Doctor', { exact: true })
      .selectOption({ label: 'Cristina Yang (Cardiology)' });
    await page.getByRole('button', { name: 'Assign doctor' }).click();
    await expect(page.getByRole('status')).toHaveText('The primary doctor has been saved.');
    await expect(page.getByText(/^Currently:/)).toHaveText('Currently: Cristina Yang (Cardiology)');
  });

  await test.step('the patient list shows the assignment', async () => {
    await page.getByRole('link', { name: 'Back to the patients' }).click();
    const row = page.getByRole('row', { name: /Bob Okafor/ });
    await expect(row.getByRole('cell', { name: 'Cristina Yang' })).toBeVisible();
  });

  await test.step('the audit log records the assignment', async () => {
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('patient.assign_doctor');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const events = page.getByRole('table', { name: 'Audit events' });
    await expect(events.getByRole('row', { name: /Bob Okafor/ }).first()).toBeVisible();
  });
});
