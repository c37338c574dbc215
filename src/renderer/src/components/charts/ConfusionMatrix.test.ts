// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ConfusionMatrix from './ConfusionMatrix.vue';

const letters = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));
const diagonal = (k: number, hits: number) => Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? hits : (i + j) % 3)));

describe('ConfusionMatrix', () => {
  it('lays out 26 classes compactly, every cell named by its true and predicted class', () => {
    const w = mount(ConfusionMatrix, { props: { matrix: diagonal(26, 40), classes: letters } });
    expect(w.find('[data-testid="confusion-matrix"]').classes()).toContain('compact');
    const cells = w.findAll('tbody td');
    expect(cells).toHaveLength(26 * 26);
    expect(cells[26 * 25 + 1].attributes('title')).toBe(`true Z, predicted B: ${(25 + 1) % 3}`);
    expect(w.findAll('thead .col-label').map((c) => c.text())).toEqual(letters);
  });

  it('keeps a few classes at full size', () => {
    const w = mount(ConfusionMatrix, { props: { matrix: diagonal(3, 50), classes: ['setosa', 'versicolor', 'virginica'] } });
    expect(w.find('[data-testid="confusion-matrix"]').classes()).not.toContain('compact');
  });
});
