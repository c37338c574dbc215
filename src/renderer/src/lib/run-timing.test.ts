import { describe, expect, it } from 'vitest';
import { elapsedMs, progressText, queuedAhead } from './run-timing';

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
