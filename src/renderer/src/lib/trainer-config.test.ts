import { describe, expect, it } from 'vitest';
import { lossesFor } from './trainer-config';

describe('the losses the Train form offers', () => {
  it('offers binary cross-entropy for two classes only', () => {
    expect(lossesFor('classification', 2)).toEqual(['crossEntropy', 'binaryCrossEntropy']);
    expect(lossesFor('classification', 3)).toEqual(['crossEntropy']);
    expect(lossesFor('regression', 0)).toEqual(['mse', 'mae', 'huber']);
  });
});
