import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';

import { signInAs } from '@/testing/auth';
import { page, patients } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const person = (id: number, full_name: string, role = 'doctor') => ({ id, full_name, role });
const grey = person(3, 'Meredith Grey');

const timelineItems = [
  {
    kind: 'report' as const,
    at: '2026-03-03T10:00:00Z',
    date: '2026-03-03',
    appointment: null,
    visit_note: null,
    record: null,
    medication: null,
    report: {
      id: 5,
      title: 'Blood test',
      description: 'Full blood count',
      original_filename: 'blood-test.pdf',
      content_type: 'application/pdf',
      size: 2048,
      uploaded_by: grey,
      file_url: '/api/v1/reports/5/file/',
    },
  },
  {
    kind: 'record' as const,
    at: '2026-03-02T10:00:00Z',
    date: '2026-03-02',
    appointment: null,
    visit_note: null,
    record: {
      id: 9,
      entry_date: '2026-03-02',
      diagnosis: 'Migraine',
      treatment_plan: 'Rest and fluids',
      medications_text: '',
      notes: '',
      appointment: null,
      author: grey,
      author_client: null,
      version: 2,
    },
    medication: null,
    report: null,
  },
  {
    kind: 'visit_note' as const,
    at: '2026-03-01T10:30:00Z',
    date: '2026-03-01',
    appointment: null,
    visit_note: {
      appointment: 7,
      doctor: grey,
      consultation_notes: 'Discussed headaches.',
      completed_at: '2026-03-01T10:30:00Z',
    },
    record: null,
    medication: null,
    report: null,
  },
];

describe('patient health record', () => {
  it('shows the history, medications and reports, and downloads a report', async () => {
    signInAs('patient');
    const createObjectURL = vi.fn(() => 'blob:report');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    const downloads: (string | null)[] = [];
    server.use(
      http.get('/api/v1/patients/11/timeline/', () => HttpResponse.json(page(timelineItems))),
      http.get('/api/v1/medications/', ({ request }) => {
        expect(new URL(request.url).searchParams.get('patient')).toBe('11');
        return HttpResponse.json(
          page([
            {
              id: 1,
              patient: 11,
              patient_name: 'Alice Patel',
              name: 'Ibuprofen',
              dose: '200 mg',
              frequency: 'twice a day',
              start_date: '2026-03-01',
              end_date: null,
              active: true,
              notes: '',
              prescriber: grey,
              created_at: '2026-03-01T10:00:00Z',
              updated_at: '2026-03-01T10:00:00Z',
            },
          ]),
        );
      }),
      http.get('/api/v1/reports/', () => HttpResponse.json(page([]))),
      http.get('/api/v1/reports/5/file/', ({ request }) => {
        downloads.push(request.headers.get('Authorization'));
        return new HttpResponse('%PDF-1.4', {
          headers: { 'Content-Type': 'application/pdf' },
        });
      }),
    );
    const user = userEvent.setup();
    renderApp('/patient/record');

    const history = await screen.findByRole('list', { name: 'History' });
    expect(within(history).getByRole('heading', { name: 'Migraine' })).toBeVisible();
    expect(within(history).getByText('Discussed headaches.')).toBeVisible();
    expect(screen.getByRole('table', { name: 'Medications' })).toHaveTextContent('Ibuprofen');
    expect(screen.getByText('No reports.')).toBeVisible();

    await user.click(within(history).getByRole('button', { name: 'Download blood-test.pdf' }));

    await waitFor(() => {
      expect(click).toHaveBeenCalledOnce();
    });
    expect(downloads).toEqual(['Bearer access-1']);
    expect(createObjectURL).toHaveBeenCalledOnce();
  });

  it('tells the patient who accessed the record, in sentences, by day', async () => {
    signInAs('patient');
    const queries: string[] = [];
    server.use(
      http.get('/api/v1/me/access-log/', ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json(
          page([
            {
              day: '2027-03-02',
              actor_name: 'Meredith Grey',
              actor_role: 'doctor',
              outcome: 'success' as const,
              count: 22,
              first_at: '2027-03-02T09:00:00Z',
              last_at: '2027-03-02T15:30:00Z',
              activities: [
                { action: 'record.list', resource_type: 'record_entry', count: 1, items: 0 },
                { action: 'record.read', resource_type: 'record_entry', count: 21, items: 2 },
              ],
            },
            {
              day: '2027-03-01',
              actor_name: 'Another Doctor',
              actor_role: 'doctor',
              outcome: 'denied' as const,
              count: 1,
              first_at: '2027-03-01T10:00:00Z',
              last_at: '2027-03-01T10:00:00Z',
              activities: [
                { action: 'record.read', resource_type: 'record_entry', count: 1, items: 1 },
              ],
            },
          ]),
        );
      }),
    );
    renderApp('/patient/access-log');

    const tuesday = await screen.findByRole('region', { name: /^Tuesday,? 2 March 2027$/ });
    expect(
      within(tuesday).getByText(
        'Dr Meredith Grey looked through your record entries and read 2 of your record entries (21 times).',
      ),
    ).toBeVisible();
    // Times in the clinic's zone and locale.
    expect(within(tuesday).getByText('Between 09:00 and 15:30')).toBeVisible();
    const monday = screen.getByRole('region', { name: /^Monday,? 1 March 2027$/ });
    expect(
      within(monday).getByText(
        'Dr Another Doctor tried to read your record entry, and was refused.',
      ),
    ).toBeVisible();
    expect(within(monday).getByText('At 10:00')).toBeVisible();
    expect(queries).toEqual(['?page=1&page_size=20']);
  });

  it('says so when nobody has accessed the record', async () => {
    signInAs('patient');
    server.use(http.get('/api/v1/me/access-log/', () => HttpResponse.json(page([]))));
    renderApp('/patient/access-log');
    expect(await screen.findByText('Nobody has accessed your record yet.')).toBeVisible();
  });
});

