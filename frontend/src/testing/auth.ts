import { http, HttpResponse } from 'msw';

import { session } from '@/lib/session';
import { users } from '@/testing/fixtures';
import { server } from '@/testing/mocks/server';
import type { Role } from '@/types/api';

/** Starts a session as `role`: tokens in place and `me/` answering that user. */
export function signInAs(role: Role) {
  const user = users[role];
  session.start({ access: 'access-1', refresh: 'refresh-1' });
  server.use(http.get('/api/v1/me/', () => HttpResponse.json(user)));
  return user;
}
