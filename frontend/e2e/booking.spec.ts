import type { Locator, Page } from '@playwright/test';

import { clinicDay, expect, signIn, test, typedDate, unique } from './support';

/**
 * Checks the first or last free time of the picker's chosen day, or of the next day of the week
 * view that has one (then of the weeks after).
 */
async function pickFreeTime(page: Page, picker: Locator, which: 'first' | 'last') {
  for (let week = 0; week < 3; week += 1) {
    await expect(page.getByText('Loading free times…')).toHaveCount(0);
    const days = picker.getByRole('list', { name: 'Days of the week' }).getByRole('button');
    const labels = await days.evaluateAll((buttons) =>
      buttons.map((button) => ({
        label: button.getAttribute('aria-label') ?? '',
        chosen: button.getAttribute('aria-pressed') === 'true',
      })),
    );
    const from = week === 0 ? labels.findIndex((day) => day.chosen) : 0;
    const target = labels.findIndex((day, index) => index >= from && day.label.endsWith(' free'));
    if (target >= 0) {
      await days.nth(target).click();
      const free = picker.getByRole('radio');
      await (which === 'first' ? free.first() : free.last()).check();
      return;
    }
    await picker.getByRole('button', { name: 'Next week' }).click();
  }
  throw new Error('no free time within three weeks');
}

test('a new patient books the next free time with a note, sees it, reschedules and cancels it', async ({
  page,
}) => {
  const username = unique('e2e.booker.');
  const password = 'a long e2e passphrase 9';
  await page.goto('/register');
  await page.getByLabel('First name').fill('Nina');
  await page.getByLabel('Last name').fill('Booker');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('E-mail').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });

  await test.step('find the next free time in general practice and book it', async () => {
    await nav.getByRole('link', { name: 'Book' }).click();
    await page.getByLabel('Specialty for the next free time').selectOption('General practice');
    await page.getByRole('button', { name: 'Find the earliest times' }).click();
    const earliest = page.getByRole('list', { name: 'Earliest free times' });
    await earliest.getByRole('button').first().click();
    await expect(page.getByRole('heading', { name: 'Confirm the appointment' })).toBeVisible();
    await expect(page.getByRole('radio', { checked: true })).toHaveCount(1);
    // The earliest time may be inside the change cut-off (24 h), where only the clinic can move
    // it: take the same doctor's first free time two or more days on, so the patient can.
    const choose = page.getByRole('region', { name: 'Choose a doctor and a time' });
    await choose.getByLabel('Day', { exact: true }).fill(typedDate(clinicDay(2)));
    await pickFreeTime(page, choose, 'first');
    await expect(page.getByRole('heading', { name: 'Confirm the appointment' })).toBeVisible();
    // The rule is said before the click.
    await expect(
      page.getByText(/^You can change or cancel online until .+; after that, call /),
    ).toBeVisible();
    await page.getByLabel('Reason for the visit (optional)').fill('A persistent cough.');
    await page.getByRole('button', { name: 'Book appointment' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My appointments' })).toBeVisible();
    await expect(page.getByText('Your appointment is booked.')).toBeVisible();
  });

  await test.step('the booking notification arrives', async () => {
    await expect(page.getByRole('link', { name: 'Notifications (1 unread)' })).toBeVisible();
    await page.getByRole('link', { name: 'Notifications (1 unread)' }).click();
    const notifications = page.getByRole('list', { name: 'Notifications' });
    await expect(
      notifications.getByRole('listitem', { name: 'Unread: Appointment booked' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
    await nav.getByRole('link', { name: 'Appointments' }).click();
  });

  const upcoming = page.getByRole('list', { name: 'Upcoming appointments' });
  const booked = upcoming.getByRole('listitem');

  await test.step('the booking is listed with its note', async () => {
    await expect(booked).toHaveCount(1);
    await expect(booked).toContainText('Meredith Grey');
    await expect(booked).toContainText('A persistent cough.');
    await expect(booked).toContainText('Booked');
    await expect(booked).toContainText('You can change or cancel online until');
  });

  await test.step('reschedule to another free time', async () => {
    const before = await booked.getByRole('heading', { level: 3 }).textContent();
    await booked.getByRole('button', { name: 'Reschedule' }).click();
    const picker = page.getByRole('group', { name: /^Reschedule/ });
    // The last free time from a day on: never the booked one, which was its day's first.
    await picker.getByLabel('Day', { exact: true }).fill(typedDate(clinicDay(3)));
    await pickFreeTime(page, picker, 'last');
    await picker.getByRole('button', { name: /^Move to/ }).click();
    await expect(booked.getByRole('status')).toHaveText('The appointment has been moved.');
    await expect(booked.getByRole('heading', { level: 3 })).not.toHaveText(before ?? '');
    // Its notification is on the badge at once, not at the next poll (30 s).
    await expect(page.getByRole('link', { name: 'Notifications (1 unread)' })).toBeVisible({
      timeout: 3000,
    });
  });

  await test.step('cancel it with a reason', async () => {
    await booked.getByRole('button', { name: 'Cancel appointment' }).click();
    await page.getByLabel('Why are you cancelling?').fill('Feeling better.');
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    // It leaves Upcoming for the cancelled ones, and cannot be changed any more.
    const cancelled = page
      .getByRole('list', { name: 'Cancelled appointments' })
      .getByRole('listitem');
    await expect(cancelled).toContainText('Cancelled: Feeling better.');
    await expect(page.getByText('No upcoming appointments.')).toBeVisible();
    await expect(cancelled.getByRole('button', { name: 'Reschedule' })).toHaveCount(0);
  });
});

test('a doctor sees the booked appointments on the schedule and filters by patient', async ({
  page,
}) => {
  await signIn(page, 'dr.house');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Schedule' })
    .click();
  await page.getByLabel('To', { exact: true }).fill(typedDate(clinicDay(13)));
  await page.getByRole('button', { name: 'Show' }).click();
  const appointments = page.getByRole('list', { name: 'Appointments' });
  await expect(appointments.getByRole('listitem').first()).toBeVisible();
  await expect(appointments).toContainText('Bob Okafor');

  await page.getByLabel('Patient', { exact: true }).fill('Alice');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(appointments).not.toContainText('Bob Okafor');
  await expect(appointments).toContainText('Alice Patel');
});
