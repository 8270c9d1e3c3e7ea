import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { signInAs } from '@/testing/auth';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

function availabilityServer(answer?: () => Response) {
  const saved: unknown[] = [];
  server.use(
    http.get('/api/v1/doctors/3/availability/', () =>
      HttpResponse.json({
        doctor: 3,
        time_zone: 'Europe/London',
        rules: [{ weekday: 0, start_time: '09:00:00', end_time: '12:00:00', slot_minutes: 15 }],
        exceptions: [],
      }),
    ),
    http.put('/api/v1/doctors/3/availability/', async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      saved.push(body);
      return answer?.() ?? HttpResponse.json({ doctor: 3, time_zone: 'Europe/London', ...body });
    }),
  );
  return saved;
}

describe('availability editor', () => {
  it('edits the weekly hours, adds a day off and saves them together', async () => {
    signInAs('doctor');
    const saved = availabilityServer();
    const user = userEvent.setup();
    renderApp('/doctor/availability');

    const first = await screen.findByRole('group', { name: 'Weekly hours 1' });
    expect(within(first).getByLabelText('From (hours 1)')).toHaveValue('09:00');
    await user.click(screen.getByRole('button', { name: 'Add weekly hours' }));
    await user.selectOptions(screen.getByLabelText('Day (hours 2)'), 'Wednesday');
    await user.click(screen.getByRole('button', { name: 'Add a day off or extra hours' }));
    await user.clear(screen.getByLabelText('Date (exception 1)'));
    await user.type(screen.getByLabelText('Date (exception 1)'), '24/12/2030');
    await user.click(screen.getByRole('button', { name: 'Save availability' }));

    expect(await screen.findByText('Your availability has been saved.')).toBeVisible();
    expect(saved).toEqual([
      {
        rules: [
          { weekday: 0, start_time: '09:00', end_time: '12:00', slot_minutes: 15 },
          { weekday: 2, start_time: '09:00', end_time: '12:00', slot_minutes: 15 },
        ],
        exceptions: [{ date: '2030-12-24', kind: 'off' }],
      },
    ]);
  });

  it('shows a refused window next to its field', async () => {
    signInAs('doctor');
    availabilityServer(() =>
      HttpResponse.json(
        {
          code: 'validation_error',
          detail: 'Some fields are not valid.',
          fields: { rules: [{ end_time: ['The end must be after the start.'] }] },
        },
        { status: 400 },
      ),
    );
    const user = userEvent.setup();
    renderApp('/doctor/availability');

    await user.click(await screen.findByRole('button', { name: 'Save availability' }));

    await waitFor(() => {
      expect(screen.getByLabelText('Until (hours 1)')).toHaveAccessibleDescription(
        'The end must be after the start.',
      );
    });
  });
});
