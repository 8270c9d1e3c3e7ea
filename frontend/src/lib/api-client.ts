import { env } from '@/config/env';
import { session, type TokenPair } from '@/lib/session';

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
  /** Send the access token and refresh it on a 401 (default). False for sign-in and the like. */
  auth?: boolean;
  /** 'blob' for file downloads; JSON otherwise. */
  responseType?: 'json' | 'blob';
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

function collectFieldErrors(value: unknown, prefix: string, into: FieldErrors) {
  if (Array.isArray(value)) {
    const messages = value.filter((item): item is string => typeof item === 'string');
    if (messages.length > 0 && prefix) {
      into[prefix] = messages;
    }
    // A list field answers one entry per item: `emergency_contacts.1.phone`.
    value.forEach((item, index) => {
      if (isRecord(item) || Array.isArray(item)) {
        collectFieldErrors(item, prefix ? `${prefix}.${String(index)}` : String(index), into);
      }
    });
  } else if (isRecord(value)) {
    for (const [key, nested] of Object.entries(value)) {
      collectFieldErrors(nested, prefix ? `${prefix}.${key}` : key, into);
    }
  }
}

/** Flattens DRF's nested field errors into dotted paths: `preferences.language`. */
function parseFieldErrors(value: unknown): FieldErrors | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const fields: FieldErrors = {};
  collectFieldErrors(value, '', fields);
  return fields;
}

/** Turns an error answer's status and (possibly non-JSON) body into an ApiError. */
export function errorFromBody(status: number, statusText: string, body: unknown): ApiError {
  const fallbackDetail = `The server answered ${String(status)} ${statusText}`.trimEnd();
  if (!isRecord(body)) {
    return new ApiError(status, { code: 'http_error', detail: fallbackDetail });
  }
  return new ApiError(status, {
    code: typeof body.code === 'string' ? body.code : 'http_error',
    detail: typeof body.detail === 'string' ? body.detail : fallbackDetail,
    fields: parseFieldErrors(body.fields),
    request_id: typeof body.request_id === 'string' ? body.request_id : undefined,
  });
}

async function toApiError(response: Response): Promise<ApiError> {
  // A proxy in front of the API may answer with HTML or nothing at all.
  const body: unknown = await response.json().catch(() => undefined);
  return errorFromBody(response.status, response.statusText, body);
}

async function send<T>(path: string, options: RequestOptions, token: string | null): Promise<T> {
  const { method = 'GET', params, body, signal } = options;
  const headers = new Headers(options.headers);
  headers.set('Accept', 'application/json');
  if (token !== null) {
    headers.set('Authorization', `Bearer ${token}`);
  }

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
  if (options.responseType === 'blob') {
    return (await response.blob()) as T;
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

const REFRESH_LOCK = 'patient-tracker-token-refresh';

export const SESSION_EXPIRED = 'session_expired';

function sessionExpired(): ApiError {
  return new ApiError(401, {
    code: SESSION_EXPIRED,
    detail: 'Your session has ended. Please sign in again.',
  });
}

/** Spends the stored refresh token for a new pair; ends the session when the server refuses. */
async function rotate(): Promise<string> {
  // Read inside the lock: another tab may have rotated it while this one waited.
  const refresh = session.getRefreshToken();
  if (refresh === null) {
    session.end('expired');
    throw sessionExpired();
  }
  try {
    const pair = await send<TokenPair>(
      '/auth/token/refresh/',
      { method: 'POST', body: { refresh } },
      null,
    );
    session.start(pair);
    return pair.access;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 400 || error.status === 401)) {
      session.end('expired');
      throw sessionExpired();
    }
    // The network or the server failed, not the token: keep the session for the next try.
    throw error;
  }
}

let refreshing: Promise<string> | null = null;

/**
 * One refresh at a time. Rotation spends the refresh token, and the backend treats a second
 * use of a spent token as theft and ends every session, so concurrent 401s in this tab share one
 * promise, and tabs take a Web Lock (where the browser has them) so they rotate one after another.
 */
export function refreshAccessToken(): Promise<string> {
  refreshing ??= (
    typeof navigator !== 'undefined' && 'locks' in navigator
      ? navigator.locks.request(REFRESH_LOCK, rotate)
      : rotate()
  ).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * Calls `${env.apiUrl}${path}` and resolves with the parsed JSON body; rejects with an ApiError.
 * Sends the access token; on a 401 refreshes it (once, shared) and retries the request once.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  if (options.auth === false) {
    return send<T>(path, options, null);
  }
  let token = session.getAccessToken();
  if (token === null && session.getRefreshToken() !== null) {
    // After a reload only the refresh token is left.
    token = await refreshAccessToken();
  }
  try {
    return await send<T>(path, options, token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || token === null) {
      throw error;
    }
  }
  // The access token expired. Another request may already have refreshed it meanwhile.
  const current = session.getAccessToken();
  const fresh = current !== null && current !== token ? current : await refreshAccessToken();
  try {
    return await send<T>(path, options, fresh);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      // A token fresh from the server is refused: the account is gone or deactivated.
      session.end('expired');
      throw sessionExpired();
    }
    throw error;
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
  blob: (path: string, options?: RequestOptionsWithoutBody) =>
    apiRequest<Blob>(path, { ...options, method: 'GET', responseType: 'blob' }),
};
