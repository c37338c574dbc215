/**
 * TensorFlow.js (tfjs-core only, no tfjs-layers) on the bench's workloads, same data and hyper-parameters
 * as the engine, so the report can put the two side by side. Single-threaded like the engine: Node has no
 * cross-origin-isolated SharedArrayBuffer set-up for the threaded wasm build, so the plain SIMD build runs.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { now } from '../../src/engine/math/clock';
import { Rng } from '../../src/engine/math/random';
import { type Figures, type Measured, measure, type SectionOptions } from '../measure';
import { SEEDS, synthetic, W1S, W2_SIZE } from '../workloads';

export type TfjsBackend = 'wasm' | 'cpu';

const packageDir = (name: string): string => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

let wasmPathsSet = false;
let gradientsRegistered = false;

/**
 * tfjs-core's Node bundle ships no gradients (the tfjs union package registers them). Its ESM files do:
 * each dist/gradients/*_grad.js loads on its own (the whole register_all_gradients.js does not resolve
 * under Node), and registers into the registry all copies of tfjs-core share. Returns the files skipped.
 */
async function registerGradients(): Promise<string[]> {
  const dir = join(packageDir('@tensorflow/tfjs-core'), 'dist', 'gradients');
  const skipped: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_grad.js'))) {
    try {
      const configs = Object.values(await import(pathToFileURL(join(dir, file)).href)) as tf.GradConfig[];
      for (const config of configs) tf.registerGradient(config);
    } catch {
      skipped.push(file); // Prod_grad.js imports the package root, which Node's ESM resolver rejects; unused here
    }
  }
  return skipped;
}

