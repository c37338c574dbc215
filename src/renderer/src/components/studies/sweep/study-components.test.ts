// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { RunSummaryView, StudyRunView, StudyView } from '../../../../../shared/api';
import { SETTINGS } from '../../../../../engine/catalog/sweep-settings';
import StudyTable from './StudyTable.vue';
import SweepPanel from './SweepPanel.vue';

const summary = (id: number, seed: number): RunSummaryView => ({
  id, name: `r${id}`, datasetId: 1, datasetName: 'iris', modelId: null, trainer: 'backprop', trainerLabel: 'Adam', seed,
  status: 'completed', error: null, createdAt: 0, startedAt: 0, finishedAt: 1, trainMs: id * 1000, progress: { epoch: 5, total: 5 }, workStartedAt: null,
  testMetric: null, origin: null, studyId: 1, tags: [],
});
const row = (id: number, lr: number, best: number | null): StudyRunView => ({
  run: summary(id, id % 2), point: { lr }, best: best === null ? null : { value: best, epoch: id }, last: best, timeToTargetMs: null, parameterCount: 100 * id,
});
const study: StudyView = {
  id: 1, name: 's', datasetId: 1, datasetName: 'iris', kind: 'sweep', createdAt: 0,
  progress: { state: 'finished', total: 3, finished: 3, running: 0, queued: 0, failed: 0, remainingMs: 0 },
  axes: [{ setting: 'lr', values: [0.1, 0.01, 0.001] }], seeds: [0], scoreKey: 'val.accuracy', higherIsBetter: true, target: 0.9,
  runs: [row(1, 0.1, 0.8), row(2, 0.01, 0.95), row(3, 0.001, null)],
};
const stubs = { RouterLink: { template: '<a><slot /></a>' } };
const ids = (w: ReturnType<typeof mount>) => w.findAll('tbody tr').map((tr) => tr.find('td').text());

describe('StudyTable', () => {
  it('names its columns in words and sorts by best score first, runs without one last', async () => {
    const w = mount(StudyTable, { props: { study }, global: { stubs } });
    const heads = w.findAll('th').map((th) => th.text());
    expect(heads).toContain(SETTINGS.lr.label);
    expect(heads).toContain('Best validation accuracy ▼');
    expect(ids(w)).toEqual(['#2', '#1', '#3']);
    expect(w.text()).toContain('95.0 % (epoch 2)');
    await w.find('[data-testid="sort-best"]').trigger('click');
    expect(ids(w)).toEqual(['#1', '#2', '#3']);
    await w.find('[data-testid="sort-point.lr"]').trigger('click');
    expect(ids(w)).toEqual(['#3', '#2', '#1']);
    await w.find('[data-testid="sort-time"]').trigger('click');
    expect(ids(w)).toEqual(['#1', '#2', '#3']);
  });
});

describe('SweepPanel', () => {
  it('offers the trainer\'s settings, counts the runs and sends the parsed axes', async () => {
    const sent: unknown[] = [];
    const w = mount(SweepPanel, { props: { trainer: 'elm', seeds: 3, disabled: false, onStart: (r: unknown) => sent.push(r) } });
    await w.find('[data-testid="sweep-add"]').trigger('click');
    expect(w.findAll('[data-testid="sweep-setting-0"] option').map((o) => o.attributes('value'))).toEqual(['hidden-units', 'elm-activation', 'solver', 'c']);
    await w.find('[data-testid="sweep-values-0"]').setValue('10:40:lin:4');
    await w.find('[data-testid="sweep-add"]').trigger('click');
    await w.find('[data-testid="sweep-setting-1"]').setValue('c');
    await w.find('[data-testid="sweep-values-1"]').setValue('0.1,10');
    expect(w.find('[data-testid="sweep-count"]').text()).toBe('8 points × 3 seeds = 24 runs');
    await w.find('[data-testid="sweep-start"]').trigger('click');
    expect(sent).toEqual([{
      axes: [{ setting: 'hidden-units', range: { start: 10, end: 40, scale: 'lin', count: 4 } }, { setting: 'c', values: [0.1, 10] }],
      sample: { kind: 'grid' },
    }]);
    // A value that does not read is said next to it, and the sweep cannot start.
    await w.find('[data-testid="sweep-values-1"]').setValue('0.1,ten');
    expect(w.text()).toContain('"ten" is not a number');
    expect(w.find('[data-testid="sweep-start"]').attributes('disabled')).toBeDefined();
  });
});
