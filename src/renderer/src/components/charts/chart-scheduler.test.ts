import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelChartJob, scheduleChartJob } from './chart-scheduler';

describe('scheduleChartJob', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(async () => {
    await vi.runAllTimersAsync();
    vi.useRealTimers();
  });

  it('runs one job per task, in the order asked', () => {
    const ran: string[] = [];
    const [a, b, c] = [{}, {}, {}];
    scheduleChartJob(a, () => ran.push('a'));
    scheduleChartJob(b, () => ran.push('b'));
    scheduleChartJob(c, () => ran.push('c'));
    expect(ran).toEqual([]);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['a']);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['a', 'b']);
    vi.advanceTimersToNextTimer();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('keeps only the latest job of a chart, in the place of its first request', () => {
    const ran: string[] = [];
    const [a, b] = [{}, {}];
    scheduleChartJob(a, () => ran.push('a1'));
    scheduleChartJob(b, () => ran.push('b1'));
    scheduleChartJob(a, () => ran.push('a2'));
    vi.runAllTimers();
    expect(ran).toEqual(['a2', 'b1']);
  });

  it('drops a cancelled job and still runs the others', () => {
    const ran: string[] = [];
    const [a, b] = [{}, {}];
    scheduleChartJob(a, () => ran.push('a'));
    scheduleChartJob(b, () => ran.push('b'));
    cancelChartJob(a);
    vi.runAllTimers();
    expect(ran).toEqual(['b']);
  });

  it('takes new jobs after the queue has run dry', () => {
    const ran: string[] = [];
    const a = {};
    scheduleChartJob(a, () => ran.push('first'));
    vi.runAllTimers();
    scheduleChartJob(a, () => ran.push('second'));
    vi.runAllTimers();
    expect(ran).toEqual(['first', 'second']);
  });
});
