import type { TuneJob, TuneOutcome } from '../../engine/trainers/tune-job';
import type { ElmTuneView, LearningRateView } from '../../shared/api';
import { quote } from '../../shared/quote';
import { ApiError } from './api-error';
import type { ApiContext, Handlers } from './api-context';
import { trainingJob } from './dataset-recipe';
import { launchBase } from './runs-api';

type TuneHandlers = Pick<Handlers, 'tune.learningRate' | 'tune.elm' | 'tune.cancel'>;

/**
 * The Train page's helpers: the learning-rate range test and the ELM's "Auto" curve, each in an engine process of
 * its own (runs/tune-jobs.ts), on the dataset's split and the settings resolved as runs.start resolves them.
 */
export function tuneHandlers(ctx: ApiContext): TuneHandlers {
  const run = async (
    request: { jobId: string; datasetId: number; modelId: number | null; trainer: unknown; seed: number }, kind: TuneJob['kind'],
  ): Promise<TuneOutcome> => {
    if (ctx.tuning.isRunning(request.jobId)) {
      throw new ApiError('CONFLICT', `a tune job with id ${quote(request.jobId)} is already running`, { field: 'jobId' });
    }
    const { dataset, recipe, trainer } = launchBase(ctx, request);
    if (kind === 'lrRange' && trainer.trainer !== 'backprop') {
      throw new ApiError('INVALID_CONFIG', 'trainer: the learning-rate range test is for backpropagation settings', { field: 'trainer' });
    }
    if (kind === 'elmTune' && (trainer.trainer !== 'elm' || trainer.solver !== 'ridge')) {
      throw new ApiError('INVALID_CONFIG', 'trainer: choosing hidden units and C needs an ELM with the ridge solver', { field: 'trainer.solver' });
    }
    const job = trainingJob(ctx.tables, dataset.id, recipe, { trainerConfig: trainer, seed: request.seed });
    const result = await ctx.tuning.run(request.jobId, kind, job, (fraction) => ctx.events.emit('tune.progress', { jobId: request.jobId, fraction }));
    if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.details);
    return result.value;
  };

  return {
    'tune.learningRate': async (request) => {
      const outcome = await run(request, 'lrRange');
      if (outcome.kind !== 'lrRange' || !outcome.result) throw new Error('the engine answered a learning-rate range test with something else');
      const { status: _status, ...view } = outcome.result;
      return view satisfies LearningRateView;
    },
    'tune.elm': async (request) => {
      const outcome = await run({ ...request, modelId: null }, 'elmTune');
      if (outcome.kind !== 'elmTune' || !outcome.selection) throw new Error('the engine answered an ELM selection with something else');
      return outcome.selection satisfies ElmTuneView;
    },
    'tune.cancel': ({ jobId }) => ({ cancelled: ctx.tuning.cancel(jobId) }),
  };
}
