import type { Task } from '../data/table';
import { InputError } from './input-error';
import type { LayerSpec } from '../model/spec';
import type { LossId } from './losses';

/**
 * The most classes a classifier's output may tell apart: one output (and one column of weights) per class,
 * learnt from the rows of each class, so beyond about a thousand the classes are better seen as an identifier
 * or as numbers than as categories to learn.
 */
export const MAX_CLASSES = 1000;

/**
 * The output layers appended to a design: they follow from the task, the number of outputs and the loss,
 * which is why the designer shows them as automatic. Cross-entropy gets a softmax head, binary
 * cross-entropy a single sigmoid unit, regression a linear layer with one unit per target.
 */
export function outputHead(task: Task, outputs: number, lossId: LossId): LayerSpec[] {
  if (task === 'regression') {
    if (lossId === 'crossEntropy' || lossId === 'binaryCrossEntropy') {
      throw new InputError('INVALID_CONFIG', `loss ${lossId} is for classification; use mse, mae or huber for regression`);
    }
    return [{ type: 'dense', units: outputs, bias: true, initializer: 'glorotUniform' }];
  }
  if (outputs > MAX_CLASSES) {
    throw new InputError('INVALID_CONFIG', `the target has ${outputs} classes; a network tells apart at most ${MAX_CLASSES}`);
  }
  if (lossId === 'binaryCrossEntropy') {
    if (outputs !== 2) throw new InputError('INVALID_CONFIG', `binaryCrossEntropy needs exactly 2 classes, the target has ${outputs}; use crossEntropy`);
    return [
      { type: 'dense', units: 1, bias: true, initializer: 'glorotUniform' },
      { type: 'activation', activation: 'sigmoid' },
    ];
  }
  return [
    { type: 'dense', units: outputs, bias: true, initializer: 'glorotUniform' },
    { type: 'activation', activation: 'softmax' },
  ];
}
