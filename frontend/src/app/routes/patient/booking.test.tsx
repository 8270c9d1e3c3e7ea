import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { clinicDay } from '@/lib/datetime';
import { signInAs } from '@/testing/auth';
import { page } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';
import type { Schemas } from '@/types/api';

// A fixed clinic time, so no test depends on when it runs: Tuesday 2 March 2027, 08:30 in London
// (GMT). Tomorrow's visits from 08:30 on are outside the 24 h change cut-off; earlier ones inside.
vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-03-02T08:30:00Z') });
afterAll(() => {
  vi.useRealTimers();
});

const tomorrow = clinicDay(1);
const at = (time: string) => `${tomorrow}T${time}:00+00:00`;
const today = (time: string) => `${clinicDay()}T${time}:00+00:00`;

type Listed = ReturnType<typeof appointment>;

/** GET appointments/ over `list`, filtered by status and clinic day as the API does. */
function appointmentsServer(list: () => Listed[]) {
  server.use(
    http.get('/api/v1/appointments/', ({ request }) => {
      const params = new URL(request.url).searchParams;
      const status = params.get('status');
      const from = params.get('date_from');
      const to = params.get('date_to');
      return HttpResponse.json(
        page(
          list().filter(
            (item) =>
              (!status || item.status === status) &&
              (!from || item.start.slice(0, 10) >= from) &&
              (!to || item.start.slice(0, 10) <= to),
          ),
        ),
      );
    }),
  );
}

