import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo, AppSettings, ApiRequest } from '../../../shared/api';
import { api, call, errorMessage } from '../api/client';
import { connectionState } from '../api/connection';
import { themeChoice } from '../composables/use-dark';

/** How many messages the sidebar shows at once. */
const MAX_TOASTS = 3;

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  message: string;
}

/** App-wide state: backend info, the settings (the theme applied as they arrive) and the toast queue. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const settings = ref<AppSettings | null>(null);

  function settingsArrived(value: AppSettings): void {
    settings.value = value;
    themeChoice.value = value.theme;
  }

  async function loadSettings(): Promise<void> {
    settingsArrived(await call('settings.get', {}));
  }

  async function updateSettings(patch: ApiRequest<'settings.update'>): Promise<void> {
    settingsArrived(await call('settings.update', patch));
  }

  const toasts = ref<Toast[]>([]);
  /** Why the data file is only read (it is damaged), shown as a banner until the app restarts. */
  const dataDamage = ref<string | null>(null);
  let nextToast = 1;
  let subscribed = false;

  async function loadInfo(): Promise<void> {
    if (!subscribed) {
      subscribed = true;
      api().on('store.damaged', ({ message }) => (dataDamage.value = message));
    }
    try {
      info.value = await call('app.info', {});
      dataDamage.value ??= info.value.dataDamage;
    } catch (e) {
      // A server that is away has its own banner; a toast would only repeat it.
      if (connectionState.value === 'online') notify('error', `Cannot reach the backend: ${errorMessage(e)}`);
    }
  }

  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  function notify(kind: Toast['kind'], message: string): void {
    const id = nextToast++;
    // The sidebar holds a few: the oldest give way to the newest.
    const overflow = Math.max(0, toasts.value.length + 1 - MAX_TOASTS);
    for (const old of toasts.value.slice(0, overflow)) holdToast(old.id);
    toasts.value = [...toasts.value.slice(overflow), { id, kind, message }];
    releaseToast(id);
  }

  /** A message under the pointer stays while it is read. */
  function holdToast(id: number): void {
    clearTimeout(timers.get(id));
    timers.delete(id);
  }

  function releaseToast(id: number): void {
    const toast = toasts.value.find((t) => t.id === id);
    if (!toast) return;
    holdToast(id);
    timers.set(id, setTimeout(() => dismiss(id), toast.kind === 'error' ? 8000 : 4000));
  }

  function dismiss(id: number): void {
    holdToast(id);
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  return { info, settings, toasts, dataDamage, loadInfo, loadSettings, updateSettings, notify, holdToast, releaseToast, dismiss };
});
