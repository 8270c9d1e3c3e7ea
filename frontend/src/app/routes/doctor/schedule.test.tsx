import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { clinicDay } from '@/lib/datetime';
import { signInAs } from '@/testing/auth';
import { page } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const earlier = new Date(Date.now() - 60 * 60_000).toISOString();

const visit = {
  id: 80,
  patient: { id: 11, full_name: 'Alice Patel' },
  doctor: { id: 3, full_name: 'Meredith Grey', specialty: 'General practice' },
  start: earlier,
  end: earlier,
  status: 'booked' as const,
  reason: 'Check-up',
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
};

describe('doctor schedule', () => {
  it('shows today by default and applies the filters', async () => {
    signInAs('doctor');
    const queries: URLSearchParams[] = [];
    server.use(
      http.get('/api/v1/appointments/', ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json(page([visit]));
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor/schedule');

    const list = await screen.findByRole('list', { name: 'Appointments' });
    expect(within(list).getByText('Alice Patel')).toBeVisible();
    expect(queries[0]?.get('date_from')).toBe(clinicDay());
    expect(queries[0]?.get('date_to')).toBe(clinicDay());

    await user.selectOptions(screen.getByLabelText('Status'), 'booked');
    await user.type(screen.getByLabelText('Patient'), 'alice');
    await user.click(screen.getByRole('button', { name: 'Show' }));

    await waitFor(() => {
      expect(queries.at(-1)?.get('status')).toBe('booked');
    });
    expect(queries.at(-1)?.get('search')).toBe('alice');
  });

  it('completes a visit with consultation notes', async () => {
    signInAs('doctor');
    let current = { ...visit };
    const completed: unknown[] = [];
    server.use(
      http.get('/api/v1/appointments/', () => HttpResponse.json(page([current]))),
      http.post('/api/v1/appointments/80/complete/', async ({ request }) => {
        completed.push(await request.json());
        current = { ...visit, status: 'completed' as never, consultation_notes: 'All well.' };
        return HttpResponse.json(current);
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor/schedule');

    await user.click(await screen.findByRole('button', { name: 'Complete visit' }));
    await user.type(screen.getByLabelText('Consultation notes'), 'All well.');
    await user.click(screen.getByRole('button', { name: 'Save and complete' }));
    expect(completed).toEqual([]);
    const dialog = screen.getByRole('dialog', { name: 'Complete the visit of Alice Patel?' });
    await user.click(within(dialog).getByRole('button', { name: 'Yes, complete the visit' }));

    const list = screen.getByRole('list', { name: 'Appointments' });
    expect(await within(list).findByText('Completed')).toBeVisible();
    expect(completed).toEqual([{ consultation_notes: 'All well.' }]);
    expect(screen.queryByRole('button', { name: 'Mark as no-show' })).not.toBeInTheDocument();
  });

  it('marks a no-show once confirmed', async () => {
    signInAs('doctor');
    let current = { ...visit };
    let calls = 0;
    server.use(
      http.get('/api/v1/appointments/', () => HttpResponse.json(page([current]))),
      http.post('/api/v1/appointments/80/no-show/', () => {
        calls += 1;
        current = { ...visit, status: 'no_show' as never };
        return HttpResponse.json(current);
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor/schedule');

    await user.click(await screen.findByRole('button', { name: 'Mark as no-show' }));
    const dialog = screen.getByRole('dialog', { name: 'Mark Alice Patel as a no-show?' });
    expect(calls).toBe(0);
    await user.click(within(dialog).getByRole('button', { name: 'Yes, mark as no-show' }));

    const list = screen.getByRole('list', { name: 'Appointments' });
    expect(await within(list).findByText('No-show')).toBeVisible();
  });

  it('asks in a modal dialog that keeps focus and cancels on Escape', async () => {
    signInAs('doctor');
    const posted: string[] = [];
    server.use(
      http.get('/api/v1/appointments/', () => HttpResponse.json(page([visit]))),
      http.post('/api/v1/appointments/80/:action/', ({ params }) => {
        posted.push(String(params.action));
        return HttpResponse.json(visit);
      }),
    );
    const user = userEvent.setup();
    renderApp('/doctor/schedule');

    const trigger = await screen.findByRole('button', { name: 'Mark as no-show' });
    await user.click(trigger);
    const dialog = screen.getByRole('dialog', { name: 'Mark Alice Patel as a no-show?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription(/recorded as missed/);
    const confirm = within(dialog).getByRole('button', { name: 'Yes, mark as no-show' });
    const back = within(dialog).getByRole('button', { name: 'Go back' });
    // Focus starts on the safe answer and Tab wraps inside the dialog, both ways.
    expect(back).toHaveFocus();
    await user.tab();
    expect(confirm).toHaveFocus();
    await user.tab();
    expect(back).toHaveFocus();
    await user.tab({ shift: true });
    expect(confirm).toHaveFocus();
    await user.tab({ shift: true });
    expect(back).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Complete visit' }));
    await user.type(screen.getByLabelText('Consultation notes'), 'All well.');
    await user.click(screen.getByRole('button', { name: 'Save and complete' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Complete the visit of Alice Patel?' })).getByRole(
        'button',
        { name: 'Go back' },
      ),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // Nothing was sent, and the notes are still there to send.
    expect(posted).toEqual([]);
    expect(screen.getByLabelText('Consultation notes')).toHaveValue('All well.');
  });
});
