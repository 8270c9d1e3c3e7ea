import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { signInAs } from '@/testing/auth';
import { page } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';
import type { Schemas } from '@/types/api';

// A fixed clinic time, so no test depends on when it runs: Tuesday 2 March 2027, 08:30 in London.
vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-03-02T08:30:00Z') });
afterAll(() => {
  vi.useRealTimers();
});

type Appointment = Schemas['AppointmentOutput'];

function appointment(
  id: number,
  start: string,
  patient: { id: number; full_name: string },
  status: Appointment['status'] = 'booked',
): Appointment {
  const end = new Date(new Date(start).getTime() + 30 * 60_000).toISOString();
  return {
    id,
    patient,
    doctor: { id: 3, full_name: 'Meredith Grey', specialty: 'General practice' },
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

const alice = { id: 11, full_name: 'Alice Patel' };
const bob = { id: 12, full_name: 'Bob Okafor' };

/** Answers the list by its dates: today (2 March) and the week after it. */
function scheduleServer(today: Appointment[], week: Appointment[]) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get('/api/v1/appointments/', ({ request }) => {
      const params = new URL(request.url).searchParams;
      queries.push(params);
      return HttpResponse.json(page(params.get('date_from') === '2027-03-02' ? today : week));
    }),
  );
  return queries;
}

describe('doctor home: the day', () => {
  it('lists today in order with each status, each a link to the chart', async () => {
    signInAs('doctor');
    const queries = scheduleServer(
      [
        appointment(1, '2027-03-02T08:00:00Z', alice, 'completed'),
        appointment(2, '2027-03-02T09:00:00Z', bob, 'cancelled'),
        appointment(3, '2027-03-02T10:00:00Z', alice, 'no_show'),
        appointment(4, '2027-03-02T11:00:00Z', bob),
      ],
      [],
    );
    renderApp('/doctor');

    expect(
      await screen.findByRole('heading', { name: 'Today, Tuesday, 2 March 2027' }),
    ).toBeVisible();
    const list = await screen.findByRole('list', { name: 'Today’s appointments' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('aria-label'))).toEqual([
      'Tue, 2 Mar 2027, 08:00, Alice Patel',
      'Tue, 2 Mar 2027, 09:00, Bob Okafor',
      'Tue, 2 Mar 2027, 10:00, Alice Patel',
      'Tue, 2 Mar 2027, 11:00, Bob Okafor',
    ]);
    expect(rows.map((row) => row.querySelector('.badge')?.textContent)).toEqual([
      'Completed',
      'Cancelled',
      'No-show',
      'Booked',
    ]);
    expect(
      within(list)
        .getAllByRole('link')
        .map((link) => [link.textContent, link.getAttribute('href')]),
    ).toEqual([
      ['Alice Patel', '/doctor/patients/11'],
      ['Bob Okafor', '/doctor/patients/12'],
      ['Alice Patel', '/doctor/patients/11'],
      ['Bob Okafor', '/doctor/patients/12'],
    ]);
    const todayQuery = queries.find((query) => query.get('date_from') === '2027-03-02');
    expect(todayQuery?.get('date_to')).toBe('2027-03-02');
    expect(todayQuery?.get('ordering')).toBe('start');
    expect(screen.getByText('No appointments in the next 7 days.')).toBeVisible();
  });

  it('groups the next 7 days by day and says which days are empty', async () => {
    signInAs('doctor');
    const queries = scheduleServer(
      [],
      [
        appointment(5, '2027-03-04T09:00:00Z', bob),
        appointment(6, '2027-03-04T14:30:00Z', alice),
        appointment(7, '2027-03-09T10:00:00Z', alice),
      ],
    );
    renderApp('/doctor');

    expect(await screen.findByText('No appointments today.')).toBeVisible();
    const thursday = await screen.findByRole('list', {
      name: 'Appointments on Thursday, 4 March 2027',
    });
    expect(
      within(thursday)
        .getAllByRole('listitem')
        .map((row) => row.textContent),
    ).toEqual(['09:00–09:30Bob OkaforBooked', '14:30–15:00Alice PatelBooked']);
    expect(within(thursday).getByRole('link', { name: 'Bob Okafor' })).toHaveAttribute(
      'href',
      '/doctor/patients/12',
    );
    const tuesday = screen.getByRole('list', { name: 'Appointments on Tuesday, 9 March 2027' });
    expect(within(tuesday).getByRole('link', { name: 'Alice Patel' })).toBeVisible();
    const wednesday = screen.getByRole('region', { name: 'Wednesday, 3 March 2027' });
    expect(within(wednesday).getByText('No appointments.')).toBeVisible();
    const weekQuery = queries.find((query) => query.get('date_from') === '2027-03-03');
    expect(weekQuery?.get('date_to')).toBe('2027-03-09');
  });
});
