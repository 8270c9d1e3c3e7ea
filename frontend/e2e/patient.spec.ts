import { expect, signIn, test, unique } from './support';

test('a patient registers, edits the profile, stays signed in across a reload and signs out', async ({
  page,
}) => {
  const username = unique('e2e.patient.');
  const password = 'a long e2e passphrase 7';

  await test.step('register', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Register as a patient' }).click();
    await page.getByLabel('First name').fill('Eve');
    await page.getByLabel('Last name').fill('Example');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('E-mail').fill(`${username}@example.com`);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
    await expect(page).toHaveURL(/\/patient\/profile$/);
  });

  await test.step('sign out and sign in again', async () => {
    await page.getByRole('link', { name: 'Sign out' }).click();
    await expect(page.getByRole('status')).toHaveText('You have signed out.');
    await signIn(page, username, password);
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Eve' })).toBeVisible();
  });

  await test.step('a field error from the API appears next to the field', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My profile' })
      .click();
    await page.getByLabel('Phone', { exact: true }).fill('not a phone');
    await page.getByRole('button', { name: 'Save profile' }).click();
    const phone = page.getByLabel('Phone', { exact: true });
    await expect(phone).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('alert')).toContainText('Please correct the fields marked below.');
  });

  await test.step('a contact with a bad phone number stays, its phone marked', async () => {
    await page.getByLabel('Phone', { exact: true }).fill('+44 20 7946 0555');
    await page.getByRole('button', { name: 'Add an emergency contact' }).click();
    await page.getByLabel('Name (contact 1)').fill('Adam Example');
    await page.getByLabel('Relation (contact 1)').fill('Partner');
    await page.getByLabel('Phone (contact 1)').fill('ring me');
    await page.getByRole('button', { name: 'Save profile' }).click();
    const contactPhone = page.getByLabel('Phone (contact 1)');
    await expect(contactPhone).toHaveAttribute('aria-invalid', 'true');
    await expect(contactPhone).toHaveAccessibleDescription(/Enter a phone number/);
    await expect(contactPhone).toHaveValue('ring me');
    await expect(page.getByLabel('Name (contact 1)')).toHaveValue('Adam Example');
    await expect(page.getByLabel('Phone', { exact: true })).not.toHaveAttribute('aria-invalid');
  });

  await test.step('edit the profile', async () => {
    await page.getByLabel('Date of birth').fill('15/06/1985');
    await page.getByLabel('Phone (contact 1)').fill('+44 20 7946 0777');
    await page.getByLabel('Preferred channel for reminders').selectOption('in_app');
    await page.getByLabel('Reminder lead time (hours)').fill('48');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('status')).toHaveText('Your profile has been saved.');
  });

  await test.step('reload: still signed in, the changes kept', async () => {
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
    await expect(page.getByLabel('Phone', { exact: true })).toHaveValue('+44 20 7946 0555');
    await expect(page.getByLabel('Name (contact 1)')).toHaveValue('Adam Example');
    await expect(page.getByLabel('Date of birth')).toHaveValue('15/06/1985');
    await expect(page.getByLabel('Preferred channel for reminders')).toHaveValue('in_app');
    await expect(page.getByLabel('Reminder lead time (hours)')).toHaveValue('48');
    const stored = await page.evaluate(() => Object.keys(window.localStorage));
    expect(stored).toEqual(['pt.refresh']);
  });

  await test.step('find a doctor by specialty', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Find a doctor' })
      .click();
    await page.getByLabel('Specialty', { exact: true }).selectOption('Diagnostics');
    const doctors = page.getByRole('list', { name: 'Doctors' });
    await expect(doctors.getByRole('listitem')).toHaveCount(1);
    await expect(doctors.getByRole('heading', { name: 'Gregory House' })).toBeVisible();
  });

  await test.step('sign out: the session is gone, even after a reload', async () => {
    await page.getByRole('link', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await page.goto('/patient/profile');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fpatient%2Fprofile$/);
  });
});

test('a session that the server has ended sends the user to sign-in and back', async ({ page }) => {
  await signIn(page, 'bob');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'My profile' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();

  // Spend the stored refresh token behind the page's back, as another device's sign-out would.
  const status = await page.evaluate(async () => {
    const refresh = window.localStorage.getItem('pt.refresh');
    const answer = await fetch('/api/v1/auth/token/refresh/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh }),
    });
    return answer.status;
  });
  expect(status).toBe(200);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Your session has ended');
  await page.getByLabel('Username').fill('bob');
  await page.getByLabel('Password').fill('demo-clinic-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
});
