import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { signInAs } from '@/testing/auth';
import { doctors, page, patients } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

describe('admin doctors', () => {
  it('lists the doctors with their status', async () => {
    signInAs('admin');
    renderApp('/admin/doctors');

    const table = await screen.findByRole('table', { name: 'Doctors' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(table).getByRole('link', { name: 'Gregory House' })).toHaveAttribute(
      'href',
      '/admin/doctors/4',
    );
  });

  it('creates a doctor and opens the new account', async () => {
    signInAs('admin');
    const created: unknown[] = [];
    const newDoctor = {
      ...doctors[0],
      id: 9,
      first_name: 'Cristina',
      last_name: 'Yang',
      full_name: 'Cristina Yang',
      specialty: 'Cardiology',
    };
    server.use(
      http.post('/api/v1/doctors/', async ({ request }) => {
        created.push(await request.json());
        return HttpResponse.json(newDoctor, { status: 201 });
      }),
      http.get('/api/v1/doctors/9/', () => HttpResponse.json(newDoctor)),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/admin/doctors');

    await user.click(await screen.findByRole('link', { name: 'Add a doctor' }));
    await user.type(await screen.findByLabelText('Username'), 'dr.yang');
    await user.type(screen.getByLabelText('Initial password'), 'a long initial passphrase');
    await user.type(screen.getByLabelText('First name'), 'Cristina');
    await user.type(screen.getByLabelText('Last name'), 'Yang');
    await user.type(screen.getByLabelText('E-mail'), 'yang@example.com');
    await user.type(screen.getByLabelText('Specialty'), 'Cardiology');
    await user.type(screen.getByLabelText('Licence number'), 'CA-1');
    await user.click(screen.getByRole('button', { name: 'Create doctor' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Cristina Yang' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('The doctor has been created.');
    expect(router.state.location.pathname).toBe('/admin/doctors/9');
    expect(created).toEqual([
      {
        username: 'dr.yang',
        password: 'a long initial passphrase',
        first_name: 'Cristina',
        last_name: 'Yang',
        email: 'yang@example.com',
        specialty: 'Cardiology',
        licence_number: 'CA-1',
        bio: '',
        default_appointment_minutes: 15,
        accepting_new_patients: true,
      },
    ]);
  });

  it('explains why a doctor with future appointments cannot be deactivated', async () => {
    signInAs('admin');
    server.use(
      http.get('/api/v1/doctors/4/', () => HttpResponse.json(doctors[1])),
      http.delete('/api/v1/doctors/4/', () =>
        HttpResponse.json(
          {
            code: 'doctor_has_future_appointments',
            detail: 'The doctor has future booked appointments.',
            request_id: 'r9',
          },
          { status: 409 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/admin/doctors/4');

    await user.click(await screen.findByRole('button', { name: 'Deactivate…' }));
    await user.click(screen.getByRole('button', { name: 'Yes, deactivate Gregory House' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The doctor has future booked appointments.',
    );
  });
});

describe('admin patients', () => {
  it('assigns a primary doctor', async () => {
    signInAs('admin');
    const alice = patients[0];
    if (!alice) {
      throw new Error('fixture missing');
    }
    let primary = alice.profile.primary_doctor;
    const assigned: unknown[] = [];
    server.use(
      http.get('/api/v1/patients/11/', () =>
        HttpResponse.json({ ...alice, profile: { ...alice.profile, primary_doctor: primary } }),
      ),
      http.post('/api/v1/patients/11/assign-doctor/', async ({ request }) => {
        assigned.push(await request.json());
        primary = { id: 4, full_name: 'Gregory House', specialty: 'Diagnostics' };
        return HttpResponse.json({
          ...alice,
          profile: { ...alice.profile, primary_doctor: primary },
        });
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/patients');

    await user.click(await screen.findByRole('link', { name: 'Alice Patel' }));
    const select = await screen.findByLabelText('Doctor');
    await screen.findByRole('option', { name: 'Gregory House (Diagnostics)' });
    await user.selectOptions(select, 'Gregory House (Diagnostics)');
    await user.click(screen.getByRole('button', { name: 'Assign doctor' }));

    await waitFor(() => {
      expect(screen.getByText('Gregory House (Diagnostics)', { selector: 'strong' })).toBeVisible();
    });
    expect(assigned).toEqual([{ doctor: 4 }]);
  });

  it('searches patients by name', async () => {
    signInAs('admin');
    const searches: (string | null)[] = [];
    server.use(
      http.get('/api/v1/patients/', ({ request }) => {
        searches.push(new URL(request.url).searchParams.get('search'));
        return HttpResponse.json(page(patients));
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/patients');

    await user.type(await screen.findByLabelText('Search by name or e-mail'), 'pat');
    await user.click(screen.getByRole('button', { name: 'Search' }));

    await waitFor(() => {
      expect(searches).toEqual([null, 'pat']);
    });
  });
});

describe('admin audit log', () => {
  it('sends the filters and shows the events', async () => {
    signInAs('admin');
    const queries: string[] = [];
    server.use(
      http.get('/api/v1/audit-events/', ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json(
          page([
            {
              id: 1,
              occurred_at: '2026-03-01T10:00:00Z',
              actor: 1,
              actor_name: 'Ada Admin',
              actor_role: 'admin',
              action: 'login',
              resource_type: 'user',
              resource_id: '1',
              patient: null,
              patient_name: null,
              client_ip: '127.0.0.1',
              outcome: 'failure' as const,
              request_id: 'r1',
            },
          ]),
        );
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/audit');

    await user.type(await screen.findByLabelText('Action'), 'login');
    await user.selectOptions(screen.getByLabelText('Outcome'), 'failure');
    // In the clinic's format, as every date on the page is written.
    expect(screen.getByLabelText('From')).toHaveAccessibleDescription('As dd/mm/yyyy');
    await user.type(screen.getByLabelText('From'), '01/03/2026');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => {
      expect(queries.at(-1)).toBe(
        '?action=login&outcome=failure&date_from=2026-03-01&page=1&page_size=50',
      );
    });
    const table = screen.getByRole('table', { name: 'Audit events' });
    expect(within(table).getByText('Ada Admin')).toBeVisible();
    // The filter shows the date it applies the clinic's way.
    expect(screen.getByLabelText('From')).toHaveValue('01/03/2026');
  });
});

describe('admin audit log filters by name', () => {
  const grey = {
    id: 3,
    full_name: 'Meredith Grey',
    role: 'doctor' as const,
    email: 'grey@example.org',
    is_active: true,
  };
  const olive = {
    id: 11,
    full_name: 'Olive Owner',
    role: 'patient' as const,
    email: 'olive@example.org',
    is_active: true,
  };

  it('finds the actor and the patient by typing, and filters by their ids', async () => {
    signInAs('admin');
    const lookups: string[] = [];
    const queries: string[] = [];
    server.use(
      http.get('/api/v1/people/', ({ request }) => {
        const params = new URL(request.url).searchParams;
        lookups.push(new URL(request.url).search);
        const q = (params.get('q') ?? '').toLowerCase();
        const role = params.get('role');
        const found = [grey, olive].filter(
          (person) => person.full_name.toLowerCase().includes(q) && (!role || person.role === role),
        );
        return HttpResponse.json(page(found));
      }),
      http.get('/api/v1/audit-events/', ({ request }) => {
        queries.push(new URL(request.url).search);
        return HttpResponse.json(page([]));
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/audit');

    const actor = await screen.findByRole('combobox', { name: 'Actor' });
    await user.type(actor, 'g');
    // One letter is not enough to ask the server.
    expect(
      screen.getAllByRole('status').some((s) => s.textContent === 'Type 2 letters or more'),
    ).toBe(true);
    await user.type(actor, 'rey');
    const option = await screen.findByRole('option', { name: /Meredith Grey/ });
    expect(option).toHaveTextContent('Meredith Grey (doctor, grey@example.org)');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(actor).toHaveValue('Meredith Grey');

    const patient = screen.getByRole('combobox', { name: 'Patient' });
    await user.type(patient, 'olive');
    await user.click(await screen.findByRole('option', { name: /Olive Owner/ }));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => {
      expect(queries.at(-1)).toBe('?actor=3&patient=11&page=1&page_size=50');
    });
    // The names stay in the filters after applying them.
    expect(screen.getByRole('combobox', { name: 'Actor' })).toHaveValue('Meredith Grey');
    expect(screen.getByRole('combobox', { name: 'Patient' })).toHaveValue('Olive Owner');
    // Debounced: one look-up per pause, never with fewer than two letters; patients only for Patient.
    expect(lookups).toEqual(['?q=grey&page_size=10', '?q=olive&role=patient&page_size=10']);
  });

  it('shows the name behind an id in a shared address', async () => {
    signInAs('admin');
    server.use(
      http.get('/api/v1/audit-events/', () =>
        HttpResponse.json(
          page([
            {
              id: 1,
              occurred_at: '2026-03-01T10:00:00Z',
              actor: 3,
              actor_name: 'Meredith Grey',
              actor_role: 'doctor',
              client: null,
              client_name: null,
              action: 'patient.list',
              resource_type: 'patient',
              resource_id: '',
              patient: null,
              patient_name: null,
              client_ip: '127.0.0.1',
              outcome: 'success' as const,
              request_id: 'r1',
              item_count: 20,
            },
          ]),
        ),
      ),
    );
    renderApp('/admin/audit?actor=3');

    await waitFor(() => {
      expect(screen.getByRole('combobox', { name: 'Actor' })).toHaveValue('Meredith Grey');
    });
    // A list opened as a whole says how many rows it held.
    expect(screen.getByText('(20 rows)')).toBeVisible();
  });
});

describe('admin appointments', () => {
  it('lists every doctor’s appointments and filters by doctor, without clinical actions', async () => {
    signInAs('admin');
    const queries: URLSearchParams[] = [];
    const start = new Date(Date.now() - 3_600_000).toISOString();
    server.use(
      http.get('/api/v1/appointments/', ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json(
          page([
            {
              id: 1,
              patient: { id: 11, full_name: 'Alice Patel' },
              doctor: { id: 4, full_name: 'Gregory House', specialty: 'Diagnostics' },
              start,
              end: start,
              status: 'booked' as const,
              reason: '',
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
              created_at: start,
              updated_at: start,
            },
          ]),
        );
      }),
    );
    const user = userEvent.setup();
    renderApp('/admin/appointments');

    const list = await screen.findByRole('list', { name: 'Appointments' });
    expect(within(list).getByText('Alice Patel with Gregory House')).toBeVisible();
    expect(within(list).queryByRole('button', { name: 'Complete visit' })).not.toBeInTheDocument();
    expect(within(list).getByRole('button', { name: 'Cancel appointment' })).toBeVisible();

    await screen.findByRole('option', { name: 'Gregory House' });
    await user.selectOptions(screen.getByLabelText('Doctor'), 'Gregory House');
    await user.click(screen.getByRole('button', { name: 'Show' }));

    await waitFor(() => {
      expect(queries.at(-1)?.get('doctor')).toBe('4');
    });
  });
});

describe('clinic overview', () => {
  it('draws the statistics with the numbers behind them', async () => {
    signInAs('admin');
    const counts = { booked: 1, completed: 2, cancelled: 1, no_show: 0 };
    server.use(
      http.get('/api/v1/stats/', () =>
        HttpResponse.json({
          date_from: '2026-03-01',
          date_to: '2026-03-02',
          time_zone: 'Europe/London',
          per_day: [
            { date: '2026-03-01', total: 3, ...counts },
            { date: '2026-03-02', total: 1, ...counts },
          ],
          per_doctor: [
            {
              doctor: { id: 4, full_name: 'Gregory House' },
              total: 4,
              ...counts,
              no_show: 2,
              available_minutes: 600,
              booked_minutes: 150,
              utilisation: 0.25,
            },
          ],
          totals: {
            total: 4,
            ...counts,
            available_minutes: 600,
            booked_minutes: 150,
            utilisation: 0.25,
          },
        }),
      ),
    );
    renderApp('/admin');

    const perDay = await screen.findByRole('table', { name: 'Appointments per day' });
    expect(within(perDay).getByRole('row', { name: '1 Mar 3' })).toBeInTheDocument();
    const utilisation = screen.getByRole('table', {
      name: 'Utilisation of available slots per doctor',
    });
    expect(within(utilisation).getByRole('row', { name: 'Gregory House 25%' })).toBeInTheDocument();
    const misses = screen.getByRole('table', { name: 'Cancellations and no-shows per doctor' });
    expect(within(misses).getByRole('row', { name: 'Gregory House 1 2' })).toBeInTheDocument();
    expect(screen.getByText(/4 appointments, 2 completed, 1 cancelled, 0 no-shows/)).toBeVisible();
  });
});
