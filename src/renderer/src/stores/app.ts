import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo, AppSettings, ApiRequest } from '../../../shared/api';
import { api, call, errorMessage } from '../api/client';
import { connectionState } from '../api/connection';
import { themeChoice } from '../composables/use-dark';

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

  function notify(kind: Toast['kind'], message: string): void {
    const id = nextToast++;
    toasts.value.push({ id, kind, message });
    setTimeout(() => dismiss(id), kind === 'error' ? 8000 : 4000);
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  return { info, settings, toasts, dataDamage, loadInfo, loadSettings, updateSettings, notify, dismiss };
});
