import { describe, expect, it } from 'vitest';
import { elapsedMs } from './run-timing';

describe('elapsedMs', () => {
  it('is finished − started wall time, or up to now while running', () => {
    expect(elapsedMs({ startedAt: 1000, finishedAt: 3500 }, 9999)).toBe(2500);
    expect(elapsedMs({ startedAt: 1000, finishedAt: null }, 1800)).toBe(800);
    expect(elapsedMs({ startedAt: null, finishedAt: null }, 1800)).toBeNull();
  });

  it('is never negative when this screen\'s clock is behind the backend\'s', () => {
    expect(elapsedMs({ startedAt: 5000, finishedAt: null }, 4200)).toBe(0);
  });
});