/** Switches TF.js to `backend`; the wasm binaries are read from node_modules (no network). */
export async function useTfjsBackend(backend: TfjsBackend): Promise<string> {
  if (!gradientsRegistered) {
    await registerGradients();
    gradientsRegistered = true;
  }
  if (backend === 'wasm' && !wasmPathsSet) {
    setWasmPaths(`${join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist')}/`);
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed to initialise`);
  await tf.ready();
  const simd = backend === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ' SIMD' : '';
  return `TF.js ${tf.version_core} ${backend}${simd}`;
}

/** Glorot-uniform weights and zero biases for a stack of dense layers. */
function denseStack(sizes: number[], rng: Rng): { w: tf.Variable[]; b: tf.Variable[] } {
  const w: tf.Variable[] = [];
  const b: tf.Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const values = new Float32Array(fanIn * fanOut).map(() => rng.uniform(-limit, limit));
    w.push(tf.variable(tf.tensor2d(values, [fanIn, fanOut])));
    b.push(tf.variable(tf.zeros([fanOut])));
  }
  return { w, b };
}

function forward(x: tf.Tensor2D, net: { w: tf.Variable[]; b: tf.Variable[] }, hidden: (t: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
  let h = x;
  for (let l = 0; l < net.w.length; l++) {
    const z = tf.add(tf.matMul(h, net.w[l] as tf.Tensor2D), net.b[l]) as tf.Tensor2D;
    h = l + 1 < net.w.length ? hidden(z) : z;
  }
  return h;
}

/**
 * Trains for `epochs` over the first `samples` rows with shuffled mini-batches gathered per step (as the
 * engine does); returns samples per second of the whole loop.
 */
async function trainLoop(
  data: { x: Float32Array; y: Float32Array; d: number; k: number }, samples: number, epochs: number, batch: number,
  net: { w: tf.Variable[]; b: tf.Variable[] }, optimizer: tf.Optimizer,
  lossOf: (labels: tf.Tensor2D, out: tf.Tensor2D) => tf.Scalar, hidden: (t: tf.Tensor2D) => tf.Tensor2D,
): Promise<number> {
  const x = tf.tensor2d(data.x.subarray(0, samples * data.d), [samples, data.d]);
  const y = tf.tensor2d(data.y.subarray(0, samples * data.k), [samples, data.k]);
  const order = new Int32Array(samples).map((_, i) => i);
  const rng = new Rng(0);
  const started = now();
  for (let e = 0; e < epochs; e++) {
    rng.shuffle(order);
    for (let start = 0; start < samples; start += batch) {
      tf.tidy(() => {
        const idx = tf.tensor1d(order.subarray(start, Math.min(samples, start + batch)), 'int32');
        const xb = tf.gather(x, idx) as tf.Tensor2D;
        const yb = tf.gather(y, idx) as tf.Tensor2D;
        optimizer.minimize(() => lossOf(yb, forward(xb, net, hidden)));
      });
    }
  }
  await net.w[0].data(); // the backends are synchronous, but make sure every step has landed
  const seconds = (now() - started) / 1000;
  tf.dispose([x, y, ...net.w, ...net.b]);
  optimizer.dispose();
  return (epochs * samples) / seconds;
}

/** W1 (784-256-128-10 ReLU MLP, softmax cross-entropy, Adam 1e-3, batch 64), one epoch of `samples`. */
async function tfW1(samples: number): Promise<Measured> {
  const s = synthetic(samples, 784, 10, SEEDS.w1).train;
  const net = denseStack([784, 256, 128, 10], new Rng(SEEDS.w1));
  const rate = await trainLoop(
    { x: s.x.data as Float32Array, y: s.y.data as Float32Array, d: 784, k: 10 }, samples, 1, 64, net,
    tf.train.adam(1e-3), (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar, tf.relu,
  );
  return { samplesPerSec: rate };
}

/** W1s (8-32-1 tanh MLP, MSE, SGD 0.01, batch 32) over `epochs` epochs of the 5,000 samples. */
export async function tfW1s(epochs: number): Promise<Measured> {
  const s = synthetic(W1S.samples, 8, 0, SEEDS.w1s).train;
  const net = denseStack([8, 32, 1], new Rng(SEEDS.w1s));
  const rate = await trainLoop(
    { x: s.x.data as Float32Array, y: s.y.data as Float32Array, d: 8, k: 1 }, W1S.samples, epochs, 32, net,
    tf.train.sgd(0.01), (labels, out) => tf.losses.meanSquaredError(labels, out) as tf.Scalar, tf.tanh,
  );
  return { samplesPerSec: rate };
}

/**
 * W2 without the solve (TF.js has no Cholesky or linear solve): the hidden layer H = σ(XW + b) of `n`
 * rows and the Gram matrix HᵀH, each timed. Seconds are scaled linearly to the full 20,000 rows when
 * `n` is smaller (both steps are linear in the rows).
 */
async function tfW2(n: number): Promise<Measured> {
  const { d, hidden } = W2_SIZE;
  const rng = new Rng(SEEDS.w2);
  const x = tf.tensor2d(synthetic(n, d, 10, SEEDS.w2).train.x.data as Float32Array, [n, d]);
  const w = tf.tensor2d(new Float32Array(d * hidden).map(() => rng.uniform(-1, 1)), [d, hidden]);
  const b = tf.tensor1d(new Float32Array(hidden).map(() => rng.uniform(0, 1)));
  const scale = W2_SIZE.n / n;
  const t0 = now();
  const h = tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(x, w), b)));
  await h.data();
  const t1 = now();
  // An explicit transpose: the wasm backend's matMul(h, h, transposeA) is 10–15× slower than this here.
  const gram = tf.tidy(() => tf.matMul(tf.transpose(h), h));
  await gram.data();
  const t2 = now();
  tf.dispose([x, w, b, h, gram]);
  const hiddenSec = ((t1 - t0) / 1000) * scale;
  const gramSec = ((t2 - t1) / 1000) * scale;
  return { hiddenSec, gramSec, hiddenGramSec: hiddenSec + gramSec };
}

/** W3: float32 matmul GFLOPS for m×k·k×n, repeated to about `flopBudget` floating-point operations. */
async function tfW3(m: number, k: number, n: number, flopBudget = 2e9): Promise<Measured> {
  const rng = new Rng(SEEDS.w3);
  const a = tf.tensor2d(new Float32Array(m * k).map(() => rng.normal()), [m, k]);
  const b = tf.tensor2d(new Float32Array(k * n).map(() => rng.normal()), [k, n]);
  const flops = 2 * m * k * n;
  const reps = Math.max(1, Math.round(flopBudget / flops));
  const started = now();
  for (let r = 0; r < reps; r++) {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  }
  const sec = (now() - started) / 1000;
  tf.dispose([a, b]);
  return { gflops: (flops * reps) / sec / 1e9 };
}

/**
 * Problem sizes per backend. The cpu backend (plain JS) is an order of magnitude slower, so it measures
 * over fewer samples and rows; samples/s and GFLOPS are rates and W2's seconds are scaled to 20,000 rows,
 * so the figures stay comparable (the report says which were reduced).
 */
export const TFJS_SIZES: Record<TfjsBackend, { w1Samples: number; w1sEpochs: number; w2Rows: number; w3FlopBudget: number }> = {
  wasm: { w1Samples: 5_120, w1sEpochs: 5, w2Rows: 5_000, w3FlopBudget: 2e9 },
  cpu: { w1Samples: 640, w1sEpochs: 1, w2Rows: 500, w3FlopBudget: 2e8 },
};

/** TF.js with `backend` on the wanted workloads; `label` names the library, version and backend. */
export async function benchTfjs(backend: TfjsBackend, o: SectionOptions): Promise<{ label: string; figures: Figures }> {
  const label = await useTfjsBackend(backend);
  o.log(label);
  const size = TFJS_SIZES[backend];
  const slow = backend === 'cpu';
  const m = (name: string, fn: () => Promise<Measured>, runs = o.runs, warmUp = true) =>
    measure(`${label} ${name}`, fn, { runs, warmUp, log: o.log });
  const figures: Figures = {};
  if (o.wanted('W3')) {
    const small = await m('W3 64×784·784×256', () => tfW3(64, 784, 256, size.w3FlopBudget));
    // One 1024³ product takes seconds on the cpu backend; the small case above has warmed it up.
    const big = await m('W3 1024³', () => tfW3(1024, 1024, 1024, size.w3FlopBudget), slow ? 1 : o.runs, !slow);
    figures.W3 = { gflops64x784x256: small.gflops, gflops1024: big.gflops };
  }
  if (o.wanted('W1')) figures.W1 = await m(`W1 (${size.w1Samples} samples)`, () => tfW1(size.w1Samples));
  if (o.wanted('W1s')) figures.W1s = await m(`W1s (${size.w1sEpochs} epoch(s))`, () => tfW1s(size.w1sEpochs));
  if (o.wanted('W2')) {
    await tfW2(100); // warm-up on a few rows
    figures.W2 = await m(`W2 hidden + HᵀH (${size.w2Rows} rows, scaled)`, () => tfW2(size.w2Rows), slow ? 1 : o.runs, false);
  }
  return { label, figures };
}
