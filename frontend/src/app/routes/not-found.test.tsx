import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderApp } from '@/testing/test-utils';

describe('unknown address', () => {
  it('shows page not found with a link home', () => {
    renderApp('/no/such/page');

    expect(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
    expect(screen.queryByRole('status', { name: 'Server status' })).not.toBeInTheDocument();
  });

  it('sets the document title', async () => {
    renderApp('/no/such/page');

    await waitFor(() => {
      expect(document.title).toBe('Page not found · Patient Tracker');
    });
  });
});
