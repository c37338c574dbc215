// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { Field, ParamValues } from '../../../../engine/registry/param-schema';
import ParamForm from './ParamForm.vue';

const fields: Field[] = [
  { key: 'lr', label: 'Learning rate', type: 'number', default: 0.01, min: 0, exclusiveMin: true, help: 'Step size.' },
  { key: 'units', label: 'Units', type: 'integer', default: 8, min: 1, max: 64, help: 'Neurons.' },
  { key: 'on', label: 'Enabled', type: 'boolean', default: true, help: 'Switch.' },
  { key: 'kind', label: 'Kind', type: 'enum', default: 'a', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }], help: 'Pick.' },
];

function mountForm(values: ParamValues) {
  const updates: ParamValues[] = [];
  const wrapper = mount(ParamForm, {
    props: { fields, idPrefix: 't', modelValue: values, 'onUpdate:modelValue': (v: ParamValues) => { updates.push(v); void wrapper.setProps({ modelValue: v }); } },
  });
  return { wrapper, updates };
}

describe('ParamForm', () => {
  it('renders one input per field type with its help text', () => {
    const { wrapper } = mountForm({ lr: 0.01, units: 8, on: true, kind: 'a' });
    expect(wrapper.get('[data-testid="field-t-lr"]').element.tagName).toBe('INPUT');
    expect((wrapper.get('[data-testid="field-t-on"]').element as HTMLInputElement).type).toBe('checkbox');
    expect(wrapper.get('[data-testid="field-t-kind"]').element.tagName).toBe('SELECT');
    expect(wrapper.text()).toContain('Step size.');
  });

  it('emits typed values and shows range errors in place of the help', async () => {
    const { wrapper, updates } = mountForm({ lr: 0.01, units: 8, on: true, kind: 'a' });
    await wrapper.get('[data-testid="field-t-units"]').setValue('100');
    expect(updates.at(-1)).toEqual({ lr: 0.01, units: 100, on: true, kind: 'a' });
    expect(wrapper.text()).toContain('Must be ≤ 64.');
    await wrapper.get('[data-testid="field-t-lr"]').setValue('0');
    expect(wrapper.text()).toContain('Must be > 0.');
    expect(wrapper.get('[data-testid="field-t-lr"]').attributes('aria-invalid')).toBe('true');
    await wrapper.get('[data-testid="field-t-kind"]').setValue('b');
    expect(updates.at(-1)?.kind).toBe('b');
  });
});
