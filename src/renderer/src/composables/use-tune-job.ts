import { onScopeDispose, ref, shallowRef } from 'vue';
import type { ApiRequest, ApiResponses } from '../../../shared/api';
import { api, ApiError, call, errorMessage } from '../api/client';

type TuneMethod = 'tune.learningRate' | 'tune.elm';

let started = 0;

/**
 * One tune job at a time (the learning-rate range test or the ELM's "Auto" curve): its progress from the
 * backend's `tune.progress` events for its own id, its result or error, and cancel. Cancelling ends it without an
 * error; leaving the page cancels a job still running (nobody would see its answer).
 */
export function useTuneJob<M extends TuneMethod>(method: M) {
  const running = ref(false);
  const fraction = ref(0);
  const error = ref<string | null>(null);
  const result = shallowRef<ApiResponses[M] | null>(null);
  let jobId: string | null = null;
  const off = api().on('tune.progress', (p) => {
    if (p.jobId === jobId) fraction.value = p.fraction;
  });

  /** Null (the page cannot be trained as it is) starts nothing. */
  async function start(request: Omit<ApiRequest<M>, 'jobId'> | null): Promise<void> {
    if (jobId || !request) return;
    const id = `${method}-${Date.now()}-${++started}`;
    jobId = id;
    running.value = true;
    fraction.value = 0;
    error.value = null;
    result.value = null;
    try {
      result.value = await call(method, { ...request, jobId: id } as ApiRequest<M>);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'CANCELLED')) error.value = errorMessage(e);
    } finally {
      jobId = null;
      running.value = false;
    }
  }

  function cancel(): void {
    if (jobId) call('tune.cancel', { jobId }).catch(() => undefined);
  }

  onScopeDispose(() => {
    off();
    cancel();
  });
  return { running, fraction, error, result, start, cancel };
}
