import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { signInAs } from '@/testing/auth';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

describe('app shell', () => {
  it('shows the unread count on the menu button, where a phone folds the navigation', async () => {
    signInAs('doctor');
    server.use(
      http.get('/api/v1/notifications/unread-count/', () => HttpResponse.json({ count: 3 })),
    );
    const user = userEvent.setup();
    renderApp('/doctor');

    const menu = await screen.findByRole('button', { name: 'Menu (3 unread notifications)' });
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    expect(within(menu).getByText('3')).toBeVisible();
    await user.click(menu);
    expect(menu).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('link', { name: 'Notifications (3 unread)' })).toBeVisible();
  });

  it('shows a plain menu button when all is read, and to admins', async () => {
    signInAs('admin');
    renderApp('/admin');

    expect(await screen.findByRole('button', { name: 'Menu' })).toBeVisible();
  });

  it('offers a skip link to the main content first', async () => {
    signInAs('patient');
    const user = userEvent.setup();
    renderApp('/patient');

    await screen.findByRole('heading', { level: 1, name: 'Welcome, Alice' });
    await user.tab();

    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    expect(skip).toHaveFocus();
    expect(skip).toHaveAttribute('href', '#main');
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
  });

  it.each([
    [
      'patient',
      [
        'Overview',
        'Appointments',
        'Book',
        'My record',
        'Find a doctor',
        'My profile',
        'Access log',
        'Password',
      ],
    ],
    ['doctor', ['Overview', 'Schedule', 'Availability', 'Patients', 'My profile', 'Security']],
    ['nurse', ['Overview', 'Patients', 'Security']],
    [
      'admin',
      ['Overview', 'Doctors', 'Nurses', 'Patients', 'Appointments', 'Audit log', 'Security'],
    ],
  ] as const)('shows the %s only their own navigation', async (role, links) => {
    signInAs(role);
    renderApp(`/${role}`);

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const names = Array.from(nav.querySelectorAll('ul a')).map((link) => link.textContent);
    expect(names).toEqual(links);
  });

  it('moves the focus to the new page’s heading after a navigation', async () => {
    signInAs('patient');
    const user = userEvent.setup();
    renderApp('/patient');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    await user.click(within(nav).getByRole('link', { name: 'Find a doctor' }));

    const heading = await screen.findByRole('heading', { level: 1, name: 'Find a doctor' });
    await waitFor(() => {
      expect(heading).toHaveFocus();
    });
    expect(within(nav).getByRole('link', { name: 'Find a doctor', current: 'page' })).toBeVisible();
  });
});
