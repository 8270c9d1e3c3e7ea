import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { clinicDay } from '@/lib/datetime';
import { signInAs } from '@/testing/auth';
import { page } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';
import type { Schemas } from '@/types/api';

const tomorrow = clinicDay(1);
const at = (time: string) => `${tomorrow}T${time}:00+00:00`;

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
    cancelled_by: null,
    cancellation_reason: '',
    cancelled_at: null,
    completed_at: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** Doctor 4's free slots: 09:00 and 10:00 tomorrow, until one is taken. */
function slotServer() {
  let free = [at('09:00'), at('10:00')];
  const slotRequests: string[] = [];
  server.use(
    http.get('/api/v1/doctors/4/slots/', ({ request }) => {
      const date = new URL(request.url).searchParams.get('date') ?? '';
      slotRequests.push(date);
      return HttpResponse.json({
        doctor: 4,
        time_zone: 'Europe/London',
        slots: date === tomorrow ? free.map((start) => ({ start, end: start })) : [],
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

    await user.click(await screen.findByRole('button', { name: 'Next day' }));
    await user.click(await screen.findByRole('radio', { name: '10:00' }));
    await user.type(screen.getByLabelText('Reason for the visit (optional)'), 'Headaches');
    await user.click(screen.getByRole('button', { name: 'Book appointment' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'My appointments' })).toBeVisible();
    expect(screen.getByText('Your appointment is booked.')).toHaveAttribute('role', 'status');
    expect(router.state.location.pathname).toBe('/patient/appointments');
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

    await user.click(await screen.findByRole('button', { name: 'Next day' }));
    await user.click(await screen.findByRole('radio', { name: '10:00' }));
    await user.click(screen.getByRole('button', { name: 'Book appointment' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Someone has just booked that time');
    await waitFor(() => {
      expect(screen.queryByRole('radio', { name: '10:00' })).not.toBeInTheDocument();
    });
    expect(screen.getByRole('radio', { name: '09:00' })).toBeVisible();
    expect(slots.slotRequests.filter((date) => date === tomorrow).length).toBeGreaterThan(1);
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
  it('cancels an upcoming appointment with a reason', async () => {
    signInAs('patient');
    let current = appointment();
    const cancelled: unknown[] = [];
    server.use(
      http.get('/api/v1/appointments/', ({ request }) => {
        const params = new URL(request.url).searchParams;
        return HttpResponse.json(page(params.has('date_from') ? [current] : []));
      }),
      http.post('/api/v1/appointments/70/cancel/', async ({ request }) => {
        cancelled.push(await request.json());
        current = appointment({ status: 'cancelled', cancellation_reason: 'Feeling better' });
        return HttpResponse.json(current);
      }),
    );
    const user = userEvent.setup();
    renderApp('/patient/appointments');

    const upcoming = await screen.findByRole('list', { name: 'Upcoming appointments' });
    await user.click(within(upcoming).getByRole('button', { name: 'Cancel appointment' }));
    await user.type(screen.getByLabelText('Why are you cancelling?'), 'Feeling better');
    await user.click(screen.getByRole('button', { name: 'Confirm cancellation' }));

    expect(await within(upcoming).findByText('Cancelled')).toBeVisible();
    expect(cancelled).toEqual([{ reason: 'Feeling better' }]);
    expect(screen.getByText('No past appointments.')).toBeVisible();
  });

  it('moves an appointment to another free time of the same doctor', async () => {
    signInAs('patient');
    slotServer();
    const moves: unknown[] = [];
    server.use(
      http.get('/api/v1/appointments/', ({ request }) =>
        HttpResponse.json(
          page(new URL(request.url).searchParams.has('date_from') ? [appointment()] : []),
        ),
      ),
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
});
