import { describe, expect, it } from 'vitest';
import { elapsedMs, etaMs, phaseParts, progressText, queuedAhead } from './run-timing';

describe('elapsedMs', () => {
  it('is never negative when the run started after the last tick of the clock', () => {
    expect(elapsedMs({ startedAt: 10_831, finishedAt: null }, 10_000)).toBe(0);
    expect(elapsedMs({ startedAt: 1_000, finishedAt: null }, 3_500)).toBe(2_500);
    expect(elapsedMs({ startedAt: 1_000, finishedAt: 2_000 }, 99_999)).toBe(1_000);
    expect(elapsedMs({ startedAt: null, finishedAt: null }, 5)).toBeNull();
  });
});

describe('progressText', () => {
  const bp = (epoch: number, total: number, status: 'running' | 'queued' = 'running') => ({ status, trainer: 'backprop' as const, progress: { epoch, total } });
  it('says starting until the first epoch is done, then epoch n / total', () => {
    expect(progressText(bp(0, 0))).toBe('starting…');
    expect(progressText(bp(0, 300))).toBe('starting…');
    expect(progressText(bp(103, 1000))).toBe('epoch 103 / 1,000');
  });

  it('says how many queued runs start first', () => {
    const list = [{ id: 1, status: 'running' as const }, { id: 2, status: 'queued' as const }, { id: 3, status: 'queued' as const }, { id: 4, status: 'queued' as const }];
    expect(queuedAhead(list[3], list)).toBe(2);
    expect(progressText(bp(0, 50, 'queued'), queuedAhead(list[3], list))).toBe('queued — 2 ahead');
    expect(progressText(bp(0, 50, 'queued'), queuedAhead(list[1], list))).toBe('queued — next to start');
  });
});

describe('etaMs', () => {
  const running = (epoch: number, total: number, workStartedAt: number | null) =>
    ({ status: 'running' as const, startedAt: 1_000, finishedAt: null, progress: { epoch, total }, workStartedAt });

  it('extrapolates from when the engine began the job, so start-up is not spread over the remaining work', () => {
    // 2 s of start-up, then 1 s for a quarter of the job: 3 s left (from the start, it would say 6 s).
    expect(etaMs(running(25, 100, 3_000), 4_000)).toBe(3_000);
    expect(etaMs(running(25, 100, null), 4_000)).toBe(9_000);
  });

  it('says nothing before the first progress or once the run is over', () => {
    expect(etaMs(running(0, 100, 3_000), 4_000)).toBeNull();
    expect(etaMs({ ...running(50, 100, 3_000), status: 'completed' as const, finishedAt: 5_000 }, 6_000)).toBeNull();
  });
});

describe('phaseParts', () => {
  it('lists the phases in order and leaves out those that took no time, never training', () => {
    const parts = phaseParts({ startUpMs: 1_200, dataMs: 40, trainingMs: 0, evaluationMs: 12, diagnosticsMs: 0, savingMs: 3 });
    expect(parts.map((p) => p.label)).toEqual(['engine start-up', 'data preparation', 'training', 'evaluation', 'saving']);
    expect(phaseParts({ startUpMs: 1, dataMs: 1, trainingMs: 5, evaluationMs: 1, diagnosticsMs: 1 }).at(-1)).toEqual({ label: 'diagnostics', ms: 1 });
  });
});
