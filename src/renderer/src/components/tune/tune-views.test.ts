import { describe, expect, it } from 'vitest';
import type { ElmTuneView, LearningRateView } from '../../../../shared/api';
import { elmChoiceText, elmCurveLines, lrChartLines, lrExplanation, rateText, roundedRate } from './tune-views';

const lrView = (over: Partial<LearningRateView> = {}): LearningRateView => ({
  points: [
    { lr: 1e-4, loss: 1.2, smoothed: 1.1 },
    { lr: 1e-3, loss: 0.9, smoothed: 1.0 },
    { lr: 0.0031622, loss: 0.5, smoothed: 0.7 },
    { lr: 1e-2, loss: 0.6, smoothed: 0.6 },
  ],
  suggestion: 0.0031622,
  divergedAt: 0.1234,
  ms: 450,
  ...over,
});

describe('learning-rate views', () => {
  it('rounds the rate to what the test can tell apart, for the form and for the words', () => {
    expect(roundedRate(0.0031622)).toBe(0.0032);
    expect(roundedRate(0.04567)).toBe(0.046);
    expect(rateText(0.0031622)).toBe('0.0032');
    expect(rateText(0.000012345)).toBe('1.2e-5');
  });

  it('draws the batch losses, the smoothed curve and the suggestion as a marker on the smoothed curve', () => {
    const lines = lrChartLines(lrView());
    expect(lines.map((l) => l.name)).toEqual(['Loss per batch', 'Smoothed loss', 'Suggested rate']);
    expect(lines[1].x).toEqual([1e-4, 1e-3, 0.0031622, 1e-2]);
    expect(lines[1].y).toEqual([1.1, 1.0, 0.7, 0.6]);
    expect(lines[2]).toMatchObject({ x: [0.0031622], y: [0.7], marker: true });
    expect(lrChartLines(lrView({ suggestion: null })).map((l) => l.name)).toEqual(['Loss per batch', 'Smoothed loss']);
  });

  it('explains the suggestion, where the loss blew up, and the case without one', () => {
    expect(lrExplanation(lrView())).toBe(
      'The loss fell fastest at a learning rate of about 0.0032: there each step makes quick progress and training is still stable. ' +
      'Above about 0.12 the loss blew up: that is too large a step. The test took 450 ms.',
    );
    expect(lrExplanation(lrView({ divergedAt: null }))).toContain('The loss did not blow up even at the largest rate tried.');
    expect(lrExplanation(lrView({ suggestion: null }))).toMatch(/^The loss never fell as the rate rose, so there is no suggestion\./);
  });
});

describe('ELM selection views', () => {
  // 3 sizes × 2 values of C; the chosen point (20 units, C 100) has the lowest leave-one-out error.
  const grid: [number, number, number, number][] = [
    [5, 1, 0.5, 0.45], [5, 100, 0.4, 0.38], [20, 1, 0.3, 0.31], [20, 100, 0.1, 0.12], [40, 1, 0.2, 0.22], [40, 100, 0.15, 0.16],
  ];
  const view: ElmTuneView = {
    hiddenUnits: 20, c: 100, valMetric: 'accuracy', ms: 1234,
    points: grid.map(([hiddenUnits, c, loo, gcv]) => ({ hiddenUnits, c, loo, gcv, val: hiddenUnits === 20 && c === 100 ? 0.95 : 0.8 })),
  };

  it('draws error against hidden units at the chosen C, and against C at the chosen size, the choice marked', () => {
    const units = elmCurveLines(view, 'hiddenUnits');
    expect(units.map((l) => l.name)).toEqual(['Leave-one-out error', 'GCV estimate', 'Chosen']);
    expect(units[0]).toMatchObject({ x: [5, 20, 40], y: [0.4, 0.1, 0.15] });
    expect(units[1].y).toEqual([0.38, 0.12, 0.16]);
    expect(units[2]).toMatchObject({ x: [20], y: [0.1], marker: true });
    const c = elmCurveLines(view, 'c');
    expect(c[0]).toMatchObject({ x: [1, 100], y: [0.3, 0.1] });
    expect(c[2]).toMatchObject({ x: [100], y: [0.1] });
  });

  it('says what Auto would choose, its validation score, and the cost of the curve', () => {
    expect(elmChoiceText(view)).toBe(
      '"Auto" would choose 20 hidden units and C = 100: the lowest leave-one-out error (0.1; Validation accuracy 95.0 %) ' +
      'of 6 settings (3 sizes × 2 values of C), all from one hidden layer in 1.23 s, without training each.',
    );
    expect(elmChoiceText({ ...view, valMetric: null })).toContain('(0.1) of 6 settings');
    // A finished "Auto" run: what it chose, and its fit beside the curve.
    expect(elmChoiceText(view, 310)).toMatch(/^"Auto" chose 20 hidden units .* without training each\. The fit at these settings then took 310 ms\.$/);
  });
});
