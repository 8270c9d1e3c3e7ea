import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { api, ApiError } from '@/lib/api-client';
import { server } from '@/testing/mocks/server';

describe('api client', () => {
  it('sends JSON with query parameters and resolves with the JSON answer', async () => {
    server.use(
      http.post('/api/v1/echo/', async ({ request }) => {
        const url = new URL(request.url);
        return HttpResponse.json({
          content_type: request.headers.get('Content-Type'),
          page: url.searchParams.get('page'),
          has_search: url.searchParams.has('search'),
          body: await request.json(),
        });
      }),
    );

    const answer = await api.post(
      '/echo/',
      { reason: 'check-up' },
      { params: { page: 2, search: undefined } },
    );

    expect(answer).toEqual({
      content_type: 'application/json',
      page: '2',
      has_search: false,
      body: { reason: 'check-up' },
    });
  });

  it('resolves with undefined on 204 No Content', async () => {
    server.use(http.delete('/api/v1/things/1/', () => new HttpResponse(null, { status: 204 })));

    await expect(api.delete('/things/1/')).resolves.toBeUndefined();
  });

  it('turns an error body into an ApiError with its status, code, detail, fields and request id', async () => {
    server.use(
      http.post('/api/v1/auth/register/', () =>
        HttpResponse.json(
          {
            code: 'validation_error',
            detail: 'Invalid input.',
            fields: { email: ['Enter a valid email address.'] },
            request_id: 'req-123',
          },
          { status: 400 },
        ),
      ),
    );

    const error: unknown = await api
      .post('/auth/register/', { email: 'nope' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_error',
      detail: 'Invalid input.',
      message: 'Invalid input.',
      fields: { email: ['Enter a valid email address.'] },
      request_id: 'req-123',
    });
  });

  it('gives an ApiError with empty fields when the error body has none', async () => {
    server.use(
      http.get('/api/v1/patients/9/', () =>
        HttpResponse.json({ code: 'not_found', detail: 'Not found.' }, { status: 404 }),
      ),
    );

    await expect(api.get('/patients/9/')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
      fields: {},
      request_id: undefined,
    });
  });

  it('gives an ApiError even when the error body is not JSON', async () => {
    server.use(
      http.get('/api/v1/health/', () =>
        HttpResponse.text('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
      ),
    );

    await expect(api.get('/health/')).rejects.toMatchObject({
      status: 502,
      code: 'http_error',
      detail: 'The server answered 502 Bad Gateway',
    });
  });

  it('gives an ApiError with status 0 when the server cannot be reached', async () => {
    server.use(http.get('/api/v1/health/', () => HttpResponse.error()));

    await expect(api.get('/health/')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
