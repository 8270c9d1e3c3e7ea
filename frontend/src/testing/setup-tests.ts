import '@testing-library/jest-dom/vitest';

import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';

import { session } from '@/lib/session';
import { server } from '@/testing/mocks/server';

// `findBy...` waits 1 s by default: on a loaded two-core CI machine, a lazily loaded route with its
// queries took longer once, and the wait is for the page, not a measure of it.
configure({ asyncUtilTimeout: 5000 });

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});

afterEach(() => {
  cleanup();
  server.resetHandlers();
  session.end(null);
  window.localStorage.clear();
});

afterAll(() => {
  server.close();
});
