import { ref, type Ref } from 'vue';

/**
 * Whether the backend can be reached: `online`; `offline` (no answer: the host is down or restarting, calls and
 * the event socket retry by themselves); `expired` (the host answers but refuses this tab's credential, e.g. it
 * was restarted and issued a new one: only a fresh link helps).
 */
export type ConnectionState = 'online' | 'offline' | 'expired';

/**
 * How this tab proves it comes from the app. One small interface so that the launch token of today can be
 * swapped for a session credential (a one-time code exchanged once) without touching the transport.
 */
export interface Credential {
  /** Headers for a call or an upload. */
  headers(): Record<string, string>;
  /** The event socket's address with whatever the host needs to accept it. */
  socketUrl(url: URL): URL;
}

/** The browser host's per-launch token, sent as a bearer header and on the socket's address. */
export function launchTokenCredential(token: string | null): Credential {
  return {
    headers: (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {}),
    socketUrl(url) {
      if (token) url.searchParams.set('token', token);
      return url;
    },
  };
}

/** The page's one connection state; the transport writes it, the banner and the stores read it. */
export const connectionState: Ref<ConnectionState> = ref('online');
