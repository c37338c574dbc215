/**
 * The renderer's only door to the backend: `window.api` with `call` and `on` (typed as WorkbenchApi).
 * No raw ipcRenderer is exposed; channel names follow src/main/electron/ipc-bridge.ts.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEventName, ApiEvents, WorkbenchApi } from '../shared/api';

const api: WorkbenchApi = {
  // The API answers with Result data; only a failure of IPC itself can reject, and it becomes data too.
  call: (method, request) =>
    ipcRenderer.invoke(`api:${method}`, request).catch((e: unknown) => ({
      ok: false as const,
      error: { code: 'INTERNAL' as const, message: `the backend did not answer: ${e instanceof Error ? e.message : String(e)}` },
    })),
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
    const channel = `event:${event}`;
    const wrapped = (_event: IpcRendererEvent, payload: ApiEvents[E]) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
