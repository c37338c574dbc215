import { ref, type Ref } from 'vue';

/**
 * Whether the backend can be reached: `online`; `offline` (no answer: the host is down or restarting, calls and
 * the event socket retry by themselves); `expired` (the host answers but refuses this tab's credential, e.g. it
 * was restarted and issued a new one: only a fresh link helps).
 */
export type ConnectionState = 'online' | 'offline' | 'expired';

/**
 * How this tab proves it comes from the app, kept behind one small interface so that the transport does not
 * know how the credential was obtained (api/token.ts: a link's one-time code traded for a session credential).
 */
export interface Credential {
  /** Headers for a call or an upload. */
  headers(): Promise<Record<string, string>>;
  /** Subprotocols for the event socket: a browser socket cannot send headers. */
  socketProtocols(): Promise<string[]>;
}

/** A session credential (or the promise of it while the link's code is traded), sent as a bearer token. */
export function sessionCredential(session: string | null | Promise<string | null>): Credential {
  const credential = Promise.resolve(session);
  return {
    async headers(): Promise<Record<string, string>> {
      const value = await credential;
      return value ? { Authorization: `Bearer ${value}` } : {};
    },
    async socketProtocols() {
      const value = await credential;
      return value ? ['workbench', `bearer.${value}`] : [];
    },
  };
}

/** The page's one connection state; the transport writes it, the banner and the stores read it. */
export const connectionState: Ref<ConnectionState> = ref('online');
