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

  it('runs the jobs of one group in one task, so the charts of a run draw the same snapshot in the same frame', () => {
    const series: number[] = [1, 2, 3];
    const drawn: Record<string, number> = {};
    const [loss, accuracy, other] = [{}, {}, {}];
    scheduleChartJob(loss, () => { drawn.loss = series.length; }, 'run-7');
    scheduleChartJob(other, () => { series.push(4, 5); }); // points landing between two tasks
    scheduleChartJob(accuracy, () => { drawn.accuracy = series.length; }, 'run-7');
    vi.advanceTimersToNextTimer();
    expect(drawn).toEqual({ loss: 3, accuracy: 3 });
    vi.advanceTimersToNextTimer();
    expect(series).toHaveLength(5);
    cancelChartJob(loss);
    scheduleChartJob(loss, () => { drawn.loss = series.length; }, 'run-7');
    scheduleChartJob(accuracy, () => { drawn.accuracy = series.length; }, 'run-7');
    cancelChartJob(accuracy);
    vi.runAllTimers();
    expect(drawn).toEqual({ loss: 5, accuracy: 3 });
  });
});
