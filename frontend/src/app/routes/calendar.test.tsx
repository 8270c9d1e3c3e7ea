import { screen, waitFor, within } from '@testing-library/react';
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

const FEED = '/api/v1/me/calendar-feed/';

function issued(token: string): Schemas['CalendarFeedIssuedOutput'] {
  return {
    url: `https://clinic.example/api/v1/calendar-feeds/${token}.ics`,
    webcal_url: `webcal://clinic.example/api/v1/calendar-feeds/${token}.ics`,
    created_at: '2027-03-02T08:30:00Z',
  };
}

/** The caller's feed on the server: its status follows the POSTs and DELETEs the test makes. */
function feedServer(initiallyActive: boolean) {
  let active = initiallyActive;
  let made = 0;
  const calls: string[] = [];
  server.use(
    http.get(FEED, () =>
      HttpResponse.json({ active, created_at: active ? '2027-03-01T09:00:00Z' : null }),
    ),
    http.post(FEED, () => {
      calls.push('POST');
      active = true;
      made += 1;
      return HttpResponse.json(issued(`token-${String(made)}`), { status: 201 });
    }),
    http.delete(FEED, () => {
      calls.push('DELETE');
      active = false;
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return calls;
}

function appointment(overrides: Partial<Schemas['AppointmentOutput']> = {}) {
  return {
    id: 70,
    patient: { id: 11, full_name: 'Alice Patel' },
    doctor: { id: 4, full_name: 'Gregory House', specialty: 'Diagnostics' },
    start: '2027-03-09T10:00:00+00:00',
    end: '2027-03-09T10:30:00+00:00',
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
    created_at: '2027-01-01T00:00:00Z',
    updated_at: '2027-01-01T00:00:00Z',
    ...overrides,
  };
}

/** Captures what the browser is asked to save: the file's name and the request's credentials. */
function captureDownloads() {
  const saved: string[] = [];
  Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:ics'), revokeObjectURL: vi.fn() });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    saved.push(this.download);
  });
  const requests: (string | null)[] = [];
  server.use(
    http.get('/api/v1/appointments/70/ics/', ({ request }) => {
      requests.push(request.headers.get('Authorization'));
      return new HttpResponse('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', {
        headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
      });
    }),
  );
  return { saved, requests };
}

describe('calendar subscription panel', () => {
  it('shows a new link once, copies it, and hides it on the next visit', async () => {
    signInAs('patient');
    const calls = feedServer(false);
    server.use(http.get('/api/v1/appointments/', () => HttpResponse.json(page([]))));
    const user = userEvent.setup();
    const { unmount } = renderApp('/patient/appointments');

    const panel = await screen.findByRole('region', { name: 'Subscribe in your calendar app' });
    expect(within(panel).getByText(/doctor, time and place/)).toBeVisible();
    await user.click(await within(panel).findByRole('button', { name: 'Create calendar link' }));

    const fresh = await within(panel).findByRole('region', { name: 'New calendar link' });
    const address = within(fresh).getByLabelText('Calendar address');
    expect(address).toHaveValue(issued('token-1').url);
    expect(within(fresh).getByRole('link', { name: 'Open in calendar app' })).toHaveAttribute(
      'href',
      issued('token-1').webcal_url,
    );
    await user.click(within(fresh).getByRole('button', { name: 'Copy address' }));
    expect(await within(fresh).findByText('Copied.')).toBeVisible();
    expect(await navigator.clipboard.readText()).toBe(issued('token-1').url);
    expect(calls).toEqual(['POST']);

    unmount();
    renderApp('/patient/appointments');
    const again = await screen.findByRole('region', { name: 'Subscribe in your calendar app' });
    expect(await within(again).findByText(/Your calendar link is on/)).toBeVisible();
    expect(within(again).queryByLabelText('Calendar address')).not.toBeInTheDocument();
    expect(screen.queryByText(/token-1/)).not.toBeInTheDocument();
  });

  it('lets a doctor replace the link and turn it off', async () => {
    signInAs('doctor');
    const calls = feedServer(true);
    server.use(http.get('/api/v1/appointments/', () => HttpResponse.json(page([]))));
    const user = userEvent.setup();
    renderApp('/doctor/schedule');

    const panel = await screen.findByRole('region', { name: 'Subscribe in your calendar app' });
    expect(within(panel).getByText(/patients' initials only/)).toBeVisible();
    await user.click(await within(panel).findByRole('button', { name: 'Replace the link' }));
    const fresh = await within(panel).findByRole('region', { name: 'New calendar link' });
    expect(within(fresh).getByLabelText('Calendar address')).toHaveValue(issued('token-1').url);

    await user.click(within(panel).getByRole('button', { name: 'Turn off the link' }));
    expect(await within(panel).findByText('The calendar link is turned off.')).toBeVisible();
    expect(within(panel).queryByLabelText('Calendar address')).not.toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Create calendar link' })).toBeVisible();
    expect(calls).toEqual(['POST', 'DELETE']);
  });

  it('says so when the link cannot be made', async () => {
    signInAs('patient');
    server.use(
      http.get('/api/v1/appointments/', () => HttpResponse.json(page([]))),
      http.post(FEED, () =>
        HttpResponse.json(
          { code: 'permission_denied', detail: 'Calendar feeds are for patients and doctors.' },
          { status: 403 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/patient/appointments');

    const panel = await screen.findByRole('region', { name: 'Subscribe in your calendar app' });
    await user.click(await within(panel).findByRole('button', { name: 'Create calendar link' }));
    expect(
      await within(panel).findByText(/Calendar feeds are for patients and doctors/),
    ).toBeVisible();
    expect(within(panel).queryByLabelText('Calendar address')).not.toBeInTheDocument();
  });
});

describe('.ics download', () => {
  it('saves a patient appointment as an .ics file with the session token', async () => {
    signInAs('patient');
    const { saved, requests } = captureDownloads();
    server.use(http.get('/api/v1/appointments/', () => HttpResponse.json(page([appointment()]))));
    const user = userEvent.setup();
    renderApp('/patient/appointments');

    await user.click(
      await screen.findByRole('button', {
        name: /^Add .* with Gregory House to my calendar \(\.ics\)$/,
      }),
    );
    await waitFor(() => {
      expect(saved).toEqual(['appointment-70.ics']);
    });
    expect(requests).toEqual(['Bearer access-1']);
  });

  it('saves an entry of the doctor schedule as an .ics file', async () => {
    signInAs('doctor');
    const { saved } = captureDownloads();
    server.use(
      http.get('/api/v1/appointments/', () =>
        HttpResponse.json(page([appointment({ start: '2027-03-02T10:00:00+00:00' })])),
      ),
    );
    const user = userEvent.setup();
    renderApp('/doctor/schedule');

    await user.click(
      await screen.findByRole('button', { name: /^Add .*Alice Patel to my calendar \(\.ics\)$/ }),
    );
    await waitFor(() => {
      expect(saved).toEqual(['appointment-70.ics']);
    });
  });

  it('explains a failed download', async () => {
    signInAs('patient');
    server.use(
      http.get('/api/v1/appointments/', () => HttpResponse.json(page([appointment()]))),
      http.get('/api/v1/appointments/70/ics/', () =>
        HttpResponse.json(
          { code: 'not_found', detail: 'No appointment with this id.' },
          { status: 404 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/patient/appointments');

    await user.click(
      await screen.findByRole('button', { name: /^Add .* with Gregory House to my calendar/ }),
    );
    expect(await screen.findByText(/No appointment with this id/)).toBeVisible();
  });
});
