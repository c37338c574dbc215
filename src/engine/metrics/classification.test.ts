import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, confusionMatrix } from './classification';

// Five classes: class 3 is predicted but never true, class 4 is neither true nor predicted.
const yTrue = Int32Array.from([0, 0, 0, 1, 1, 2, 2]);
const yPred = Int32Array.from([0, 1, 0, 1, 3, 2, 0]);

describe('classification metrics', () => {
  it('counts the confusion matrix with rows = true and columns = predicted', () => {
    expect(confusionMatrix(yTrue, yPred, 5)).toEqual([
      [2, 1, 0, 0, 0],
      [0, 1, 0, 1, 0],
      [1, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('computes accuracy and balanced accuracy over classes present in y_true', () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 7, 15);
    // Recalls 2/3, 1/2, 1/2 for the present classes 0, 1, 2 (scikit-learn's balanced_accuracy_score).
    expect(classificationReport(yTrue, yPred, 5).balancedAccuracy).toBeCloseTo((2 / 3 + 1 / 2 + 1 / 2) / 3, 15);
  });

  it('computes per-class precision, recall and F1 with 0 for undefined ratios', () => {
    const r = classificationReport(yTrue, yPred, 5);
    const close = (actual: number[], expected: number[]): void =>
      actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 15));
    close(r.precision, [2 / 3, 1 / 2, 1, 0, 0]);
    close(r.recall, [2 / 3, 1 / 2, 1 / 2, 0, 0]);
    close(r.f1, [2 / 3, 1 / 2, 2 / 3, 0, 0]);
    expect(r.support).toEqual([3, 2, 2, 0, 0]);
    expect(r.accuracy).toBeCloseTo(4 / 7, 15);
  });

  it('scores a perfect prediction as 1 and rejects bad inputs', () => {
    const y = Int32Array.from([2, 0, 1, 1]);
    const r = classificationReport(y, y, 3);
    expect(r.accuracy).toBe(1);
    expect(r.balancedAccuracy).toBe(1);
    expect(r.f1).toEqual([1, 1, 1]);
    expect(() => confusionMatrix(y, Int32Array.from([0, 0, 0]), 3)).toThrow();
    expect(() => confusionMatrix(y, Int32Array.from([0, 0, 0, 3]), 3)).toThrow();
  });
});
