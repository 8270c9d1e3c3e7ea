import { http, HttpResponse } from 'msw';

import type { Health } from '@/features/health/api/get-health';

// The happy path for every test; a test that needs another answer overrides it with server.use().
export const handlers = [
  http.get('/api/v1/health/', () => HttpResponse.json<Health>({ status: 'ok', database: 'ok' })),
];
