/**
 * Classification scores from true and predicted class indices, with scikit-learn's conventions so
 * numbers can be compared with it: undefined ratios are 0 (zero_division=0), and balanced accuracy
 * averages recall over the classes that occur in y_true only.
 */
export interface ClassificationReport {
  accuracy: number;
  balancedAccuracy: number;
  /** Per class, indexed by class code. */
  precision: number[];
  recall: number[];
  f1: number[];
  /** Number of true samples of each class. */
  support: number[];
  /** confusion[t][p] = samples of true class t predicted as p. */
  confusion: number[][];
}

function checkInputs(yTrue: Int32Array, yPred: Int32Array, numClasses: number): void {
  if (yTrue.length !== yPred.length) throw new Error(`${yTrue.length} true labels but ${yPred.length} predictions`);
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] < 0 || yTrue[i] >= numClasses || yPred[i] < 0 || yPred[i] >= numClasses) {
      throw new Error(`label out of range [0, ${numClasses}) at ${i}`);
    }
  }
}

export function confusionMatrix(yTrue: Int32Array, yPred: Int32Array, numClasses: number): number[][] {
  checkInputs(yTrue, yPred, numClasses);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

/** Fraction of correct predictions; NaN for no samples. */
export function accuracy(yTrue: Int32Array, yPred: Int32Array): number {
  if (yTrue.length !== yPred.length) throw new Error(`${yTrue.length} true labels but ${yPred.length} predictions`);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return yTrue.length === 0 ? NaN : correct / yTrue.length;
}

function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

export function classificationReport(yTrue: Int32Array, yPred: Int32Array, numClasses: number): ClassificationReport {
  const confusion = confusionMatrix(yTrue, yPred, numClasses);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  let recallSum = 0;
  let present = 0;
  for (let c = 0; c < numClasses; c++) {
    const tp = confusion[c][c];
    let predicted = 0;
    let actual = 0;
    for (let k = 0; k < numClasses; k++) {
      predicted += confusion[k][c];
      actual += confusion[c][k];
    }
    const p = ratio(tp, predicted);
    const r = ratio(tp, actual);
    precision.push(p);
    recall.push(r);
    f1.push(ratio(2 * p * r, p + r));
    support.push(actual);
    if (actual > 0) {
      recallSum += r;
      present++;
    }
  }
  return {
    accuracy: accuracy(yTrue, yPred),
    balancedAccuracy: present === 0 ? NaN : recallSum / present,
    precision, recall, f1, support, confusion,
  };
}
