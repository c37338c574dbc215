import { pointWords, settingWords } from '../../engine/catalog/sweep-settings';
import type { StudyRecord } from '../db/studies-repo';
import { isActiveStatus } from '../../shared/run-status';
import { resolvePoints, samplePoints, type SweepSpec } from '../studies/sweep-points';
import { ApiError } from './api-error';
import type { ApiContext, Handlers } from './api-context';
import { launchBase } from './runs-api';
import { savedConcurrency } from './settings-api';
import { studySummaryView, studyView } from './study-views';

/** More runs than this in one study is almost surely a typo in a range's count. */
const MAX_STUDY_RUNS = 500;

type StudyHandlers = Pick<Handlers, 'studies.create' | 'studies.list' | 'studies.get' | 'studies.cancel'>;

export function studyHandlers(ctx: ApiContext, datasetName: (id: number) => string): StudyHandlers {
  const { store } = ctx;
  const record = (id: number): StudyRecord => {
    const study = store.studies.get(id);
    if (!study) throw new ApiError('NOT_FOUND', `study ${id} does not exist`, { field: 'id' });
    return study;
  };
  const view = (study: StudyRecord) => studyView(store, study, datasetName(study.datasetId), savedConcurrency(store));

  return {
    'studies.create': (request) => {
      const { dataset, recipe, model, trainer } = launchBase(ctx, request);
      const points = samplePoints(request.axes, request.sample);
      const total = points.length * request.seeds.length;
      if (total > MAX_STUDY_RUNS) {
        throw new ApiError('INVALID_CONFIG', `the study would have ${total} runs (${points.length} points × ${request.seeds.length} seeds); at most ${MAX_STUDY_RUNS}`, { field: 'axes' });
      }
      // Every point resolved before anything is stored: one bad point refuses the study.
      const resolved = resolvePoints({ ...trainer }, model, points, recipe.task);
      const name = request.name ?? `${dataset.name} · sweep over ${request.axes.map((a) => settingWords(a.setting)).join(', ')}`;
      const spec: SweepSpec = { base: { ...trainer }, axes: request.axes, sample: request.sample, seeds: request.seeds };
      const { study, runs } = store.studies.create(
        { name, datasetId: dataset.id, kind: 'sweep', spec },
        resolved.flatMap(({ point, trainer: config, designChanged }) => request.seeds.map((seed) => ({
          name: `${name} · ${pointWords(point)} · seed ${seed}`,
          datasetId: dataset.id,
          // A point that reshaped the layers trains its own design, no longer the saved one.
          modelId: config.trainer === 'backprop' && !designChanged ? request.modelId : null,
          modelSpec: config.trainer === 'backprop' ? config.model : null,
          trainerConfig: config,
          preprocessing: recipe,
          seed,
          dataHash: dataset.contentHash,
          studyPoint: point,
        }))),
      );
      for (const run of runs) ctx.runs.enqueue(run.id);
      return view(study);
    },
    'studies.list': ({ datasetId }) =>
      store.studies.list({ datasetId }).map((s) => studySummaryView(store, s, datasetName(s.datasetId), savedConcurrency(store))),
    'studies.get': ({ id }) => view(record(id)),
    'studies.cancel': async ({ id }) => {
      const study = record(id);
      // Queued runs first, so that a cancelled running run does not hand its slot to one of them.
      const active = store.runs.list({ studyId: id }).filter((r) => isActiveStatus(r.status));
      const ordered = [...active.filter((r) => r.status === 'queued'), ...active.filter((r) => r.status === 'running')];
      for (const run of ordered) await ctx.runs.cancel(run.id);
      return studySummaryView(store, study, datasetName(study.datasetId), savedConcurrency(store));
    },
  };
}
