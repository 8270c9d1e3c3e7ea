import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

const alice = { id: 11, full_name: 'Alice Patel' };

function visit(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: 1,
    patient: alice,
    doctor: { id: 3, full_name: 'Meredith Grey', specialty: 'General practice' },
    start: '2027-03-02T08:00:00Z',
    end: '2027-03-02T08:30:00Z',
    status: 'booked',
    reason: '',
    consultation_notes: '',
    booked_by: alice.id,
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
    ...overrides,
  };
}

/** Today's list answers `current` (changed by the actions below); the week is empty. */
function dayServer(initial: Appointment) {
  let current = initial;
  const calls: string[] = [];
  server.use(
    http.get('/api/v1/appointments/', ({ request }) => {
      const params = new URL(request.url).searchParams;
      return HttpResponse.json(page(params.get('date_from') === '2027-03-02' ? [current] : []));
    }),
    http.post('/api/v1/appointments/1/arrive/', () => {
      calls.push('arrive');
      current = { ...current, arrived_at: '2027-03-02T08:25:00Z' };
      return HttpResponse.json(current);
    }),
    http.delete('/api/v1/appointments/1/arrive/', () => {
      calls.push('undo arrival');
      current = { ...current, arrived_at: null };
      return HttpResponse.json(current);
    }),
    http.post('/api/v1/appointments/1/reopen/', () => {
      calls.push('reopen');
      current = {
        ...current,
        status: 'booked',
        consultation_notes: '',
        completed_at: null,
        no_show_at: null,
        undo_until: null,
      };
      return HttpResponse.json(current);
    }),
  );
  return calls;
}

async function todaysVisit() {
  const list = await screen.findByRole('list', { name: 'Today’s appointments' });
  return within(list).getByRole('listitem');
}

describe('doctor home: arrivals and undo', () => {
  it('shows whether the patient has arrived, and marks or takes back the arrival', async () => {
    signInAs('doctor');
    const calls = dayServer(visit());
    const user = userEvent.setup();
    renderApp('/doctor');

    const item = await todaysVisit();
    expect(within(item).getByText('Not arrived')).toBeVisible();
    await user.click(within(item).getByRole('button', { name: 'Mark arrived: Alice Patel' }));
    expect(await within(item).findByText('Arrived 08:25')).toBeVisible();
    await user.click(within(item).getByRole('button', { name: 'Undo arrival: Alice Patel' }));
    expect(await within(item).findByText('Not arrived')).toBeVisible();
    expect(calls).toEqual(['arrive', 'undo arrival']);
  });

  it('offers no arrival for a visit of a later day', async () => {
    signInAs('doctor');
    dayServer(visit({ start: '2027-03-03T09:00:00Z', end: '2027-03-03T09:30:00Z' }));
    renderApp('/doctor');

    const item = await todaysVisit();
    expect(within(item).queryByRole('button', { name: /Mark arrived/ })).toBeNull();
  });

  it('undoes a no-show while the API allows it, and the visit is booked again', async () => {
    signInAs('doctor');
    const calls = dayServer(
      visit({
        status: 'no_show',
        no_show_at: '2027-03-02T08:29:00Z',
        undo_until: '2027-03-02T08:34:00Z',
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor');

    const item = await todaysVisit();
    expect(
      within(item).getByText('Marked as a no-show by mistake? You can undo it until 08:34.'),
    ).toBeVisible();
    await user.click(within(item).getByRole('button', { name: 'Undo no-show' }));
    expect(await within(item).findByRole('button', { name: 'Complete visit' })).toBeVisible();
    expect(within(item).queryByRole('button', { name: 'Undo no-show' })).toBeNull();
    expect(calls).toEqual(['reopen']);
  });

  it('reopens an undone completion in the form with its notes', async () => {
    signInAs('doctor');
    dayServer(
      visit({
        status: 'completed',
        consultation_notes: 'Rest and fluids.',
        completed_at: '2027-03-02T08:29:00Z',
        undo_until: '2027-03-02T08:34:00Z',
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor');

    const item = await todaysVisit();
    await user.click(within(item).getByRole('button', { name: 'Undo completion' }));
    expect(await within(item).findByLabelText('Consultation notes')).toHaveValue(
      'Rest and fluids.',
    );
    expect(within(item).getByRole('button', { name: 'Save and complete' })).toBeVisible();
  });

  it('offers no undo once the window has passed', async () => {
    signInAs('doctor');
    dayServer(
      visit({
        status: 'completed',
        completed_at: '2027-03-02T08:20:00Z',
        undo_until: '2027-03-02T08:25:00Z',
      }),
    );
    renderApp('/doctor');

    const item = await todaysVisit();
    expect(within(item).getByText('Completed')).toBeVisible();
    expect(within(item).queryByRole('button', { name: /Undo/ })).toBeNull();
  });

  it('says why an undo was refused', async () => {
    signInAs('doctor');
    dayServer(
      visit({
        status: 'completed',
        completed_at: '2027-03-02T08:29:00Z',
        undo_until: '2027-03-02T08:34:00Z',
      }),
    );
    server.use(
      http.post('/api/v1/appointments/1/reopen/', () =>
        HttpResponse.json(
          {
            code: 'visit_changed_since',
            detail:
              'Something was added to this visit since it was closed, so it can no longer be undone.',
            request_id: 'r1',
          },
          { status: 409 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/doctor');

    const item = await todaysVisit();
    await user.click(within(item).getByRole('button', { name: 'Undo completion' }));
    expect(
      await within(item).findByText(/Something was added to this visit since it was closed/),
    ).toBeVisible();
    expect(within(item).getByText('Completed')).toBeVisible();
  });
});