function appointment(overrides: Partial<Schemas['AppointmentOutput']> = {}) {
  return {
    id: 70,
    patient: { id: 11, full_name: 'Alice Patel' },
    doctor: { id: 4, full_name: 'Gregory House', specialty: 'Diagnostics' },
    start: at('10:00'),
    end: at('10:30'),
    status: 'booked' as const,
    reason: 'Headaches',
    consultation_notes: '',
    booked_by: 11,
    booked_by_client: null,
    cancelled_by: null,
    cancelled_by_client: null,
    cancellation_reason: '',
    cancelled_at: null,
    completed_at: null,
    no_show_at: null,
    arrived_at: null,
    undo_until: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** Doctor 4's free slots: 09:00 and 10:00 tomorrow, until one is taken; asked for by range. */
function slotServer() {
  let free = [at('09:00'), at('10:00')];
  const slotRequests: string[] = [];
  server.use(
    http.get('/api/v1/doctors/4/slots/', ({ request }) => {
      const params = new URL(request.url).searchParams;
      const from = params.get('from') ?? '';
      const to = params.get('to') ?? '';
      slotRequests.push(`${from}..${to}`);
      return HttpResponse.json({
        doctor: 4,
        time_zone: 'Europe/London',
        slots:
          from <= tomorrow && tomorrow <= to ? free.map((start) => ({ start, end: start })) : [],
      });
    }),
  );
  return {
    slotRequests,
    take(start: string) {
      free = free.filter((slot) => slot !== start);
    },
  };
}

/** Tomorrow (Wednesday 3 March 2027) in the picker's week, by its free times. */
function tomorrowButton(free = 2) {
  return screen.findByRole('button', { name: new RegExp(`^Wed 3 Mar\\W+${String(free)} free$`) });
}

describe('booking', () => {
  it('books a chosen free time with a note, sending an idempotency key', async () => {
    signInAs('patient');
    slotServer();
    const bookings: { body: unknown; key: string | null }[] = [];
    server.use(
      http.post('/api/v1/appointments/', async ({ request }) => {
        bookings.push({ body: await request.json(), key: request.headers.get('Idempotency-Key') });
        return HttpResponse.json(appointment(), { status: 201 });
      }),
      http.get('/api/v1/appointments/', () => HttpResponse.json(page([appointment()]))),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/patient/book?doctor=4');

    await user.click(await tomorrowButton());
    await user.click(await screen.findByRole('radio', { name: '10:00' }));
    await user.type(screen.getByLabelText('Reason for the visit (optional)'), 'Headaches');
    await user.click(screen.getByRole('button', { name: 'Book appointment' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My appointments' })).toBeVisible();
    expect(screen.getByText('Your appointment is booked.')).toHaveAttribute('role', 'status');
    expect(router.state.location.pathname).toBe('/patient/appointments');
    // Said once: a reload of this history entry does not say it again.
    await waitFor(() => {
      expect(router.state.location.state).toBeNull();
    });
    expect(screen.getByText('Your appointment is booked.')).toBeVisible();
    expect(bookings).toHaveLength(1);
    expect(bookings[0]?.body).toEqual({ doctor: 4, start: at('10:00'), reason: 'Headaches' });
    expect(bookings[0]?.key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('explains a slot taken meanwhile and shows the refreshed free times', async () => {
    signInAs('patient');
    const slots = slotServer();
    server.use(
      http.post('/api/v1/appointments/', () => {
        slots.take(at('10:00'));
        return HttpResponse.json(
          { code: 'slot_taken', detail: 'That slot is no longer free.', request_id: 'r' },
          { status: 409 },
        );
      }),
    );
    const user = userEvent.setup();
    renderApp('/patient/book?doctor=4');

    await user.click(await tomorrowButton());
    await user.click(await screen.findByRole('radio', { name: '10:00' }));
    await user.click(screen.getByRole('button', { name: 'Book appointment' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Someone has just booked that time');
    await waitFor(() => {
      expect(screen.queryByRole('radio', { name: '10:00' })).not.toBeInTheDocument();
    });
    expect(screen.getByRole('radio', { name: '09:00' })).toBeVisible();
    // The week (from today, Tuesday, to Sunday) was asked for again.
    expect(
      slots.slotRequests.filter((range) => range === '2027-03-02..2027-03-07').length,
    ).toBeGreaterThan(1);
  });

  it('finds the next free time of a specialty and books it', async () => {
    signInAs('patient');
    slotServer();
    const nextQueries: string[] = [];
    server.use(
      http.get('/api/v1/slots/next/', ({ request }) => {
        nextQueries.push(new URL(request.url).search);
        return HttpResponse.json({
          time_zone: 'Europe/London',
          results: [
            {
              start: at('09:00'),
              end: at('09:30'),
              doctor: { id: 4, full_name: 'Gregory House', specialty: 'Diagnostics' },
              is_primary_doctor: false,
            },
          ],
        });
      }),
    );
    const user = userEvent.setup();
    renderApp('/patient/book');

    await screen.findByRole('option', { name: 'Diagnostics' });
    await user.selectOptions(
      screen.getByLabelText('Specialty for the next free time'),
      'Diagnostics',
    );
    await user.click(screen.getByRole('button', { name: 'Find the earliest times' }));
    const results = await screen.findByRole('list', { name: 'Earliest free times' });
    await user.click(within(results).getByRole('button', { name: /with Gregory House/ }));

    expect(nextQueries).toEqual(['?limit=5&specialty=Diagnostics']);
    expect(await screen.findByRole('heading', { name: 'Confirm the appointment' })).toBeVisible();
    expect(screen.getByLabelText('Doctor')).toHaveValue('4');
    expect(await screen.findByRole('radio', { name: '09:00' })).toBeChecked();
  });
});

describe('my appointments', () => {
  it('drops the booked banner at the next change', async () => {
    signInAs('patient');
    let current = appointment();
    appointmentsServer(() => [current]);
    server.use(
      http.post('/api/v1/appointments/70/cancel/', () => {
        current = appointment({ status: 'cancelled', cancellation_reason: 'No need' });
        return HttpResponse.json(current);
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/patient/appointments');
    await router.navigate('/patient/appointments', { state: { booked: true } });
    expect(await screen.findByText('Your appointment is booked.')).toBeVisible();

    const upcoming = await screen.findByRole('list', { name: 'Upcoming appointments' });
    await user.click(await within(upcoming).findByRole('button', { name: 'Cancel appointment' }));
    await user.type(screen.getByLabelText('Why are you cancelling?'), 'No need');
    await user.click(screen.getByRole('button', { name: 'Confirm cancellation' }));

    expect(await screen.findByRole('list', { name: 'Cancelled appointments' })).toBeVisible();
    expect(screen.queryByText('Your appointment is booked.')).not.toBeInTheDocument();
  });

  it('cancels an upcoming appointment with a reason', async () => {
    signInAs('patient');
    let current = appointment();
    const cancelled: unknown[] = [];
    appointmentsServer(() => [current]);
    server.use(
      http.post('/api/v1/appointments/70/cancel/', async ({ request }) => {
        cancelled.push(await request.json());
        current = appointment({ status: 'cancelled', cancellation_reason: 'Feeling better' });
        return HttpResponse.json(current);
      }),
    );
    const user = userEvent.setup();
    renderApp('/patient/appointments');

    const upcoming = await screen.findByRole('list', { name: 'Upcoming appointments' });
    await user.click(await within(upcoming).findByRole('button', { name: 'Cancel appointment' }));
    await user.type(screen.getByLabelText('Why are you cancelling?'), 'Feeling better');
    await user.click(screen.getByRole('button', { name: 'Confirm cancellation' }));

    // It leaves Upcoming for the cancelled ones.
    const cancelledList = await screen.findByRole('list', { name: 'Cancelled appointments' });
    expect(within(cancelledList).getByText('Cancelled')).toBeVisible();
    expect(within(cancelledList).getByText('Cancelled: Feeling better')).toBeVisible();
    expect(await screen.findByText('No upcoming appointments.')).toBeVisible();
    expect(cancelled).toEqual([{ reason: 'Feeling better' }]);
    expect(screen.getByText('No past appointments.')).toBeVisible();
  });

  it('moves an appointment to another free time of the same doctor', async () => {
    signInAs('patient');
    slotServer();
    const moves: unknown[] = [];
    appointmentsServer(() => [appointment()]);
    server.use(
      http.patch('/api/v1/appointments/70/', async ({ request }) => {
        moves.push(await request.json());
        return HttpResponse.json(appointment({ start: at('09:00') }));
      }),
    );
    const user = userEvent.setup();
    renderApp('/patient/appointments');

    await user.click(await screen.findByRole('button', { name: 'Reschedule' }));
    await user.click(await screen.findByRole('radio', { name: '09:00' }));
    await user.click(screen.getByRole('button', { name: /^Move to/ }));

    expect(await screen.findByRole('status')).toHaveTextContent('The appointment has been moved.');
    expect(moves).toEqual([{ start: at('09:00') }]);
  });

  it('shows the notification of the user’s own change on the badge at once', async () => {
    signInAs('patient');
    slotServer();
    let unread = 0;
    const countRequests: number[] = [];
    appointmentsServer(() => [appointment()]);
    server.use(
      http.get('/api/v1/notifications/unread-count/', () => {
        countRequests.push(unread);
        return HttpResponse.json({ count: unread });
      }),
      http.patch('/api/v1/appointments/70/', () => {
        // The server writes the patient's "appointment moved" notification with the change.
        unread = 1;
        return HttpResponse.json(appointment({ start: at('09:00') }));
      }),
    );
    const user = userEvent.setup();
    renderApp('/patient/appointments');

    await user.click(await screen.findByRole('button', { name: 'Reschedule' }));
    await user.click(await screen.findByRole('radio', { name: '09:00' }));
    expect(screen.getByRole('link', { name: 'Notifications' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: /^Move to/ }));

    // Long before the 30 s poll.
    expect(
      await screen.findByRole('link', { name: 'Notifications (1 unread)' }, { timeout: 2000 }),
    ).toBeVisible();
    expect(countRequests).toEqual([0, 1]);
  });

  it('offers no online change inside the cut-off, and says how to reach the clinic', async () => {
    signInAs('patient');
    // 23 hours away: inside the 24 h cut-off.
    appointmentsServer(() => [appointment({ start: at('07:30'), end: at('08:00') })]);
    renderApp('/patient/appointments');

    const upcoming = await screen.findByRole('list', { name: 'Upcoming appointments' });
    expect(
      await within(upcoming).findByText(
        /less than 24 hours away, so it can no longer be changed online\. To change or cancel it, call Riverside Practice on 020 7946 0000/,
      ),
    ).toBeVisible();
    expect(within(upcoming).queryByRole('button', { name: 'Reschedule' })).not.toBeInTheDocument();
    expect(
      within(upcoming).queryByRole('button', { name: 'Cancel appointment' }),
    ).not.toBeInTheDocument();
  });

  it('says until when a visit outside the cut-off can be changed online', async () => {
    signInAs('patient');
    appointmentsServer(() => [appointment()]);
    renderApp('/patient/appointments');

    const upcoming = await screen.findByRole('list', { name: 'Upcoming appointments' });
    expect(
      await within(upcoming).findByText(
        'You can change or cancel online until Tue, 2 Mar 2027, 10:00; after that, call Riverside Practice on 020 7946 0000.',
      ),
    ).toBeVisible();
    expect(within(upcoming).getByRole('button', { name: 'Reschedule' })).toBeVisible();
    expect(within(upcoming).queryByText(/can no longer be changed online/)).not.toBeInTheDocument();
  });

  it('lists a visit that has started, and completed or missed ones, under Past', async () => {
    signInAs('patient');
    appointmentsServer(() => [
      appointment({ id: 71, start: today('08:00'), end: today('08:30') }),
      appointment({ id: 72, start: '2027-02-20T10:00:00+00:00', status: 'completed' }),
      appointment({ id: 73, start: '2027-02-10T10:00:00+00:00', status: 'no_show' }),
    ]);
    renderApp('/patient/appointments');

    const past = await screen.findByRole('list', { name: 'Past appointments' });
    expect(within(past).getAllByRole('listitem')).toHaveLength(3);
    expect(await screen.findByText('No upcoming appointments.')).toBeVisible();
    expect(within(past).queryByRole('button', { name: 'Reschedule' })).not.toBeInTheDocument();
  });
});

describe('the rule before the click', () => {
  it('states the change policy on the confirmation step and by the earliest times', async () => {
    signInAs('patient');
    slotServer();
    const user = userEvent.setup();
    renderApp('/patient/book?doctor=4');

    expect(
      await screen.findByText(
        'You can change or cancel a visit online up to 24 hours before it starts; after that, call Riverside Practice on 020 7946 0000.',
      ),
    ).toBeVisible();
    await user.click(await tomorrowButton());
    await user.click(await screen.findByRole('radio', { name: '10:00' }));
    expect(
      await screen.findByText(
        'You can change or cancel online until Tue, 2 Mar 2027, 10:00; after that, call Riverside Practice on 020 7946 0000.',
      ),
    ).toBeVisible();
  });
});

describe('the week view', () => {
  /** Free times on Wed 3 and Fri 12 March; a day off on Thursday 4 March. */
  function weekServer() {
    const ranges: string[] = [];
    server.use(
      http.get('/api/v1/doctors/4/slots/', ({ request }) => {
        const params = new URL(request.url).searchParams;
        const from = params.get('from') ?? '';
        const to = params.get('to') ?? '';
        ranges.push(`${from}..${to}`);
        const free = [
          '2027-03-03T09:00:00+00:00',
          '2027-03-03T10:00:00+00:00',
          '2027-03-12T14:00:00+00:00',
        ];
        return HttpResponse.json({
          doctor: 4,
          time_zone: 'Europe/London',
          slots: free
            .filter((start) => from <= start.slice(0, 10) && start.slice(0, 10) <= to)
            .map((start) => ({ start, end: start })),
        });
      }),
      http.get('/api/v1/doctors/4/availability/', () =>
        HttpResponse.json({
          doctor: 4,
          time_zone: 'Europe/London',
          rules: [0, 1, 2, 3, 4].map((weekday) => ({
            weekday,
            start_time: '09:00',
            end_time: '17:00',
            slot_minutes: 30,
          })),
          exceptions: [
            {
              date: '2027-03-04',
              kind: 'off',
              start_time: null,
              end_time: null,
              slot_minutes: null,
            },
          ],
        }),
      ),
    );
    return ranges;
  }

  it('shows the week with the free days marked, and says which days are off', async () => {
    signInAs('patient');
    const ranges = weekServer();
    const user = userEvent.setup();
    renderApp('/patient/book?doctor=4');

    const week = await screen.findByRole('list', { name: 'Days of the week' });
    await within(week).findByRole('button', { name: 'Wed 3 Mar, 2 free' });
    expect(
      within(week)
        .getAllByRole('button')
        .map((day) => day.getAttribute('aria-label')),
    ).toEqual([
      'Mon 1 Mar, Past',
      'Tue 2 Mar, No free times',
      'Wed 3 Mar, 2 free',
      'Thu 4 Mar, Day off',
      'Fri 5 Mar, No free times',
      'Sat 6 Mar, Day off',
      'Sun 7 Mar, Day off',
    ]);
    expect(within(week).getByRole('button', { name: 'Mon 1 Mar, Past' })).toBeDisabled();
    expect(within(week).getByRole('button', { name: /^Tue 2 Mar/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // One request for the week, from today (nothing before it is free).
    expect(ranges).toEqual(['2027-03-02..2027-03-07']);

    await user.click(within(week).getByRole('button', { name: 'Thu 4 Mar, Day off' }));
    expect(screen.getByText('This is a day off for the doctor. Choose another day.')).toBeVisible();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();

    await user.click(within(week).getByRole('button', { name: 'Wed 3 Mar, 2 free' }));
    expect(
      screen.getByRole('group', { name: /^Free times on Wednesday,? 3 March 2027/ }),
    ).toBeVisible();
    expect(
      screen.getAllByRole('radio').map((radio) => radio.closest('label')?.textContent),
    ).toEqual(['09:00', '10:00']);
  });

  it('goes from week to week, never before this one', async () => {
    signInAs('patient');
    const ranges = weekServer();
    const user = userEvent.setup();
    renderApp('/patient/book?doctor=4');

    const previous = await screen.findByRole('button', { name: 'Previous week' });
    expect(previous).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Next week' }));

    expect(await screen.findByRole('button', { name: 'Fri 12 Mar, 1 free' })).toBeVisible();
    expect(screen.getByRole('heading', { name: /^Week of Monday,? 8 March 2027$/ })).toBeVisible();
    expect(screen.getByLabelText('Day')).toHaveValue('09/03/2027');
    expect(ranges).toContain('2027-03-08..2027-03-14');
    expect(previous).toBeEnabled();

    await user.click(previous);
    expect(await screen.findByRole('button', { name: 'Wed 3 Mar, 2 free' })).toBeVisible();
  });

  it('moves between days with the arrow keys, the focus with the chosen day', async () => {
    signInAs('patient');
    weekServer();
    const user = userEvent.setup();
    renderApp('/patient/book?doctor=4');

    const today = await screen.findByRole('button', { name: /^Tue 2 Mar/ });
    // One tab stop for the whole week: the chosen day.
    expect(screen.getByRole('button', { name: /^Wed 3 Mar/ })).toHaveAttribute('tabindex', '-1');
    today.focus();
    await user.keyboard('{ArrowRight}');
    const wednesday = screen.getByRole('button', { name: 'Wed 3 Mar, 2 free' });
    await waitFor(() => {
      expect(wednesday).toHaveFocus();
    });
    expect(wednesday).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('radio', { name: '09:00' })).toBeVisible();

    // Down a row is the same day next week.
    await user.keyboard('{ArrowDown}');
    await waitFor(() => {
      expect(screen.getByRole('button', { name: /^Wed 10 Mar/ })).toHaveFocus();
    });
    await user.keyboard('{ArrowLeft}{ArrowLeft}{Enter}');
    await waitFor(() => {
      expect(screen.getByRole('button', { name: /^Mon 8 Mar/ })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
    });
  });
});
