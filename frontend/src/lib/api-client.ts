import { env } from '@/config/env';

/** Messages keyed by field name, as a 400 answer carries them. */
export type FieldErrors = Record<string, string[]>;

/** The API's one error shape. */
export type ApiErrorBody = {
  code: string;
  detail: string;
  fields?: FieldErrors;
  request_id?: string;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fields: FieldErrors;
  readonly request_id: string | undefined;

  constructor(status: number, body: ApiErrorBody) {
    super(body.detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.detail = body.detail;
    this.fields = body.fields ?? {};
    this.request_id = body.request_id;
  }
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  params?: QueryParams;
  body?: unknown;
  headers?: HeadersInit;
  signal?: AbortSignal;
};

type RequestOptionsWithoutBody = Omit<RequestOptions, 'method' | 'body'>;

function buildUrl(path: string, params: QueryParams = {}): URL {
  const url = new URL(`${env.apiUrl}${path}`, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) {
      url.searchParams.set(key, String(value));
    }
  }
  return url;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFieldErrors(value: unknown): FieldErrors | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const fields: FieldErrors = {};
  for (const [field, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) {
      fields[field] = messages.map(String);
    }
  }
  return fields;
}

async function toApiError(response: Response): Promise<ApiError> {
  // A proxy in front of the API may answer with HTML or nothing at all.
  const body: unknown = await response.json().catch(() => undefined);
  const fallbackDetail =
    `The server answered ${String(response.status)} ${response.statusText}`.trimEnd();
  if (!isRecord(body)) {
    return new ApiError(response.status, { code: 'http_error', detail: fallbackDetail });
  }
  return new ApiError(response.status, {
    code: typeof body.code === 'string' ? body.code : 'http_error',
    detail: typeof body.detail === 'string' ? body.detail : fallbackDetail,
    fields: parseFieldErrors(body.fields),
    request_id: typeof body.request_id === 'string' ? body.request_id : undefined,
  });
}

/** Calls `${env.apiUrl}${path}` and resolves with the parsed JSON body; rejects with an ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', params, body, signal } = options;
  const headers = new Headers(options.headers);
  headers.set('Accept', 'application/json');

  let requestBody: BodyInit | undefined;
  if (body instanceof FormData) {
    // The browser sets the multipart Content-Type with its boundary.
    requestBody = body;
  } else if (body !== undefined) {
    headers.set('Content-Type', 'application/json');
    requestBody = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, params), { method, headers, body: requestBody, signal });
  } catch (error) {
    // A cancelled request is not a failure of the server: let the caller see the abort.
    if (signal?.aborted) {
      throw error;
    }
    throw new ApiError(0, { code: 'network_error', detail: 'The server could not be reached.' });
  }

  if (!response.ok) {
    throw await toApiError(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, {
      code: 'invalid_response',
      detail: 'The server answered with something other than JSON.',
    });
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptionsWithoutBody) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: RequestOptionsWithoutBody) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptionsWithoutBody) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptionsWithoutBody) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T = void>(path: string, options?: RequestOptionsWithoutBody) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
};
