// @vitest-environment happy-dom
import { effectScope } from 'vue';
import { describe, expect, it } from 'vitest';
import type { ApiEventName, ApiEvents, WorkbenchApi } from '../../../shared/api';
import type { Result } from '../../../shared/result';
import { useTuneJob } from './use-tune-job';

/**
 * A backend whose tune calls answer when the test says so; it records every call. The page keeps the first
 * client it finds (window.api), so every test shares this one and starts with its record cleared.
 */
function fakeBackend() {
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const calls: { method: string; request: Record<string, unknown> }[] = [];
  let answer!: (r: Result<unknown>) => void;
  const api: WorkbenchApi = {
    call: ((method: string, request: Record<string, unknown>) => {
      calls.push({ method, request });
      if (method === 'tune.cancel') return Promise.resolve({ ok: true, value: { cancelled: true } });
      return new Promise<Result<unknown>>((resolve) => (answer = resolve));
    }) as WorkbenchApi['call'],
    on: ((event: string, l: (p: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), l]);
      return () => listeners.set(event, (listeners.get(event) ?? []).filter((x) => x !== l));
    }) as WorkbenchApi['on'],
  };
  const emit = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => listeners.get(event)?.forEach((l) => l(payload));
  window.api = api;
  return { calls, emit, answer: (r: Result<unknown>) => answer(r), listeners };
}
const shared = fakeBackend();
const backendForTest = () => {
  shared.calls.length = 0;
  return shared;
};

const REQUEST = { datasetId: 1, modelId: 2, trainer: { trainer: 'backprop' }, seed: 1 };
const VIEW = { points: [], suggestion: 0.01, divergedAt: null, ms: 5 };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('useTuneJob', () => {
  it('sends the request with its own job id, follows only that id\'s progress and keeps the answer', async () => {
    const backend = backendForTest();
    const scope = effectScope();
    const job = scope.run(() => useTuneJob('tune.learningRate'))!;
    const done = job.start(REQUEST);
    expect(job.running.value).toBe(true);
    const { method, request } = backend.calls[0];
    expect(method).toBe('tune.learningRate');
    expect(request).toMatchObject(REQUEST);
    const jobId = request.jobId as string;
    expect(jobId).toMatch(/^tune\.learningRate-/);
    backend.emit('tune.progress', { jobId: 'someone-else', fraction: 0.9 });
    backend.emit('tune.progress', { jobId, fraction: 0.25 });
    expect(job.fraction.value).toBe(0.25);
    // A second start while one runs is ignored.
    void job.start(REQUEST);
    expect(backend.calls).toHaveLength(1);
    backend.answer({ ok: true, value: VIEW });
    await done;
    expect(job.running.value).toBe(false);
    expect(job.result.value).toEqual(VIEW);
    expect(job.error.value).toBeNull();
    scope.stop();
    expect(backend.listeners.get('tune.progress')).toEqual([]);
  });

  it('cancels by the same id; a cancelled job ends without an error, a failed one shows its message', async () => {
    const backend = backendForTest();
    const scope = effectScope();
    const job = scope.run(() => useTuneJob('tune.learningRate'))!;
    const first = job.start(REQUEST);
    const jobId = backend.calls[0].request.jobId;
    job.cancel();
    expect(backend.calls[1]).toEqual({ method: 'tune.cancel', request: { jobId } });
    backend.answer({ ok: false, error: { code: 'CANCELLED', message: 'the learning-rate range test was cancelled' } });
    await first;
    expect(job.error.value).toBeNull();
    expect(job.result.value).toBeNull();

    const second = job.start(REQUEST);
    expect(backend.calls[2].request.jobId).not.toBe(jobId);
    backend.answer({ ok: false, error: { code: 'ENGINE_FAILED', message: 'the learning-rate range test stopped: engine process was killed (SIGKILL)' } });
    await second;
    expect(job.error.value).toBe('the learning-rate range test stopped: engine process was killed (SIGKILL)');
    scope.stop();
  });

  it('cancels a job still running when its page goes away', async () => {
    const backend = backendForTest();
    const scope = effectScope();
    const job = scope.run(() => useTuneJob('tune.elm'))!;
    void job.start({ datasetId: 1, trainer: { trainer: 'elm' }, seed: 0 });
    scope.stop();
    await flush();
    expect(backend.calls.map((c) => c.method)).toEqual(['tune.elm', 'tune.cancel']);
  });
});
