import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { signInAs } from '@/testing/auth';
import { page, patients } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';
import type { Schemas } from '@/types/api';
import { formatDateInput } from '@/lib/datetime';

// A fixed clinic time, so no test depends on when it runs: Tuesday 2 March 2027, 08:30 in London.
vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-03-02T08:30:00Z') });
afterAll(() => {
  vi.useRealTimers();
});

type Appointment = Schemas['AppointmentOutput'];

const grey = { id: 3, full_name: 'Meredith Grey', specialty: 'General practice' };
const house = { id: 4, full_name: 'Gregory House', specialty: 'Diagnostics' };

function appointment(
  id: number,
  start: string,
  doctor: typeof grey,
  patient: { id: number; full_name: string },
  status: Appointment['status'] = 'booked',
): Appointment {
  const end = new Date(new Date(start).getTime() + 30 * 60_000).toISOString();
  return {
    id,
    patient,
    doctor,
    start,
    end,
    status,
    reason: '',
    consultation_notes: '',
    booked_by: patient.id,
    booked_by_client: null,
    cancelled_by: null,
    cancelled_by_client: null,
    cancellation_reason: '',
    cancelled_at: null,
    completed_at: null,
    no_show_at: null,
    arrived_at: null,
    undo_until: null,
    created_at: '2027-01-01T00:00:00Z',
    updated_at: '2027-01-01T00:00:00Z',
  };
}

const day = [
  appointment(1, '2027-03-02T09:00:00Z', grey, { id: 11, full_name: 'Alice Patel' }, 'completed'),
  appointment(2, '2027-03-02T09:30:00Z', house, { id: 12, full_name: 'Bob Okafor' }),
];

describe('nurse home: the clinic day', () => {
  it('lists today across doctors, filters by doctor and day, and books from a row', async () => {
    signInAs('nurse');
    const queries: URLSearchParams[] = [];
    server.use(
      http.get('/api/v1/appointments/', ({ request }) => {
        const params = new URL(request.url).searchParams;
        queries.push(params);
        const doctor = Number(params.get('doctor'));
        const rows = params.get('date_from') === '2027-03-02' ? day : [];
        return HttpResponse.json(
          page(doctor ? rows.filter((row) => row.doctor.id === doctor) : rows),
        );
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/nurse');

    const table = await screen.findByRole('table', {
      name: 'Appointments on Tuesday, 2 March 2027',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((row) => Array.from(row.querySelectorAll('td, th'), (cell) => cell.textContent)),
    ).toEqual([
      ['09:00–09:30', 'Meredith Grey', 'Alice Patel', 'Completed', '', 'Book for Alice Patel'],
      [
        '09:30–10:00',
        'Gregory House',
        'Bob Okafor',
        'Booked',
        'Not arrivedMark arrived',
        'Book for Bob Okafor',
      ],
    ]);
    expect(within(table).getByRole('link', { name: 'Alice Patel' })).toHaveAttribute(
      'href',
      '/nurse/patients/11',
    );
    expect(queries[0]?.get('date_to')).toBe('2027-03-02');
    expect(queries[0]?.has('doctor')).toBe(false);
    expect(screen.getByRole('link', { name: 'Book for a patient' })).toHaveAttribute(
      'href',
      '/nurse/patients',
    );

    await user.selectOptions(await screen.findByLabelText('Doctor'), 'Gregory House');
    const filtered = await screen.findByRole('table', {
      name: 'Appointments on Tuesday, 2 March 2027 with Gregory House',
    });
    expect(within(filtered).getAllByRole('row')).toHaveLength(2);
    expect(queries.at(-1)?.get('doctor')).toBe('4');

    const date = screen.getByLabelText('Day');
    expect(date).toHaveValue(formatDateInput('2027-03-02'));
    await user.clear(date);
    await user.type(date, formatDateInput('2027-03-03'));
    expect(
      await screen.findByText('No appointments on Wednesday, 3 March 2027 with Gregory House.'),
    ).toBeVisible();
    await waitFor(() => {
      expect(queries.at(-1)?.get('date_from')).toBe('2027-03-03');
    });

    await user.selectOptions(screen.getByLabelText('Doctor'), 'Every doctor');
    await user.clear(screen.getByLabelText('Day'));
    await user.type(screen.getByLabelText('Day'), formatDateInput('2027-03-02'));
    server.use(http.get('/api/v1/patients/11/', () => HttpResponse.json(patients[0])));
    await user.click(await screen.findByRole('link', { name: 'Book for Alice Patel' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Book for Alice Patel' }),
    ).toBeVisible();
    expect(router.state.location.pathname).toBe('/nurse/patients/11/book');
  });

  it('says who is waiting and marks an arrival from the list', async () => {
    signInAs('nurse');
    let bob = appointment(2, '2027-03-02T09:30:00Z', house, { id: 12, full_name: 'Bob Okafor' });
    const waiting = {
      ...appointment(3, '2027-03-02T08:30:00Z', grey, { id: 13, full_name: 'Cara Diaz' }),
      arrived_at: '2027-03-02T08:20:00Z',
    };
    const arrivals: string[] = [];
    server.use(
      http.get('/api/v1/appointments/', ({ request }) => {
        const params = new URL(request.url).searchParams;
        return HttpResponse.json(
          page(params.get('date_from') === '2027-03-02' ? [waiting, bob] : []),
        );
      }),
      http.post('/api/v1/appointments/2/arrive/', () => {
        arrivals.push('bob');
        bob = { ...bob, arrived_at: '2027-03-02T08:30:00Z' };
        return HttpResponse.json(bob);
      }),
    );
    const user = userEvent.setup();
    renderApp('/nurse');

    expect(await screen.findByText('1 patient is waiting.')).toBeVisible();
    const table = screen.getByRole('table', { name: 'Appointments on Tuesday, 2 March 2027' });
    expect(within(table).getByText('Arrived 08:20')).toBeVisible();
    await user.click(within(table).getByRole('button', { name: 'Mark arrived: Bob Okafor' }));
    expect(await screen.findByText('2 patients are waiting.')).toBeVisible();
    expect(within(table).getByRole('button', { name: 'Undo arrival: Bob Okafor' })).toBeVisible();
    expect(arrivals).toEqual(['bob']);
  });
});
