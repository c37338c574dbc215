import { describe, expect, it } from 'vitest';
import { apiRequests } from './api';
import { ACTIVE_RUN_STATUSES, RUN_STATES, RUN_STATUSES } from './run-status';

describe('RUN_STATES', () => {
  it('has each state either still going or finished, with a label and help in words', () => {
    for (const status of RUN_STATUSES) {
      const s = RUN_STATES[status];
      expect(s.active, status).toBe(!s.finished);
      expect(s.label).toMatch(/^[a-z ]+$/);
      expect(s.help.length).toBeGreaterThan(5);
    }
    expect(ACTIVE_RUN_STATUSES).toEqual(['queued', 'running']);
  });

  it('is the list the API accepts as a status filter, and nothing else', () => {
    const filter = apiRequests['runs.list'];
    expect(filter.safeParse({ status: [...RUN_STATUSES] }).success).toBe(true);
    expect(filter.safeParse({ status: ['paused'] }).success).toBe(false);
  });
});
