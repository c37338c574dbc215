import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { StudyView } from '../../../../../shared/api';
import { api, call, errorMessage, isNotFound } from '../../../api/client';

/** Least time between two reloads of a study while its runs report progress. */
const REFRESH_MS = 1000;

/** A study, reloaded (at most once a second) whenever one of its runs changes. */
export function useStudy(id: Ref<number>) {
  const study = ref<StudyView | null>(null);
  const error = ref<string | null>(null);
  const gone = ref(false);
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function load(): Promise<void> {
    try {
      study.value = await call('studies.get', { id: id.value });
      error.value = null;
      gone.value = false;
    } catch (e) {
      gone.value = isNotFound(e);
      error.value = errorMessage(e);
    }
  }
  const off = api().on('run.updated', (run) => {
    if (run.studyId !== id.value || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, REFRESH_MS);
  });
  onBeforeUnmount(() => {
    off();
    if (timer) clearTimeout(timer);
  });
  watch(id, load, { immediate: true });
  return { study, error, gone, load };
}
