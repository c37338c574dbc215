import { InputError } from '../../catalog/input-error';
import type { LossId } from '../../catalog/losses';
import { outputHead } from '../../catalog/output-head';
import type { ForwardContext } from '../../layers/layer';
import { createLoss } from '../../losses/create-loss';
import type { Loss } from '../../losses/loss';
import { now } from '../../math/clock';
import { kernels } from '../../math/kernels';
import { type DType, type Matrix, castMatrix, gatherRows, zeros } from '../../math/matrix';
import { Rng } from '../../math/random';
import { Network } from '../../model/network';
import type { LayerSpec } from '../../model/spec';
import { createOptimizer } from '../../optimizers/create-optimizer';
import { createSchedule } from '../../schedules/create-schedule';
import { predictedClasses, scoreSplit, type ScoreContext } from '../score';
import type { BackpropConfig, EpochRecord, FinalScores, LayerStats, OutcomeStatus, PreparedSplits, SplitMetrics, TrainHooks } from '../types';
import { clipGradients } from './clip-gradients';

export interface Divergence {
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
function backpropLayers(config: BackpropConfig, splits: PreparedSplits): LayerSpec[] {
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

/** Binary cross-entropy trains one sigmoid unit on the "class 1" column of the one-hot targets. */
function targetsForLoss(y: Matrix, lossId: LossId): Matrix {
  if (lossId !== 'binaryCrossEntropy') return y;
  const out = zeros(y.rows, 1, 'float64');
  for (let i = 0; i < y.rows; i++) out.data[i] = y.data[i * y.cols + 1];
  return out;
}

interface Split {
  x: Matrix;
  y: Matrix;
  /** Original targets for scoring (one-hot even under binary cross-entropy). */
  scoreY: Matrix;
}

const EVAL_CHUNK = 2048;
/** The loop hands control back this often, so a cancel message is seen well within 100 ms. */
const YIELD_EVERY_MS = 20;

/**
 * Mini-batch backpropagation. Deterministic for a given seed: initialisation, shuffling and dropout
 * each draw from their own fork of one seeded generator.
 */
export async function trainBackprop(
  splits: PreparedSplits, config: BackpropConfig, seed: number, hooks: TrainHooks = {}, dtype: DType = 'float32',
): Promise<BackpropOutcome> {
  const started = now();
  const root = new Rng(seed);
  const initRng = root.fork();
  const shuffleRng = root.fork();
  const dropoutRng = root.fork();

  const loss = createLoss(config.loss);
  const layers = backpropLayers(config, splits);
  const network = new Network(layers, splits.train.x.cols, dtype, initRng);
  const fusedEnd = fusedEndOf(layers, loss);
  // A single output unit is a logit when its sigmoid is fused into the loss, else a probability.
  const threshold = fusedEnd < layers.length ? 0 : 0.5;

  const optimizer = createOptimizer(config.optimizer, network.params.map((p) => p.param));
  const scheduler = createSchedule(config.schedule ?? { id: 'constant', params: {} }, optimizer, { epochs: config.epochs });

  const asSplit = (s: { x: Matrix; y: Matrix }): Split => ({
    x: castMatrix(s.x, dtype), y: castMatrix(targetsForLoss(s.y, config.loss.id), dtype), scoreY: s.y,
  });
  const train = asSplit(splits.train);
  const val = splits.val.x.rows > 0 ? asSplit(splits.val) : null;
  const n = train.x.rows;
  if (n === 0) throw new InputError('INVALID_CONFIG', 'the training split is empty');
  const batchSize = Math.max(1, Math.min(config.batchSize, n));

  // Batch buffers are allocated once per distinct batch size (the last batch may be smaller).
  const buffers = new Map<number, { x: Matrix; y: Matrix; grad: Matrix | null }>();
  const batchBuffers = (rows: number) => {
    let b = buffers.get(rows);
    if (!b) {
      b = { x: zeros(rows, train.x.cols, dtype), y: zeros(rows, train.y.cols, dtype), grad: null };
      buffers.set(rows, b);
    }
    return b;
  };

  const layerCount = network.layers.length;
  const paramLayers = [...new Set(network.params.map((p) => p.layer))];
  const layerSq = new Float64Array(layerCount);
  const layerNormSum = new Float64Array(layerCount);
  const paramSq = new Float64Array(network.params.length);
  const grads = network.params.map((p) => p.param.grad);
  const order = new Int32Array(n).map((_, i) => i);
  const trainPredClasses = new Int32Array(n);
  const trainPredValues = splits.task === 'regression' ? zeros(n, train.y.cols, 'float64') : null;
  const scoreCtx: ScoreContext = splits;
  const trainCtx: ForwardContext = { training: true, rng: dropoutRng };
  const evalCtx: ForwardContext = { training: false, rng: dropoutRng };
  const es = config.earlyStopping ?? null;
  const clipping = config.clipping ?? { mode: 'none', value: 0 };

  const records: EpochRecord[] = [];
  let best = Infinity;
  let bestEpoch: number | null = null;
  let bestWeights: Map<string, ArrayLike<number>> | null = null;
  let wait = 0;
  let status: OutcomeStatus = 'completed';
  let stoppedEarly = false;
  let divergence: Divergence | null = null;
  let lastYield = now();

  const evaluate = (split: Split): { metrics: SplitMetrics; predictions: Int32Array | Matrix } => {
    let lossSum = 0;
    const classes = new Int32Array(split.x.rows);
    const values = trainPredValues ? zeros(split.x.rows, split.y.cols, 'float64') : null;
    for (let start = 0; start < split.x.rows; start += EVAL_CHUNK) {
      const end = Math.min(split.x.rows, start + EVAL_CHUNK);
      const xs = { rows: end - start, cols: split.x.cols, data: split.x.data.subarray(start * split.x.cols, end * split.x.cols) };
      const ys = { rows: end - start, cols: split.y.cols, data: split.y.data.subarray(start * split.y.cols, end * split.y.cols) };
      const out = network.forward(xs, evalCtx, fusedEnd);
      lossSum += loss.compute(out, ys, null) * (end - start);
      if (values) values.data.set(out.data, start * out.cols);
      else classes.set(predictedClasses(out, threshold), start);
    }
    const predictions = values ?? classes;
    return { metrics: scoreSplit(scoreCtx, lossSum / split.x.rows, split.scoreY, predictions), predictions };
  };

  epochs: for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const epochStart = now();
    const lr = optimizer.lr;
    shuffleRng.shuffle(order);
    layerNormSum.fill(0);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < n; start += batchSize) {
      const rows = Math.min(batchSize, n - start);
      const idx = order.subarray(start, start + rows);
      const b = batchBuffers(rows);
      gatherRows(train.x, idx, b.x);
      gatherRows(train.y, idx, b.y);
      const out = network.forward(b.x, trainCtx, fusedEnd);
      if (!b.grad) b.grad = zeros(out.rows, out.cols, dtype);
      const batchLoss = loss.compute(out, b.y, b.grad);
      if (!Number.isFinite(batchLoss)) {
        divergence = { epoch, layer: null, message: `the training loss became ${batchLoss} in epoch ${epoch}` };
        break epochs;
      }
      lossSum += batchLoss * rows;
      if (trainPredValues) {
        // Element copies: a subarray view per row would allocate, which costs more than the copy for small outputs.
        const cols = out.cols;
        const pv = trainPredValues.data;
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) pv[idx[i] * cols + j] = out.data[i * cols + j];
      } else {
        const cls = predictedClasses(out, threshold);
        for (let i = 0; i < rows; i++) trainPredClasses[idx[i]] = cls[i];
      }
      network.backward(b.grad, fusedEnd);

      layerSq.fill(0);
      for (let p = 0; p < network.params.length; p++) {
        const { layer, param } = network.params[p];
        const sq = kernels().sumSquares(param.grad);
        if (!Number.isFinite(sq)) {
          const name = network.layerName(layer);
          divergence = { epoch, layer: name, message: `the gradient of ${name} became non-finite in epoch ${epoch}` };
          break epochs;
        }
        paramSq[p] = sq;
        layerSq[layer] += sq;
      }
      for (const l of paramLayers) layerNormSum[l] += Math.sqrt(layerSq[l]);
      clipGradients(grads, paramSq, clipping);
      optimizer.step();
      batches++;

      if (now() - lastYield >= YIELD_EVERY_MS) {
        await hooks.yieldNow?.();
        lastYield = now();
        if (hooks.shouldStop?.()) {
          status = 'cancelled';
          break epochs;
        }
      }
    }

