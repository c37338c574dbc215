import { InputError } from '../../catalog/input-error';
import type { LossId } from '../../catalog/losses';
import { outputHead } from '../../catalog/output-head';
import type { ForwardContext } from '../../layers/layer';
import { createLoss } from '../../losses/create-loss';
import type { Loss } from '../../losses/loss';
import { now } from '../../math/clock';
import { kernelMatrix } from '../../math/kernels';
import type { DType } from '../../math/matrix';
import type { Network } from '../../model/network';
import type { LayerSpec } from '../../model/spec';
import { createOptimizer } from '../../optimizers/create-optimizer';
import type { Optimizer } from '../../optimizers/optimizer';
import { createSchedule } from '../../schedules/create-schedule';
import type { LrScheduler } from '../../schedules/lr-scheduler';
import { scoreSplit } from '../score';
import type { BackpropConfig, ClippingConfig, EpochRecord, FinalScores, OutcomeStatus, PreparedSplits, TrainHooks } from '../types';
import { clipGradients } from './clip-gradients';
import { CollapseWatch } from './collapse';
import { BestEpoch } from './early-stopping';
import { SplitScorer, TrainPredictions, trainingSplit, type TrainingSplit } from './evaluation';
import { GradientMonitor } from './gradient-monitor';
import { backpropStreams, initialNetwork } from './initial-network';
import { MiniBatches } from './mini-batches';

export interface Divergence {
  /** nonFinite: a loss or gradient became NaN/±∞; collapse: after a loss spike, one class (or value) for every row. */
  kind: 'nonFinite' | 'collapse';
  epoch: number;
  /** The first layer whose gradient went non-finite, or null when the loss itself did. */
  layer: string | null;
  message: string;
}

export interface BackpropOutcome {
  status: OutcomeStatus;
  records: EpochRecord[];
  /** 1-based epoch with the best monitored loss, null if no epoch finished. */
  bestEpoch: number | null;
  stoppedEarly: boolean;
  divergence: Divergence | null;
  network: Network;
  /** Layers [0, end) produce the loss's input; the rest is the fused output activation. */
  fusedEnd: number;
  trainMs: number;
  /** Scores of the kept weights in evaluation mode; null when no weights are usable (diverged at once). */
  final: FinalScores | null;
}

/** Resolved layers (design + output head) for a config and dataset. */
export function backpropLayers(config: BackpropConfig, splits: PreparedSplits): LayerSpec[] {
  const outputs = splits.task === 'classification' ? splits.classes.length : splits.train.y.cols;
  return [...config.model.layers, ...outputHead(splits.task, outputs, config.loss.id)];
}

/** Where the network's output feeds the loss: before a trailing activation the loss fuses. */
function fusedEndOf(layers: readonly LayerSpec[], loss: Loss): number {
  const last = layers[layers.length - 1];
  return loss.fusedActivation && last?.type === 'activation' && last.activation === loss.fusedActivation
    ? layers.length - 1
    : layers.length;
}

/** The loop hands control back this often, so a cancel message is seen well within 100 ms. */
const YIELD_EVERY_MS = 20;

/** Hands control back to the host between batches every YIELD_EVERY_MS, so a cancel message can arrive. */
class CooperativeYield {
  private last = now();

  constructor(private readonly hooks: TrainHooks) {}

  get due(): boolean {
    return now() - this.last >= YIELD_EVERY_MS;
  }

  /** Yields to the host; true when it asked to stop meanwhile. */
  async pause(): Promise<boolean> {
    await this.hooks.yieldNow?.();
    this.last = now();
    return Boolean(this.hooks.shouldStop?.());
  }
}

/** Everything one training run works with, built once from the config. */
export interface Training {
  network: Network;
  loss: Loss;
  lossId: LossId;
  fusedEnd: number;
  optimizer: Optimizer;
  scheduler: LrScheduler;
  train: TrainingSplit;
  val: TrainingSplit | null;
  batches: MiniBatches;
  gradients: GradientMonitor;
  trainPredictions: TrainPredictions;
  scorer: SplitScorer;
  clipping: ClippingConfig;
  trainContext: ForwardContext;
  dtype: DType;
}

/**
 * Initialisation, shuffling and dropout each draw from their own stream of the run's seed (backpropStreams),
 * so a run is deterministic for its seed.
 */
export function setUpTraining(splits: PreparedSplits, config: BackpropConfig, seed: number, dtype: DType): Training {
  const { shuffle: shuffleRng, dropout: dropoutRng } = backpropStreams(seed);

  const loss = createLoss(config.loss);
  const layers = backpropLayers(config, splits);
  const network = initialNetwork(layers, splits.train.x.cols, seed, dtype);
  const fusedEnd = fusedEndOf(layers, loss);
  const threshold = fusedEnd < layers.length ? 0 : 0.5;
  const optimizer = createOptimizer(config.optimizer, network.params.map((p) => p.param));
  const scheduler = createSchedule(config.schedule ?? { id: 'constant', params: {} }, optimizer, { epochs: config.epochs });

  const train = trainingSplit(splits.train, config.loss.id, dtype);
  const val = splits.val.x.rows > 0 ? trainingSplit(splits.val, config.loss.id, dtype) : null;
  if (train.x.rows === 0) throw new InputError('INVALID_CONFIG', 'the training split is empty');
  return {
    network, loss, lossId: config.loss.id, fusedEnd, optimizer, scheduler, train, val, dtype,
    batches: new MiniBatches(train, config.batchSize, shuffleRng, dtype),
    gradients: new GradientMonitor(network),
    trainPredictions: new TrainPredictions(splits.task === 'regression', train.x.rows, train.y.cols, threshold),
    scorer: new SplitScorer(network, loss, fusedEnd, splits, threshold, { training: false, rng: dropoutRng }),
    clipping: config.clipping ?? { mode: 'none', value: 0 },
    trainContext: { training: true, rng: dropoutRng },
  };
}

