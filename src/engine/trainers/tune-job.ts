import { InputError } from '../catalog/input-error';
import { prepareSplits } from '../data/prepare';
import { lrRangeTest, type LrRangeResult } from './backprop/lr-range-test';
import { selectElmSettings, type ElmSelection } from './elm/auto-select';
import type { TrainingJob } from './train';
import type { TrainHooks } from './types';

/**
 * The short jobs that help choose settings before a run, on a run's data and settings (a TrainingJob): the
 * learning-rate range test of a backprop config, and the ELM's "Auto" curve of a ridge ELM without the fit.
 * Kinds as in shared/study.ts.
 */
export interface TuneJob {
  kind: 'lrRange' | 'elmTune';
  job: TrainingJob;
}

/** Null result: stopped before the end (the range test's partial points are not a usable answer). */
export type TuneOutcome =
  | { kind: 'lrRange'; result: LrRangeResult | null }
  | { kind: 'elmTune'; selection: ElmSelection | null };

export async function runTuneJob({ kind, job }: TuneJob, given: TrainHooks = {}): Promise<TuneOutcome> {
  const { trainer } = job;
  // A tune job is one step: its progress is the whole job's, what the engine host reports (onWork).
  const hooks: TrainHooks = { ...given, onPhase: (phase, fraction) => given.onWork?.(fraction, phase) };
  if (kind === 'lrRange') {
    if (trainer.trainer !== 'backprop') throw new InputError('INVALID_CONFIG', 'the learning-rate range test is for backpropagation, not an ELM');
    const result = await lrRangeTest(prepareSplits(job.table, job.data).splits, trainer, job.seed, hooks);
    return { kind, result: result.status === 'completed' ? result : null };
  }
  if (trainer.trainer !== 'elm') throw new InputError('INVALID_CONFIG', 'choosing hidden units and C is for an ELM, not backpropagation');
  if (trainer.solver !== 'ridge') throw new InputError('INVALID_CONFIG', 'choosing C needs the ridge solver', { field: 'solver' });
  const selected = await selectElmSettings(prepareSplits(job.table, job.data).splits, { ...trainer, auto: true }, job.seed, hooks);
  return { kind, selection: selected?.selection ?? null };
}
