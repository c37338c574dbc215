import { kernels } from '../src/engine/math/kernels';
import { type Matrix, zeros } from '../src/engine/math/matrix';
import { Rng } from '../src/engine/math/random';
import { now } from '../src/engine/math/clock';
import type { Measured } from './measure';
import { trainBackprop } from '../src/engine/trainers/backprop/train-backprop';
import { trainElm } from '../src/engine/trainers/elm/train-elm';
import { resolveTrainerConfig } from '../src/engine/catalog/trainer-config';
import type { ElmConfig, PreparedSplits } from '../src/engine/trainers/types';

/** Synthetic float32 data: standard-normal features, random one-hot classes or a smooth regression target. */
export function synthetic(n: number, d: number, classes: number, seed: number): PreparedSplits {
  const rng = new Rng(seed);
  const x = zeros(n, d, 'float32');
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();
  const k = classes > 0 ? classes : 1;
  const y = zeros(n, k, 'float32');
  for (let i = 0; i < n; i++) {
    if (classes > 0) y.data[i * k + rng.int(classes)] = 1;
    else y.data[i] = Math.tanh(x.data[i * d] + 0.5 * x.data[i * d + 1]);
  }
  const empty = (cols: number): Matrix => zeros(0, cols, 'float32');
  return {
    task: classes > 0 ? 'classification' : 'regression',
    classes: classes > 0 ? Array.from({ length: classes }, (_, i) => `c${i}`) : [],
    train: { x, y },
    val: { x: empty(d), y: empty(k) },
    test: { x: empty(d), y: empty(k) },
  };
}

/** The standard sizes; peers and the reference-kernel runs may use fewer samples (rates stay comparable). */
const W1_SAMPLES = 20_000;
export const W1S = { samples: 5_000, epochs: 50 };
export const W2_SIZE = { n: 20_000, d: 784, hidden: 1000, outputs: 10 };

/** Seeds shared with the peers so that every implementation sees the same data. */
export const SEEDS = { w1: 1, w1s: 2, w2: 3, w3: 4 };

/** W1: 784-256-128-10 MLP, cross-entropy, Adam 1e-3, batch 64, one epoch of 20,000 samples. */
export async function w1(samples = W1_SAMPLES): Promise<Measured> {
  const splits = synthetic(samples, 784, 10, SEEDS.w1);
  const config = resolveTrainerConfig({
    trainer: 'backprop',
    model: { layers: [
      { type: 'dense', units: 256 }, { type: 'activation', activation: 'relu' },
      { type: 'dense', units: 128 }, { type: 'activation', activation: 'relu' },
    ] },
    optimizer: { id: 'adam', params: { lr: 1e-3 } },
    loss: { id: 'crossEntropy' },
    batchSize: 64,
    epochs: 1,
  }, 'classification', null);
  const r = await trainBackprop(splits, config, 0);
  return { samplesPerSec: r.records[0].samplesPerSec };
}

/** W1s: 8-32-1 tanh MLP, MSE, SGD, batch 32, 50 epochs of 5,000 samples. */
export async function w1s(): Promise<Measured> {
  const splits = synthetic(W1S.samples, 8, 0, SEEDS.w1s);
  const config = resolveTrainerConfig({
    trainer: 'backprop',
    model: { layers: [{ type: 'dense', units: 32 }, { type: 'activation', activation: 'tanh' }] },
    optimizer: { id: 'sgd', params: { lr: 0.01 } },
    loss: { id: 'mse' },
    batchSize: 32,
    epochs: W1S.epochs,
  }, 'regression', null);
  const started = now();
  await trainBackprop(splits, config, 0);
  return { samplesPerSec: (W1S.epochs * W1S.samples * 1000) / (now() - started) };
}

/** W2: ELM with N = 20,000, d = 784, L = 1,000 sigmoid units, 10 outputs; seconds. */
export async function w2(solver: 'ridge' | 'pinv'): Promise<Measured> {
  const { n, d, hidden, outputs } = W2_SIZE;
  const splits = synthetic(n, d, outputs, SEEDS.w2);
  const config: ElmConfig = { trainer: 'elm', hiddenUnits: hidden, activation: 'sigmoid', solver, c: 1000, init: 'uniform' };
  const r = await trainElm(splits, config, 0);
  const { hiddenMs, solveMs, totalMs } = r.timings;
  // fit = hidden layer + solve, the reference's measure; total also scores the training split.
  return { fitSec: (hiddenMs + solveMs) / 1000, hiddenSec: hiddenMs / 1000, solveSec: solveMs / 1000, totalSec: totalMs / 1000 };
}

/** W3: float32 matmul GFLOPS for m×k·k×n, repeated to about `flopBudget` floating-point operations. */
export function w3(m: number, k: number, n: number, flopBudget = 2e9): Measured {
  const rng = new Rng(SEEDS.w3);
  const a = new Float32Array(m * k).map(() => rng.normal());
  const b = new Float32Array(k * n).map(() => rng.normal());
  const c = new Float32Array(m * n);
  const flops = 2 * m * k * n;
  // Repeat small products so one measurement lasts long enough to time.
  const reps = Math.max(1, Math.round(flopBudget / flops));
  const started = now();
  for (let r = 0; r < reps; r++) kernels().gemm(a, b, c, m, k, n);
  const sec = (now() - started) / 1000;
  return { gflops: (flops * reps) / sec / 1e9 };
}
