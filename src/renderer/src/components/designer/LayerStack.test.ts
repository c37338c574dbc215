// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../../../engine/model/spec';
import { summariseDesign } from '../../lib/layer-ops';
import LayerStack from './LayerStack.vue';

const stack = (layers: LayerSpec[]) => {
  const s = summariseDesign(layers, 4, 'classification', 3, 'crossEntropy');
  return mount(LayerStack, { props: { layers, shapes: s.hidden, head: s.head, inputs: 4, outputLabel: '3 classes · softmax', selected: null, errorLayer: s.errorLayer } });
};

describe('LayerStack output node', () => {
  it('counts the output parameters of a valid design', () => {
    expect(stack([{ type: 'dense', units: 8, bias: true, initializer: 'heUniform' }]).find('[data-testid="output-params"]').text()).toBe('27 params · automatic');
  });

  it('shows no count, rather than "0 params", when the design is invalid', () => {
    const invalid: LayerSpec[] = [{ type: 'dense', units: 0, bias: true, initializer: 'heUniform' }];
    expect(summariseDesign(invalid, 4, 'classification', 3, 'crossEntropy').error).not.toBeNull();
    const text = stack(invalid).find('[data-testid="output-params"]').text();
    expect(text).not.toMatch(/\d/);
    expect(text).toContain('—');
  });
});