function chartServer() {
  server.use(
    http.get('/api/v1/patients/11/', () => HttpResponse.json(patients[0])),
    http.get('/api/v1/patients/11/timeline/', () => HttpResponse.json(page([]))),
    http.get('/api/v1/records/', () => HttpResponse.json(page([]))),
    http.get('/api/v1/medications/', () => HttpResponse.json(page([]))),
    http.get('/api/v1/reports/', () => HttpResponse.json(page([]))),
  );
}

describe('patient chart', () => {
  it('adds a record entry for the patient', async () => {
    signInAs('doctor');
    chartServer();
    const created: unknown[] = [];
    server.use(
      http.post('/api/v1/records/', async ({ request }) => {
        created.push(await request.json());
        return HttpResponse.json({ id: 1 }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor/patients/11');

    // The chart opens on the record; the form opens on demand.
    expect(await screen.findByRole('heading', { name: 'Record entries' })).toBeVisible();
    expect(screen.queryByLabelText('Diagnosis')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add a record entry' }));
    await user.type(screen.getByLabelText('Diagnosis'), 'Tension headache');
    await user.type(screen.getByLabelText('Treatment plan'), 'Rest');
    await user.click(screen.getByRole('button', { name: 'Add entry' }));

    expect(await screen.findByText('The entry has been added to the record.')).toBeVisible();
    expect(created).toEqual([
      expect.objectContaining({
        patient: 11,
        diagnosis: 'Tension headache',
        treatment_plan: 'Rest',
      }),
    ]);
  });

  it('uploads a report and explains a refused file type', async () => {
    signInAs('nurse');
    chartServer();
    server.use(
      http.post('/api/v1/reports/', () =>
        HttpResponse.json(
          { code: 'unsupported_file_type', detail: 'Refused.', request_id: 'r' },
          { status: 415 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/nurse/patients/11');

    expect(await screen.findByRole('link', { name: 'Book an appointment' })).toHaveAttribute(
      'href',
      '/nurse/patients/11/book',
    );
    await user.click(screen.getByRole('button', { name: 'Upload a report' }));
    await user.type(screen.getByLabelText('Title'), 'Scan');
    await user.upload(
      screen.getByLabelText('File (PDF, PNG or JPEG, up to 10 MB)'),
      new File(['hello'], 'notes.txt', { type: 'text/plain' }),
    );
    await user.click(screen.getByRole('button', { name: 'Upload report' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Only PDF, PNG and JPEG files can be uploaded.',
    );
  });
});

describe('notifications', () => {
  it('shows the unread count in the header and clears it when all are read', async () => {
    signInAs('patient');
    let unread = 2;
    const items = () =>
      page([
        {
          id: 1,
          kind: 'appointment_booked' as const,
          title: 'Appointment booked',
          body: 'Tue 3 March, 10:00 with Meredith Grey',
          link: '',
          created_at: '2026-03-01T10:00:00Z',
          read_at: unread > 0 ? null : '2026-03-01T11:00:00Z',
        },
      ]);
    server.use(
      http.get('/api/v1/notifications/unread-count/', () => HttpResponse.json({ count: unread })),
      http.get('/api/v1/notifications/', () => HttpResponse.json(items())),
      http.post('/api/v1/notifications/read-all/', () => {
        const marked = unread;
        unread = 0;
        return HttpResponse.json({ marked });
      }),
    );
    const user = userEvent.setup();
    renderApp('/patient');

    const link = await screen.findByRole('link', { name: 'Notifications (2 unread)' });
    await user.click(link);
    expect(
      await screen.findByRole('listitem', { name: 'Unread: Appointment booked' }),
    ).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Mark all as read' }));

    expect(await screen.findByRole('link', { name: 'Notifications' })).toBeVisible();
    expect(await screen.findByRole('listitem', { name: 'Appointment booked' })).toBeVisible();
  });
});
