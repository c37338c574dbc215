import { ref } from 'vue';
import { errorMessage } from '../api/client';
import { useAppStore } from '../stores/app';

/** One backend action at a time: `busy` while it runs, its error as a toast. */
export function useBusyAction() {
  const app = useAppStore();
  const busy = ref(false);
  async function run(work: () => Promise<void>): Promise<void> {
    busy.value = true;
    try {
      await work();
    } catch (e) {
      app.notify('error', errorMessage(e));
    } finally {
      busy.value = false;
    }
  }
  return { busy, run, notify: app.notify };
}
