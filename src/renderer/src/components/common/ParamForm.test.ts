// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { booleanField, enumField, fieldSet, integerField, numberField, type Values } from '../../../../engine/catalog/fields';
import ParamForm from './ParamForm.vue';

const fields = fieldSet({
  lr: numberField({ label: 'Learning rate', default: 0.01, min: 0, exclusiveMin: true, help: 'Step size.' }),
  units: integerField({ label: 'Units', default: 8, min: 1, max: 64, help: 'Neurons.' }),
  on: booleanField({ label: 'Enabled', default: true, help: 'Switch.' }),
  kind: enumField([{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }], { label: 'Kind', default: 'a', help: 'Pick.' }),
});
type FormValues = Values<typeof fields>;

function mountForm(values: FormValues) {
  const updates: FormValues[] = [];
  const wrapper = mount(ParamForm<typeof fields>, {
    props: { fields, idPrefix: 't', modelValue: values, 'onUpdate:modelValue': (v: FormValues) => { updates.push(v); void wrapper.setProps({ modelValue: v }); } },
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
