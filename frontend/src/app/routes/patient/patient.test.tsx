import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { signInAs } from '@/testing/auth';
import { users } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

type Body = Record<string, unknown>;

function capturePatch() {
  const bodies: Body[] = [];
  server.use(
    http.patch('/api/v1/me/', async ({ request }) => {
      const body = (await request.json()) as Body;
      bodies.push(body);
      return HttpResponse.json({ ...users.patient, first_name: String(body.first_name) });
    }),
  );
  return bodies;
}

describe('patient profile', () => {
  it('shows the saved profile with its emergency contacts and preferences', async () => {
    signInAs('patient');
    renderApp('/patient/profile');

    expect(await screen.findByLabelText('First name')).toHaveValue('Alice');
    expect(screen.getByLabelText('Date of birth')).toHaveValue('01/04/1990');
    expect(screen.getByLabelText('Name (contact 1)')).toHaveValue('Raj Patel');
    expect(screen.getByLabelText('Preferred channel for reminders')).toHaveValue('email');
    expect(screen.getByLabelText('Reminder lead time (hours)')).toHaveValue(24);
  });

  it('adds and removes emergency contacts and saves them with the preferences', async () => {
    signInAs('patient');
    const bodies = capturePatch();
    const user = userEvent.setup();
    renderApp('/patient/profile');

    await user.click(await screen.findByRole('button', { name: 'Add an emergency contact' }));
    const second = screen.getByRole('group', { name: 'Emergency contact 2' });
    await user.type(within(second).getByLabelText('Name (contact 2)'), 'Sam Patel');
    await user.type(within(second).getByLabelText('Relation (contact 2)'), 'Sister');
    await user.type(within(second).getByLabelText('Phone (contact 2)'), '+44 20 7946 0123');
    await user.click(screen.getByRole('button', { name: 'Remove contact 1' }));
    await user.selectOptions(screen.getByLabelText('Preferred channel for reminders'), 'in_app');
    await user.clear(screen.getByLabelText('Reminder lead time (hours)'));
    await user.type(screen.getByLabelText('Reminder lead time (hours)'), '48');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Your profile has been saved.');
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({
      first_name: 'Alice',
      emergency_contacts: [{ name: 'Sam Patel', relation: 'Sister', phone: '+44 20 7946 0123' }],
      preferences: { channel: 'in_app', language: 'en', reminder_lead_hours: 48 },
    });
  });

  it('shows a contact’s field error next to that contact’s field', async () => {
    signInAs('patient');
    server.use(
      http.patch('/api/v1/me/', () =>
        HttpResponse.json(
          {
            code: 'validation_error',
            detail: 'Some fields are not valid.',
            fields: {
              emergency_contacts: [{ phone: ['Enter a valid phone number.'] }],
              preferences: {
                reminder_lead_hours: ['Ensure this value is less than or equal to 168.'],
              },
            },
            request_id: 'r3',
          },
          { status: 400 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/patient/profile');

    await user.click(await screen.findByRole('button', { name: 'Save profile' }));

    await waitFor(() => {
      expect(screen.getByLabelText('Phone (contact 1)')).toHaveAccessibleDescription(
        'Enter a valid phone number.',
      );
    });
    expect(screen.getByLabelText('Reminder lead time (hours)')).toHaveAccessibleDescription(
      'Ensure this value is less than or equal to 168.',
    );
    expect(screen.getByLabelText('Phone')).not.toBeInvalid();
  });

  it('keeps a contact with a bad phone number as typed and marks its phone', async () => {
    signInAs('patient');
    const bodies: Body[] = [];
    server.use(
      http.patch('/api/v1/me/', async ({ request }) => {
        bodies.push((await request.json()) as Body);
        // As DRF answers a list serializer: the failing item by its position.
        return HttpResponse.json(
          {
            code: 'validation_error',
            detail: 'Some fields are not valid.',
            fields: { emergency_contacts: { '1': { phone: ['Enter a phone number.'] } } },
            request_id: 'r4',
          },
          { status: 400 },
        );
      }),
    );
    const user = userEvent.setup();
    renderApp('/patient/profile');

    await user.click(await screen.findByRole('button', { name: 'Add an emergency contact' }));
    await user.type(screen.getByLabelText('Name (contact 2)'), 'Sam Patel');
    await user.type(screen.getByLabelText('Relation (contact 2)'), 'Sister');
    await user.type(screen.getByLabelText('Phone (contact 2)'), 'call me');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Please correct the fields marked below.',
    );
    const phone = screen.getByLabelText('Phone (contact 2)');
    expect(phone).toHaveAttribute('aria-invalid', 'true');
    expect(phone).toHaveAccessibleDescription('Enter a phone number.');
    expect(phone).toHaveValue('call me');
    expect(screen.getByLabelText('Name (contact 2)')).toHaveValue('Sam Patel');
    expect(screen.getByLabelText('Relation (contact 2)')).toHaveValue('Sister');
    expect(screen.getByLabelText('Phone (contact 1)')).not.toBeInvalid();
    expect(bodies[0]?.emergency_contacts).toEqual([
      { name: 'Raj Patel', relation: 'Brother', phone: '+44 20 7946 0999' },
      { name: 'Sam Patel', relation: 'Sister', phone: 'call me' },
    ]);

    // The error stays with its contact when a row above it goes.
    await user.click(screen.getByRole('button', { name: 'Remove contact 1' }));
    expect(screen.getAllByRole('group', { name: /^Emergency contact \d/ })).toHaveLength(1);
    const moved = screen.getByLabelText('Phone (contact 1)');
    expect(moved).toHaveValue('call me');
    expect(moved).toHaveAccessibleDescription('Enter a phone number.');

    // A row added since was not sent, so it carries no error.
    await user.click(screen.getByRole('button', { name: 'Add an emergency contact' }));
    expect(screen.getByLabelText('Phone (contact 2)')).not.toHaveAttribute('aria-invalid');
  });

  it('explains a server failure calmly and gives the request id', async () => {
    signInAs('patient');
    server.use(
      http.patch('/api/v1/me/', () =>
        HttpResponse.json(
          { code: 'server_error', detail: 'Something went wrong.', request_id: 'req-500-abc' },
          { status: 500 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/patient/profile');

    await user.click(await screen.findByRole('button', { name: 'Save profile' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Something went wrong on our side');
    expect(alert).toHaveTextContent('req-500-abc');
  });

  it('explains a lost connection', async () => {
    signInAs('patient');
    server.use(http.patch('/api/v1/me/', () => HttpResponse.error()));
    const user = userEvent.setup();
    renderApp('/patient/profile');

    await user.click(await screen.findByRole('button', { name: 'Save profile' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('We could not reach the server');
  });

  it('changes the password and keeps the new session', async () => {
    signInAs('patient');
    server.use(
      http.post('/api/v1/me/password/', () =>
        HttpResponse.json({ access: 'access-new', refresh: 'refresh-new' }),
      ),
    );
    const user = userEvent.setup();
    renderApp('/patient/password');

    await user.type(await screen.findByLabelText('Current password'), 'old passphrase');
    await user.type(screen.getByLabelText('New password'), 'a new long passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Your password has been changed.');
    expect(session.getRefreshToken()).toBe('refresh-new');
  });
});

describe('doctor directory', () => {
  it('lists the doctors with whether they accept new patients', async () => {
    signInAs('patient');
    renderApp('/patient/doctors');

    const list = await screen.findByRole('list', { name: 'Doctors' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).getByRole('heading', { name: 'Gregory House' })).toBeVisible();
    expect(within(list).getByText('Not accepting new patients')).toBeVisible();
  });

  it('filters by specialty and searches by name', async () => {
    signInAs('patient');
    const user = userEvent.setup();
    const { router } = renderApp('/patient/doctors');

    const specialty = await screen.findByLabelText('Specialty');
    await screen.findByRole('option', { name: 'Diagnostics' });
    await user.selectOptions(specialty, 'Diagnostics');

    await waitFor(() => {
      expect(screen.getByRole('status')).toHaveTextContent('1 doctor');
    });
    expect(screen.getByRole('heading', { name: 'Gregory House' })).toBeVisible();
    expect(router.state.location.search).toBe('?specialty=Diagnostics');

    await user.selectOptions(specialty, '');
    await user.type(screen.getByLabelText('Search by name or specialty'), 'grey');
    await user.click(screen.getByRole('button', { name: 'Search' }));

    await waitFor(() => {
      expect(screen.getByRole('heading', { name: 'Meredith Grey' })).toBeVisible();
    });
    expect(screen.queryByRole('heading', { name: 'Gregory House' })).not.toBeInTheDocument();
  });
});
