import { useSyncExternalStore } from 'react';

/*
 * Where the tokens live.
 *
 * The access token is kept in memory only: a reload forgets it and the refresh token buys a new
 * one. The refresh token is kept in localStorage, so a session survives reloads and new tabs.
 * Trade-off: a script injected into the page (XSS) could read it. We accept that because the
 * API hands the refresh token out in the body (an httpOnly cookie would need the backend to set
 * it), the SPA is served under a strict Content-Security-Policy with no third-party scripts,
 * refresh tokens live for hours, not weeks, no session outlives the backend's hard maximum age,
 * and a stolen token that is replayed after the real client has rotated it ends every session
 * of that user (reuse detection). sessionStorage would not be safer against XSS and would sign
 * the user out of every new tab.
 *
 * Tabs share the refresh token, so refreshes are serialised across tabs too (see api-client).
 */
const REFRESH_KEY = 'pt.refresh';

/** Why the session ended: the user signed out, or the server refused to refresh it. */
export type EndReason = 'signed_out' | 'expired';

export type SessionSnapshot = {
  signedIn: boolean;
  endReason: EndReason | null;
};

export type TokenPair = { access: string; refresh: string };

function readRefresh(): string | null {
  try {
    return window.localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

function writeRefresh(value: string | null) {
  try {
    if (value === null) {
      window.localStorage.removeItem(REFRESH_KEY);
    } else {
      window.localStorage.setItem(REFRESH_KEY, value);
    }
  } catch {
    // Storage refused (private mode, quota): the session lasts until the page is closed.
  }
}

let accessToken: string | null = null;
let snapshot: SessionSnapshot = { signedIn: readRefresh() !== null, endReason: null };
const listeners = new Set<() => void>();

function publish(next: SessionSnapshot) {
  if (next.signedIn !== snapshot.signedIn || next.endReason !== snapshot.endReason) {
    snapshot = next;
    listeners.forEach((listener) => {
      listener();
    });
  }
}

export const session = {
  getAccessToken: (): string | null => accessToken,
  getRefreshToken: readRefresh,
  getSnapshot,

  /** Stores a fresh pair (sign-in, refresh, password change). */
  start(pair: TokenPair) {
    accessToken = pair.access;
    writeRefresh(pair.refresh);
    publish({ signedIn: true, endReason: null });
  },

  /** Forgets both tokens; `reason` tells the sign-in page what to say (null: nothing). */
  end(reason: EndReason | null) {
    accessToken = null;
    writeRefresh(null);
    publish({ signedIn: false, endReason: reason });
  },

  subscribe,
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function getSnapshot(): SessionSnapshot {
  return snapshot;
}

// Another tab signed out (or in): follow it, so no tab keeps using a spent refresh token.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== REFRESH_KEY && event.key !== null) {
      return;
    }
    if (readRefresh() === null) {
      accessToken = null;
      publish({ signedIn: false, endReason: 'signed_out' });
    } else {
      publish({ signedIn: true, endReason: null });
    }
  });
}

export function useSession(): SessionSnapshot {
  return useSyncExternalStore(subscribe, getSnapshot);
}
