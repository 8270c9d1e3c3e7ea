import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { signInAs } from '@/testing/auth';
import { page, patients } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const grey = { id: 3, full_name: 'Meredith Grey', role: 'doctor' };

const ibuprofen = {
  id: 1,
  patient: 11,
  patient_name: 'Alice Patel',
  name: 'Ibuprofen',
  dose: '200 mg',
  frequency: 'twice a day',
  start_date: '2026-03-01',
  end_date: null as string | null,
  active: true,
  notes: '',
  prescriber: grey,
  created_at: '2026-03-01T10:00:00Z',
  updated_at: '2026-03-01T10:00:00Z',
};

const migraine = {
  id: 9,
  patient: 11,
  patient_name: 'Alice Patel',
  entry_date: '2026-03-02',
  diagnosis: 'Migraine',
  treatment_plan: 'Rest and fluids',
  medications_text: '',
  notes: '',
  appointment: null,
  author: grey,
  author_client: null,
  version: 1,
  last_edited_by: null,
  last_edited_by_client: null,
  last_edited_at: null,
  created_at: '2026-03-02T10:00:00Z',
  updated_at: '2026-03-02T10:00:00Z',
};

const bloodTest = {
  id: 5,
  patient: 11,
  patient_name: 'Alice Patel',
  title: 'Blood test',
  description: '',
  original_filename: 'blood-test.pdf',
  content_type: 'application/pdf',
  size: 2048,
  sha256: 'abc',
  uploaded_by: grey,
  created_at: '2026-03-03T10:00:00Z',
  file_url: '/api/v1/reports/5/file/',
};

function chartServer({
  medications = [] as (typeof ibuprofen)[],
  records = [] as (typeof migraine)[],
  reports = [] as (typeof bloodTest)[],
} = {}) {
  server.use(
    http.get('/api/v1/patients/11/', () => HttpResponse.json(patients[0])),
    http.get('/api/v1/patients/11/timeline/', () => HttpResponse.json(page([]))),
    http.get('/api/v1/records/', () => HttpResponse.json(page(records))),
    http.get('/api/v1/medications/', () => HttpResponse.json(page(medications))),
    http.get('/api/v1/reports/', () => HttpResponse.json(page(reports))),
  );
}

