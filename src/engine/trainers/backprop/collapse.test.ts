import { describe, expect, it } from 'vitest';
import { fromRows } from '../../testing/matrix-rows';
import { CollapseWatch, RECOVERY_EPOCHS } from './collapse';

const oneHot = (classes: number[]) => fromRows(classes.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0))));
const balanced = Array.from({ length: 300 }, (_, i) => i % 3);
const names = ['bus', 'opel', 'van'];

describe('CollapseWatch', () => {
  it('reports a spike followed by one class for every row once it lasted the recovery window, from its first epoch', () => {
    const w = new CollapseWatch('classification', names, oneHot(balanced));
    const good = Int32Array.from(balanced);
    const allVan = new Int32Array(300).fill(2);
    expect(w.observe(1, 1.0, good)).toBeNull();
    expect(w.observe(2, 4e11, allVan)).toBeNull();
    for (let e = 3; e < 1 + RECOVERY_EPOCHS; e++) expect(w.observe(e, 1.2, allVan)).toBeNull();
    const found = w.observe(1 + RECOVERY_EPOCHS, 1.1, allVan);
    expect(found).toEqual({ epoch: 2, message: expect.stringMatching(/predicts 'van' for every row since epoch 2; lower the learning rate$/) });
  });

  it('lets a run that recovers within the window go on, and never calls a collapse without a spike', () => {
    const w = new CollapseWatch('classification', names, oneHot(balanced));
    const allBus = new Int32Array(300);
    expect(w.observe(1, 1.0, Int32Array.from(balanced))).toBeNull();
    expect(w.observe(2, 500, allBus)).toBeNull();
    expect(w.observe(3, 0.9, Int32Array.from(balanced))).toBeNull();
    expect(w.observe(4, 0.8, allBus)).toBeNull();
    const calm = new CollapseWatch('classification', names, oneHot(balanced));
    for (let e = 1; e <= 10; e++) expect(calm.observe(e, 1 - e * 0.01, allBus)).toBeNull();
  });

  it('does not call it a collapse when the true classes are (almost) all one', () => {
    const w = new CollapseWatch('classification', names, oneHot(new Array(300).fill(1)));
    const allOpel = new Int32Array(300).fill(1);
    w.observe(1, 1, allOpel);
    for (let e = 2; e <= 2 + RECOVERY_EPOCHS; e++) expect(w.observe(e, 1e6, allOpel)).toBeNull();
  });

  it('regression: a constant prediction after a spike is a collapse, a spread one is not', () => {
    const targets = fromRows(Array.from({ length: 50 }, (_, i) => [i / 10]));
    const constant = fromRows(Array.from({ length: 50 }, () => [0.3]));
    const w = new CollapseWatch('regression', [], targets);
    w.observe(1, 0.5, targets);
    let found = null;
    for (let e = 2; e <= 1 + RECOVERY_EPOCHS; e++) found = w.observe(e, e === 2 ? 1e4 : 1, constant);
    expect(found?.message).toMatch(/same value for every row since epoch 2/);
    const v = new CollapseWatch('regression', [], targets);
    v.observe(1, 0.5, targets);
    for (let e = 2; e <= 1 + RECOVERY_EPOCHS; e++) expect(v.observe(e, 1e4, targets)).toBeNull();
  });
});
