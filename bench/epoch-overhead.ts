/**
 * `npx tsx bench/epoch-overhead.ts [--epochs 1000]`: what one epoch costs on small data, and how much of it is
 * spent outside the kernels. Iris (105 training rows), 64-64 ReLU, Adam, batch 32, trained as the engine host
 * trains it (the kernels this process configured, its progress message serialised as the IPC channel does, its
 * yields). Every kernel call is timed through a wrapper of the kernel table; the rest of the epoch (metrics,
 * validation, gradient norms, the progress message, yields, allocation) is "outside".
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serialize } from 'node:v8';
import { loadTrainingTable } from '../src/cli/load-table';
import { resolveTrainerConfig } from '../src/engine/catalog/trainer-config';
import { prepareSplits } from '../src/engine/data/prepare';
import { kernels, setKernels, type Kernels } from '../src/engine/math/kernels';
import { trainBackprop } from '../src/engine/trainers/backprop/train-backprop';
import type { BackpropConfig } from '../src/engine/trainers/types';
import { configureKernels } from '../src/main/engine-host/configure-kernels';
import { isMain } from './is-main';
import { median } from './measure';

export interface EpochOverheadFigures {
  kernels: string;
  epochs: number;
  /** Wall time per epoch, progress message included (median of the rounds). */
  epochMs: number;
  kernelMs: number;
  /** Serialising the progress message, per epoch. */
  progressMs: number;
  outsideShare: number;
}

/** The kernel table with each call's time added to `spent.ms`. */
function timedKernels(inner: Kernels, spent: { ms: number }): Kernels {
  const timed = {} as Record<string, unknown>;
  for (const [name, fn] of Object.entries(inner) as [string, (...a: unknown[]) => unknown][]) {
    timed[name] = (...args: unknown[]) => {
      const t = performance.now();
      const r = fn.apply(inner, args);
      spent.ms += performance.now() - t;
      return r;
    };
  }
  return timed as unknown as Kernels;
}

export async function epochOverheadBench({ epochs = 1000, rounds = 3 } = {}): Promise<EpochOverheadFigures> {
  const name = kernels().name;
  const { table, target, task } = await loadTrainingTable('resources/samples/iris.csv');
  const { splits } = prepareSplits(table, {
    target, task, scaling: 'standard', oneHot: true, targetScaling: 'standard', split: { kind: 'ratio', train: 0.7, val: 0.15, test: 0.15 }, seed: 0,
  });
  const config = resolveTrainerConfig({
    trainer: 'backprop',
    model: { layers: [{ type: 'dense', units: 64 }, { type: 'activation', activation: 'relu' }, { type: 'dense', units: 64 }, { type: 'activation', activation: 'relu' }] },
    optimizer: { id: 'adam', params: { lr: 0.01 } }, loss: { id: 'crossEntropy' }, batchSize: 32, epochs,
  }, 'classification', null) as BackpropConfig;
  const inner = kernels();
  const spent = { ms: 0 };
  setKernels(timedKernels(inner, spent));
  const per: { epoch: number; kernel: number; progress: number }[] = [];
  try {
    for (let round = 0; round <= rounds; round++) {
      spent.ms = 0;
      let progress = 0;
      const t0 = performance.now();
      const out = await trainBackprop(splits, config, round, {
        onEpoch: (e) => {
          const t = performance.now();
          serialize({ type: 'progress', epoch: e.epoch, totalEpochs: e.totalEpochs, record: e.record });
          progress += performance.now() - t;
        },
        yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
        shouldStop: () => false,
      });
      const n = out.records.length;
      // Round 0 warms up the JIT.
      if (round > 0) per.push({ epoch: (performance.now() - t0) / n, kernel: spent.ms / n, progress: progress / n });
    }
  } finally {
    setKernels(inner);
  }
  const epochMs = median(per.map((p) => p.epoch));
  const kernelMs = median(per.map((p) => p.kernel));
  return { kernels: name, epochs, epochMs, kernelMs, progressMs: median(per.map((p) => p.progress)), outsideShare: 1 - kernelMs / epochMs };
}

export function describeEpochOverhead(f: EpochOverheadFigures): string {
  return `iris 64-64 ReLU, Adam, batch 32 (${f.kernels}): ${f.epochMs.toFixed(3)} ms per epoch, kernels ${f.kernelMs.toFixed(3)} ms, ` +
    `outside the kernels ${(100 * f.outsideShare).toFixed(0)} % (progress message ${f.progressMs.toFixed(3)} ms)`;
}

if (isMain(import.meta.url)) {
  configureKernels();
  const { values } = parseArgs({ options: { epochs: { type: 'string', default: '1000' } } });
  console.log(describeEpochOverhead(await epochOverheadBench({ epochs: Number(values.epochs) })));
}
