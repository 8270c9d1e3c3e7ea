import { env } from '@/config/env';
import { ApiError, errorFromBody, refreshAccessToken } from '@/lib/api-client';
import { session } from '@/lib/session';

/** 0 to 1 as the request body goes out. */
export type ProgressHandler = (fraction: number) => void;

function send<T>(path: string, body: FormData, token: string | null, onProgress?: ProgressHandler) {
  return new Promise<T>((resolve, reject) => {
    // fetch() cannot report upload progress; XMLHttpRequest can.
    const request = new XMLHttpRequest();
    request.open('POST', `${env.apiUrl}${path}`);
    request.setRequestHeader('Accept', 'application/json');
    if (token !== null) {
      request.setRequestHeader('Authorization', `Bearer ${token}`);
    }
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) {
        onProgress?.(event.loaded / event.total);
      }
    });
    request.addEventListener('load', () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.responseText);
      } catch {
        parsed = undefined;
      }
      if (request.status >= 200 && request.status < 300) {
        onProgress?.(1);
        resolve(parsed as T);
      } else {
        reject(errorFromBody(request.status, request.statusText, parsed));
      }
    });
    request.addEventListener('error', () => {
      reject(
        new ApiError(0, { code: 'network_error', detail: 'The server could not be reached.' }),
      );
    });
    request.send(body);
  });
}

/** A multipart POST with progress, authenticated like every other request (one refresh retry). */
export async function uploadWithProgress<T>(
  path: string,
  body: FormData,
  onProgress?: ProgressHandler,
): Promise<T> {
  let token = session.getAccessToken();
  if (token === null && session.getRefreshToken() !== null) {
    token = await refreshAccessToken();
  }
  try {
    return await send<T>(path, body, token, onProgress);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || token === null) {
      throw error;
    }
  }
  onProgress?.(0);
  const current = session.getAccessToken();
  const fresh = current !== null && current !== token ? current : await refreshAccessToken();
  return send<T>(path, body, fresh, onProgress);
}
