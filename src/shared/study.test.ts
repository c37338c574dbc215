import { describe, expect, it } from 'vitest';
import type { RunStatus } from './run-status';
import { progressText, studyProgress, type StudyRunState } from './study';

const run = (status: RunStatus, trainMs: number | null = null, epoch = 0, total = 0): StudyRunState => ({ status, trainMs, progress: { epoch, total } });

describe('studyProgress', () => {
  it('estimates the time left from the finished runs and the running run\'s share, per worker', () => {
    // 14 finished (12 completed at 10 s, 2 failed), one running half way, 21 queued, 2 workers.
    const runs = [
      ...Array.from({ length: 12 }, () => run('completed', 10_000)),
      run('failed'), run('interrupted'),
      run('running', null, 5, 10),
      ...Array.from({ length: 21 }, () => run('queued')),
    ];
    const p = studyProgress(runs, 2);
    expect(p).toMatchObject({ state: 'running', total: 36, finished: 14, running: 1, queued: 21, failed: 2 });
    expect(p.remainingMs).toBeCloseTo((10_000 * (21 + 0.5)) / 2, 6);
    expect(progressText(p)).toBe('14 of 36 runs, about 2 min left');
  });

  it('says queued before anything started and has no estimate before a run finished', () => {
    const p = studyProgress([run('queued'), run('queued')], 1);
    expect(p.state).toBe('queued');
    expect(p.remainingMs).toBeNull();
    expect(progressText(p)).toBe('0 of 2 runs, time left not known yet');
  });

  it('is finished or cancelled once no run is active', () => {
    expect(studyProgress([run('completed', 5), run('diverged', 5)], 1).state).toBe('finished');
    const cancelled = studyProgress([run('completed', 5), run('cancelled')], 1);
    expect(cancelled.state).toBe('cancelled');
    expect(progressText(cancelled)).toBe('2 of 2 runs, cancelled');
  });
});
