import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { RunMetrics } from '../../../shared/api';
import { useRunsStore } from '../stores/runs';

/**
 * The metric series of some runs, loaded once and kept live by the store. The result recomputes when a
 * run's batch of points lands (at most every METRICS_FLUSH_MS), never per point.
 */
export function useRunMetrics(ids: Ref<readonly number[]>): { metrics: ComputedRef<Record<number, RunMetrics>>; error: Ref<string | null> } {
  const runs = useRunsStore();
  const error = ref<string | null>(null);
  watch(ids, (list) => {
    if (list.length) runs.loadMetrics(list).catch((e: Error) => { error.value = e.message; });
  }, { immediate: true });
  const metrics = computed(() => {
    const out: Record<number, RunMetrics> = {};
    for (const id of ids.value) {
      void runs.metricsVersion[id];
      out[id] = { ...(runs.metricsOf(id) ?? {}) };
    }
    return out;
  });
  return { metrics, error };
}
