import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Api } from '../api/create-api';
import { API_EVENT_NAMES, type ApiEventName } from '../../shared/api';
import { err } from '../../shared/result';
import { isAppFrame } from './security-policy';

/** Channel names shared with the preload. */
export const callChannel = (method: string): string => `api:${method}`;
export const eventChannel = (event: ApiEventName): string => `event:${event}`;

/**
 * Every API method gets its channel through this one `handle`, which answers only our own main frame;
 * anything else gets UNAUTHORIZED (as data: the API never throws across IPC).
 */
export function registerApiHandlers(ipcMain: Pick<IpcMain, 'handle'>, api: Api, appUrl: string): void {
  const handle = (channel: string, fn: (payload: unknown) => Promise<unknown>) => {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isAppFrame(event.senderFrame, appUrl)) {
        return err('UNAUTHORIZED', 'this request did not come from the Neural Workbench window');
      }
      return fn(payload);
    });
  };
  for (const method of api.methods) handle(callChannel(method), (payload) => api.call(method, payload));
}

/** Forwards backend events to the window while it exists; returns the unsubscribe. */
export function forwardEvents(api: Api, contents: Pick<WebContents, 'send' | 'isDestroyed'>): () => void {
  const offs = API_EVENT_NAMES.map((event) =>
    api.on(event, (payload) => {
      if (!contents.isDestroyed()) contents.send(eventChannel(event), payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
