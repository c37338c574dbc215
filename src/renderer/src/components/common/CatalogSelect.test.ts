// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { LOSSES } from '../../../../engine/catalog/losses';
import CatalogSelect from './CatalogSelect.vue';

describe('CatalogSelect', () => {
  it("lists the catalog's entries (or the ids given), shows the chosen one's help, and reports a choice", async () => {
    const chosen: string[] = [];
    const wrapper = mount(CatalogSelect<typeof LOSSES>, {
      props: { label: 'Loss', catalog: LOSSES, ids: ['mse', 'huber'], testId: 'loss', modelValue: 'mse', 'onUpdate:modelValue': (id: string) => chosen.push(id) },
    });
    expect(wrapper.findAll('option').map((o) => [o.attributes('value'), o.text()])).toEqual([['mse', LOSSES.mse.label], ['huber', LOSSES.huber.label]]);
    expect(wrapper.text()).toContain(LOSSES.mse.help);
    await wrapper.find('[data-testid="loss"]').setValue('huber');
    expect(chosen).toEqual(['huber']);
    await wrapper.setProps({ modelValue: 'huber' });
    expect(wrapper.text()).toContain(LOSSES.huber.help);
    await wrapper.setProps({ ids: undefined });
    expect(wrapper.findAll('option')).toHaveLength(Object.keys(LOSSES).length);
  });
});
