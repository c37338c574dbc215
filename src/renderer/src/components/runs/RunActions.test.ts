// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { RunSummaryView } from '../../../../shared/api';
import type { RunStatus } from '../../../../shared/run-status';
import RunActions from './RunActions.vue';

const run = (status: RunStatus): RunSummaryView => ({
  id: 3, name: 'adam 0', datasetId: 1, datasetName: 'iris', modelId: null, trainer: 'backprop', trainerLabel: 'Adam',
  seed: 0, status, error: null, createdAt: 1, startedAt: null, finishedAt: null, trainMs: null,
  progress: { epoch: 0, total: 10 }, workStartedAt: null, testMetric: null, origin: null, studyId: null, tags: [],
});

function shown(props: { run: RunSummaryView; compact?: boolean; menu?: boolean }) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)', component: { template: '<div />' } }] });
  const wrapper = mount(RunActions, { props, global: { plugins: [createPinia(), router] } });
  return {
    ids: wrapper.findAll('button').map((b) => b.attributes('data-testid')),
    labels: wrapper.findAll('button').map((b) => b.text()),
    danger: wrapper.findAll('button.danger').map((b) => b.attributes('data-testid')),
    inMenu: wrapper.find('details .menu-pop').exists(),
  };
}

describe('RunActions', () => {
  it('offers cancel while a run is active, and re-run and delete once it is finished', () => {
    expect(shown({ run: run('running') }).ids).toEqual(['run-cancel', 'run-clone-edit', 'run-rename']);
    expect(shown({ run: run('queued') }).ids).toEqual(['run-cancel', 'run-clone-edit', 'run-rename']);
    const done = shown({ run: run('completed') });
    expect(done.ids).toEqual(['run-clone-edit', 'run-rerun', 'run-rename', 'run-delete']);
    expect(done.labels).toEqual(['Clone & edit', 'Re-run', 'Rename', 'Delete']);
    expect(done.danger).toEqual(['run-delete']);
  });

  it('shows the same actions folded in a menu, and no rename where the page has its own (compact)', () => {
    const menu = shown({ run: run('failed'), menu: true });
    expect(menu.inMenu).toBe(true);
    expect(menu.ids).toEqual(['run-clone-edit', 'run-rerun', 'run-rename', 'run-delete']);
    expect(shown({ run: run('failed') }).inMenu).toBe(false);
    expect(shown({ run: run('failed'), compact: true }).ids).toEqual(['run-clone-edit', 'run-rerun', 'run-delete']);
  });
});