/** How a pass over the training batches ended. */
type EpochPass = { end: 'done'; lossSum: number } | { end: 'diverged'; divergence: Divergence } | { end: 'cancelled' };

/** One epoch of mini-batch steps: forward, loss, backward, gradient checks, clipping, optimizer step. */
async function trainEpoch(t: Training, epoch: number, pausing: CooperativeYield): Promise<EpochPass> {
  const { network, loss, fusedEnd, gradients } = t;
  const grads = network.params.map((p) => p.param.grad);
  gradients.startEpoch();
  let lossSum = 0;
  for (const b of t.batches.epoch()) {
    const out = network.forward(b.x, t.trainContext, fusedEnd);
    b.grad ??= kernelMatrix(out.rows, out.cols, t.dtype);
    const batchLoss = loss.compute(out, b.y, b.grad);
    if (!Number.isFinite(batchLoss)) {
      return { end: 'diverged', divergence: { kind: 'nonFinite', epoch, layer: null, message: `the training loss became ${batchLoss} in epoch ${epoch}` } };
    }
    lossSum += batchLoss * b.indices.length;
    t.trainPredictions.record(out, b.indices);
    network.backward(b.grad, fusedEnd);
    const badLayer = gradients.measureBatch();
    if (badLayer !== null) {
      const name = network.layerName(badLayer);
      return { end: 'diverged', divergence: { kind: 'nonFinite', epoch, layer: name, message: `the gradient of ${name} became non-finite in epoch ${epoch}` } };
    }
    clipGradients(grads, gradients.paramSquares, t.clipping);
    t.optimizer.step();
    if (pausing.due && (await pausing.pause())) return { end: 'cancelled' };
  }
  return { end: 'done', lossSum };
}

/** Mini-batch backpropagation for `config.epochs` epochs, or until early stopping, divergence or a cancel. */
export async function trainBackprop(
  splits: PreparedSplits, config: BackpropConfig, seed: number, hooks: TrainHooks = {}, dtype: DType = 'float32',
): Promise<BackpropOutcome> {
  const started = now();
  const t = setUpTraining(splits, config, seed, dtype);
  const { network, train, val, scorer } = t;
  const n = train.x.rows;
  const best = new BestEpoch(config.earlyStopping ?? null);
  const pausing = new CooperativeYield(hooks);
  const records: EpochRecord[] = [];
  let status: OutcomeStatus = 'completed';
  let stoppedEarly = false;
  let divergence: Divergence | null = null;
  // Collapse is judged on the validation rows when there are any (what the person scores), else the training rows.
  const watched = val ?? train;
  // The untrained network's loss is the first reference for a spike.
  const collapse = new CollapseWatch(splits.task, splits.classes, watched.scoreY, scorer.evaluate(watched).metrics.loss);

  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const epochStart = now();
    const lr = t.optimizer.lr;
    const pass = await trainEpoch(t, epoch, pausing);
    if (pass.end === 'diverged') divergence = pass.divergence;
    if (pass.end === 'cancelled') status = 'cancelled';
    if (pass.end !== 'done') break;

    const trainMetrics = scoreSplit(splits, pass.lossSum / n, train.scoreY, t.trainPredictions.current);
    const valScored = val ? scorer.evaluate(val) : undefined;
    const valMetrics = valScored?.metrics;
    const monitored = valMetrics ? valMetrics.loss : trainMetrics.loss;
    if (!Number.isFinite(monitored)) {
      divergence = { kind: 'nonFinite', epoch, layer: null, message: `the validation loss became ${monitored} in epoch ${epoch}` };
      break;
    }
    // The spike is seen in the epoch's mean training loss (a blow-up between two validation passes shows there).
    const collapsed = collapse.observe(epoch, trainMetrics.loss, valScored?.predictions ?? t.trainPredictions.current);
    const epochMs = now() - epochStart;
    const record: EpochRecord = {
      epoch, train: trainMetrics, val: valMetrics, lr, epochMs, elapsedMs: now() - started,
      samplesPerSec: epochMs > 0 ? (n * 1000) / epochMs : 0, layers: t.gradients.epochStats(),
    };
    records.push(record);
    hooks.onEpoch?.({ epoch, totalEpochs: config.epochs, record });
    if (collapsed) {
      divergence = { kind: 'collapse', epoch: collapsed.epoch, layer: null, message: collapsed.message };
      break;
    }

    if (best.observe(epoch, monitored, network)) {
      stoppedEarly = true;
      break;
    }
    t.scheduler.step(monitored);
    if (hooks.shouldStop?.()) {
      status = 'cancelled';
      break;
    }
  }

  if (divergence) status = 'diverged';
  best.restoreInto(network, status === 'diverged');
  const trainMs = now() - started;
  const outcome = { status, records, bestEpoch: best.epoch, stoppedEarly, divergence, network, fusedEnd: t.fusedEnd, trainMs };
  if (status === 'diverged' && !best.hasWeights) return { ...outcome, final: null };
  return { ...outcome, final: finalScores(splits, t) };
}

/** Scores of the weights kept, on every split, in evaluation mode; the test split's predictions too. */
function finalScores(splits: PreparedSplits, t: Training): FinalScores {
  const test = splits.test.x.rows > 0 ? t.scorer.evaluate(trainingSplit(splits.test, t.lossId, t.dtype)) : null;
  return {
    train: t.scorer.evaluate(t.train).metrics,
    val: t.val ? t.scorer.evaluate(t.val).metrics : undefined,
    test: test?.metrics,
    testPredictions: test?.predictions,
  };
}