describe('doctor chart: medications', () => {
  it('prescribes a medication, showing a refused field next to it', async () => {
    signInAs('doctor');
    chartServer();
    const sent: unknown[] = [];
    server.use(
      http.post('/api/v1/medications/', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        sent.push(body);
        if (sent.length === 1) {
          return HttpResponse.json(
            {
              code: 'validation_error',
              detail: 'Invalid input.',
              fields: { end_date: ['The end date is before the start date.'] },
            },
            { status: 400 },
          );
        }
        return HttpResponse.json({ ...ibuprofen, history: [] }, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor/patients/11');

    await user.click(await screen.findByRole('button', { name: 'Prescribe a medication' }));
    const form = screen.getByRole('form', { name: 'Prescribe a medication' });
    await user.type(within(form).getByLabelText('Medication'), 'Ibuprofen');
    await user.type(within(form).getByLabelText(/^Dose/), '200 mg');
    await user.type(within(form).getByLabelText(/^How often/), 'twice a day');
    const start = within(form).getByLabelText('Start date');
    await user.clear(start);
    // Typed the clinic's way (en-GB), sent as ISO dates.
    await user.type(start, '10/03/2026');
    await user.type(within(form).getByLabelText('End date (optional)'), '1/3/2026');
    await user.click(within(form).getByRole('button', { name: 'Prescribe' }));

    const endDate = within(form).getByLabelText('End date (optional)');
    expect(await within(form).findByText('The end date is before the start date.')).toBeVisible();
    expect(endDate).toHaveAttribute('aria-invalid', 'true');
    expect(endDate).toHaveAccessibleDescription(
      'As dd/mm/yyyy The end date is before the start date.',
    );

    await user.clear(endDate);
    await user.click(within(form).getByRole('button', { name: 'Prescribe' }));

    expect(await within(form).findByRole('status')).toHaveTextContent(
      'Ibuprofen has been prescribed.',
    );
    expect(sent).toEqual([
      {
        patient: 11,
        name: 'Ibuprofen',
        dose: '200 mg',
        frequency: 'twice a day',
        start_date: '2026-03-10',
        end_date: '2026-03-01',
        notes: '',
      },
      expect.objectContaining({ name: 'Ibuprofen', end_date: null }),
    ]);
  });

  it('changes the dose of a medication and ends it', async () => {
    signInAs('doctor');
    const patches: unknown[] = [];
    let current = { ...ibuprofen };
    chartServer();
    server.use(
      http.get('/api/v1/medications/', () => HttpResponse.json(page([current]))),
      http.patch('/api/v1/medications/1/', async ({ request }) => {
        const body = (await request.json()) as Partial<typeof ibuprofen>;
        patches.push(body);
        current = { ...current, ...body };
        return HttpResponse.json({ ...current, history: [] });
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor/patients/11');

    await user.click(await screen.findByRole('button', { name: 'Change Ibuprofen' }));
    const change = screen.getByRole('form', { name: 'Change Ibuprofen' });
    const dose = within(change).getByLabelText('Dose');
    await user.clear(dose);
    await user.type(dose, '400 mg');
    await user.click(within(change).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Ibuprofen has been changed.')).toBeVisible();
    const table = screen.getByRole('table', { name: 'Medications' });
    expect(await within(table).findByText('400 mg')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'End Ibuprofen' }));
    const end = screen.getByRole('form', { name: 'End Ibuprofen' });
    const lastDay = within(end).getByLabelText('Last day');
    await user.clear(lastDay);
    await user.type(lastDay, '2026-03-20');
    await user.click(within(end).getByRole('button', { name: 'End medication' }));

    expect(await screen.findByText('Ibuprofen has ended.')).toBeVisible();
    expect(await within(table).findByText('Ended')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'End Ibuprofen' })).not.toBeInTheDocument();
    // Only what changed is sent.
    expect(patches).toEqual([{ dose: '400 mg' }, { active: false, end_date: '2026-03-20' }]);
  });

  it('explains that an ended medication only takes note changes', async () => {
    signInAs('doctor');
    chartServer({ medications: [{ ...ibuprofen, active: false, end_date: '2026-03-05' }] });
    server.use(
      http.patch('/api/v1/medications/1/', () =>
        HttpResponse.json(
          { code: 'medication_ended', detail: 'This medication has ended.', request_id: 'r1' },
          { status: 409 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/doctor/patients/11');

    await user.click(await screen.findByRole('button', { name: 'Change Ibuprofen' }));
    const change = screen.getByRole('form', { name: 'Change Ibuprofen' });
    await user.type(within(change).getByLabelText('How often'), ' with food');
    await user.click(within(change).getByRole('button', { name: 'Save changes' }));

    expect(await within(change).findByRole('alert')).toHaveTextContent(
      'This medication has ended, so only its notes can change. To continue it, prescribe it again.',
    );
  });

  it('offers no prescribing to nurses', async () => {
    signInAs('nurse');
    chartServer({ medications: [ibuprofen] });
    renderApp('/nurse/patients/11');

    expect(await screen.findByRole('table', { name: 'Medications' })).toHaveTextContent(
      'Ibuprofen',
    );
    expect(screen.queryByRole('form', { name: 'Prescribe a medication' })).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Prescribe a medication' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Change Ibuprofen' })).not.toBeInTheDocument();
  });
});

describe('doctor chart: the record first, forms on demand', () => {
  it('opens on the record with no form, then one form at a time', async () => {
    signInAs('doctor');
    chartServer({ medications: [ibuprofen], records: [migraine] });
    const user = userEvent.setup();
    renderApp('/doctor/patients/11');

    const entries = await screen.findByRole('list', { name: 'Record entries' });
    expect(within(entries).getByRole('heading', { name: 'Migraine' })).toBeVisible();
    expect(await screen.findByRole('table', { name: 'Medications' })).toHaveTextContent(
      'Ibuprofen',
    );
    expect(screen.getByRole('heading', { name: 'History' })).toBeVisible();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();

    const add = screen.getByRole('button', { name: 'Add a record entry' });
    const prescribe = screen.getByRole('button', { name: 'Prescribe a medication' });
    expect(add).toHaveAttribute('aria-expanded', 'false');
    await user.click(add);
    expect(add).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('form', { name: 'Add a record entry' })).toBeVisible();

    await user.click(prescribe);
    expect(screen.getByRole('form', { name: 'Prescribe a medication' })).toBeVisible();
    expect(screen.queryByRole('form', { name: 'Add a record entry' })).not.toBeInTheDocument();
    expect(add).toHaveAttribute('aria-expanded', 'false');

    await user.click(prescribe);
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });
});

describe('doctor chart: record entries', () => {
  it('edits an entry, sending the version opened, and keeps the earlier version', async () => {
    signInAs('doctor');
    let current = { ...migraine };
    const patches: unknown[] = [];
    chartServer();
    server.use(
      http.get('/api/v1/records/', () => HttpResponse.json(page([current]))),
      http.patch('/api/v1/records/9/', async ({ request }) => {
        const body = (await request.json()) as Partial<typeof migraine>;
        patches.push(body);
        current = { ...current, ...body, version: current.version + 1 };
        return HttpResponse.json(current);
      }),
      http.get('/api/v1/records/9/revisions/', () =>
        HttpResponse.json(
          page([
            {
              revision: 1,
              entry_date: '2026-03-02',
              diagnosis: 'Migraine',
              treatment_plan: 'Rest and fluids',
              medications_text: '',
              notes: '',
              written_by: grey,
              written_by_client: null,
              written_at: '2026-03-02T10:00:00Z',
              edited_by: grey,
              edited_by_client: null,
              edited_at: '2026-03-04T10:00:00Z',
            },
          ]),
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/doctor/patients/11');

    const entries = await screen.findByRole('list', { name: 'Record entries' });
    await user.click(within(entries).getByRole('button', { name: 'Edit the entry of 2026-03-02' }));
    const form = within(entries).getByRole('form', { name: 'Edit the entry of 2026-03-02' });
    const diagnosis = within(form).getByLabelText('Diagnosis');
    expect(diagnosis).toHaveValue('Migraine');
    await user.clear(diagnosis);
    await user.type(diagnosis, 'Tension headache');
    await user.click(within(form).getByRole('button', { name: 'Save the entry' }));

    expect(await within(entries).findByRole('status')).toHaveTextContent(
      'The entry has been updated; the earlier version is kept.',
    );
    expect(await within(entries).findByRole('heading', { name: 'Tension headache' })).toBeVisible();
    expect(patches).toEqual([
      expect.objectContaining({ diagnosis: 'Tension headache', version: 1 }),
    ]);

    await user.click(within(entries).getByRole('button', { name: 'Show earlier versions' }));
    const earlier = await screen.findByRole('list', {
      name: 'Earlier versions of the entry of 2026-03-02',
    });
    expect(within(earlier).getByText('Diagnosis: Migraine')).toBeVisible();
  });

  it('explains a stale edit (409) and refuses to save over the newer text', async () => {
    signInAs('doctor');
    chartServer({ records: [migraine] });
    const versions: unknown[] = [];
    server.use(
      http.patch('/api/v1/records/9/', async ({ request }) => {
        versions.push(((await request.json()) as { version: number }).version);
        return HttpResponse.json(
          { code: 'stale_version', detail: 'Changed since.', request_id: 'r2' },
          { status: 409 },
        );
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor/patients/11');

    await user.click(await screen.findByRole('button', { name: 'Edit the entry of 2026-03-02' }));
    const form = screen.getByRole('form', { name: 'Edit the entry of 2026-03-02' });
    await user.type(within(form).getByLabelText('Notes'), 'Sleeps badly.');
    await user.click(within(form).getByRole('button', { name: 'Save the entry' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Someone else changed this entry since you opened it. Cancel to see the current version, then make your change again.',
    );
    expect(versions).toEqual([1]);
    await user.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: /^Edit the entry/ })).not.toBeInTheDocument();
  });

  it('names the API client that wrote an entry, and each version', async () => {
    signInAs('doctor');
    const lab = { id: 2, name: 'City lab' };
    const labEntry = { ...migraine, author: null, author_client: lab, version: 2 };
    chartServer();
    server.use(
      http.get('/api/v1/records/', () => HttpResponse.json(page([labEntry]))),
      http.get('/api/v1/records/9/revisions/', () =>
        HttpResponse.json(
          page([
            {
              revision: 1,
              entry_date: '2026-03-02',
              diagnosis: 'CRP 40 mg/L',
              treatment_plan: '',
              medications_text: '',
              notes: '',
              written_by: null,
              written_by_client: lab,
              written_at: '2026-03-02T10:00:00Z',
              edited_by: null,
              edited_by_client: lab,
              edited_at: '2026-03-04T10:00:00Z',
            },
          ]),
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/doctor/patients/11');

    const entries = await screen.findByRole('list', { name: 'Record entries' });
    expect(within(entries).getByText(/City lab \(API client\)/)).toBeVisible();
    await user.click(within(entries).getByRole('button', { name: 'Show earlier versions' }));
    const earlier = await screen.findByRole('list', {
      name: 'Earlier versions of the entry of 2026-03-02',
    });
    expect(earlier).toHaveTextContent('Version 1, written by City lab (API client)');
  });
});

describe('doctor chart: reports', () => {
  it('deletes a report only after a confirm step', async () => {
    signInAs('doctor');
    let reports = [bloodTest];
    let deleted = 0;
    chartServer();
    server.use(
      http.get('/api/v1/reports/', () => HttpResponse.json(page(reports))),
      http.delete('/api/v1/reports/5/', () => {
        deleted += 1;
        reports = [];
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor/patients/11');

    const list = await screen.findByRole('list', { name: 'Reports' });
    await user.click(within(list).getByRole('button', { name: 'Delete Blood test' }));
    const confirm = within(list).getByRole('group', { name: 'Delete Blood test?' });
    await user.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(deleted).toBe(0);

    await user.click(within(list).getByRole('button', { name: 'Delete Blood test' }));
    await user.click(screen.getByRole('button', { name: 'Delete the report' }));

    expect(await screen.findByText('No reports.')).toBeVisible();
    expect(deleted).toBe(1);
  });

  it('shows no delete button to the patient', async () => {
    signInAs('patient');
    server.use(
      http.get('/api/v1/patients/11/timeline/', () => HttpResponse.json(page([]))),
      http.get('/api/v1/medications/', () => HttpResponse.json(page([]))),
      http.get('/api/v1/reports/', () => HttpResponse.json(page([bloodTest]))),
    );
    renderApp('/patient/record');

    const list = await screen.findByRole('list', { name: 'Reports' });
    expect(within(list).getByRole('button', { name: 'Download blood-test.pdf' })).toBeVisible();
    expect(within(list).queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
  });
});