    const trainMetrics = scoreSplit(scoreCtx, lossSum / n, train.scoreY, trainPredValues ?? trainPredClasses);
    const valMetrics = val ? evaluate(val).metrics : undefined;
    const monitored = valMetrics ? valMetrics.loss : trainMetrics.loss;
    if (!Number.isFinite(monitored)) {
      divergence = { epoch, layer: null, message: `the validation loss became ${monitored} in epoch ${epoch}` };
      break;
    }
    const epochMs = now() - epochStart;
    const layerStats: LayerStats[] = paramLayers.map((l) => ({
      layer: l,
      name: network.layerName(l),
      gradNorm: layerNormSum[l] / Math.max(1, batches),
      weightNorm: Math.sqrt(network.layers[l].params.reduce((s, p) => s + kernels().sumSquares(p.value), 0)),
    }));
    const record: EpochRecord = {
      epoch, train: trainMetrics, val: valMetrics, lr, epochMs, elapsedMs: now() - started,
      samplesPerSec: epochMs > 0 ? (n * 1000) / epochMs : 0, layers: layerStats,
    };
    records.push(record);
    hooks.onEpoch?.({ epoch, totalEpochs: config.epochs, record });

    if (monitored < best - (es?.minDelta ?? 0)) {
      best = monitored;
      bestEpoch = epoch;
      wait = 0;
      if (es?.restoreBest !== false) bestWeights = network.snapshot();
    } else if (es && ++wait >= es.patience) {
      stoppedEarly = true;
      break;
    }
    scheduler.step(monitored);
    if (hooks.shouldStop?.()) {
      status = 'cancelled';
      break;
    }
  }

  if (divergence) status = 'diverged';
  // Diverged weights are useless, so the last good snapshot is what we keep; early stopping restores
  // the best epoch unless told not to.
  if (bestWeights && (status === 'diverged' || (es && es.restoreBest !== false))) network.restore(bestWeights);
  const trainMs = now() - started;
  if (status === 'diverged' && !bestWeights) {
    return { status, records, bestEpoch, stoppedEarly, divergence, network, fusedEnd, trainMs, final: null };
  }
  const test = splits.test.x.rows > 0 ? evaluate(asSplit(splits.test)) : null;
  const final: FinalScores = {
    train: evaluate(train).metrics,
    val: val ? evaluate(val).metrics : undefined,
    test: test?.metrics,
    testPredictions: test?.predictions,
  };
  return { status, records, bestEpoch, stoppedEarly, divergence, network, fusedEnd, trainMs, final };
}
