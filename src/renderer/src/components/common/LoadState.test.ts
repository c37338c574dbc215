// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import LoadState from './LoadState.vue';

const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)', component: { template: '<div />' } }] });

describe('LoadState', () => {
  it('offers a way back, not "Try again", for something that does not exist', () => {
    const w = mount(LoadState, {
      props: { loading: false, error: 'run 9 does not exist', gone: { message: 'Run 9 does not exist: it was deleted.', to: '/runs', label: 'All runs' } },
      global: { plugins: [router] },
    });
    expect(w.find('[data-testid="load-gone"]').text()).toContain('All runs');
    expect(w.find('a').attributes('href')).toBe('/runs');
    expect(w.text()).not.toContain('Something went wrong');
    expect(w.find('button').exists()).toBe(false);
  });

  it('keeps "Try again" for other errors', async () => {
    const w = mount(LoadState, { props: { loading: false, error: 'Cannot reach the workbench server' }, global: { plugins: [router] } });
    expect(w.text()).toContain('Something went wrong');
    await w.find('button').trigger('click');
    expect(w.emitted('retry')).toHaveLength(1);
  });
});
