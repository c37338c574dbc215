const STORAGE_KEY = 'nwb.session';

/** Trades a link's one-time code for a session credential (POST /session); null when the code is spent. */
export type CodeExchange = (code: string) => Promise<string | null>;

/**
 * The browser host's session credential. The link's `?token=` is a one-time code: it is removed from the
 * address at once and traded for a credential kept in sessionStorage, which only this origin (scheme, host and
 * port) can read, unlike a cookie, which every port of 127.0.0.1 receives. The history keeps only a spent code.
 */
export async function takeSession(location: Location, history: History, storage: Storage, exchange: CodeExchange): Promise<string | null> {
  const url = new URL(location.href);
  const code = url.searchParams.get('token');
  if (code) {
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    const credential = await exchange(code);
    if (credential) {
      storage.setItem(STORAGE_KEY, credential);
      return credential;
    }
  }
  return storage.getItem(STORAGE_KEY);
}

/** The exchange against the page's own host. */
export function exchangeWith(doFetch: typeof fetch, base: string): CodeExchange {
  return async (code) => {
    try {
      const res = await doFetch(new URL('/session', base).toString(), {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }),
      });
      const body = (await res.json()) as { ok?: boolean; value?: { credential?: unknown } };
      return body.ok && typeof body.value?.credential === 'string' ? body.value.credential : null;
    } catch {
      return null;
    }
  };
}
