/** Seeding through the real API (what a journey needs but does not test) and reading the app's charts. */
import { expect, type Locator } from '@playwright/test';
import type { Workbench } from './fixtures';

interface Dataset { id: number; name: string; encodedWidth: number; classes: string[]; target: string | null; task: string | null }
interface Model { id: number; name: string }
interface Run { id: number; status: string; progress: { epoch: number; total: number } }
type Layer = Record<string, unknown> & { type: string };

let imports = 0;

export function importSample(wb: Workbench, sampleId: string): Promise<Dataset> {
  imports += 1;
  return wb.call<Dataset>('datasets.import', { source: { sampleId }, importId: `e2e-${process.pid}-${imports}` });
}

export const dense = (units: number): Layer => ({ type: 'dense', units, bias: true, initializer: 'heUniform' });
export const relu: Layer = { type: 'activation', activation: 'relu' };

export function createModel(wb: Workbench, name: string, layers: Layer[]): Promise<Model> {
  return wb.call<Model>('models.create', { name, spec: { layers } });
}

/** A backprop configuration as the Train form builds it: Adam, cross-entropy, constant rate. */
export function backprop(layers: Layer[], epochs: number, batchSize = 16): Record<string, unknown> {
  return {
    trainer: 'backprop',
    model: { layers },
    optimizer: { id: 'adam', params: { lr: 0.001 } },
    loss: { id: 'crossEntropy', params: {} },
    batchSize,
    epochs,
    schedule: { id: 'constant', params: {} },
    earlyStopping: null,
    clipping: { mode: 'none', value: 1 },
  };
}

export const ELM = { trainer: 'elm', hiddenUnits: 100, activation: 'sigmoid', solver: 'ridge', c: 1000, init: 'uniform' };

export async function startRun(wb: Workbench, datasetId: number, modelId: number | null, trainer: Record<string, unknown>): Promise<Run> {
  const [run] = await wb.call<Run[]>('runs.start', { datasetId, modelId, trainer, seeds: [1] });
  return run;
}

export async function waitForRun(wb: Workbench, id: number, timeout = 120_000): Promise<Run> {
  let run: Run | undefined;
  await expect.poll(async () => {
    run = await wb.call<Run>('runs.get', { id });
    return run.status;
  }, { timeout, intervals: [250, 500, 1000] }).not.toMatch(/^(queued|running)$/);
  return run!;
}

/** Series and points a line chart shows (its data-series / data-points attributes; the canvas itself is opaque). */
export async function chartContent(chart: Locator): Promise<{ series: number; points: number }> {
  const [series, points] = await Promise.all([chart.getAttribute('data-series'), chart.getAttribute('data-points')]);
  return { series: Number(series ?? 0), points: Number(points ?? 0) };
}

export const chartPoints = async (chart: Locator): Promise<number> => (await chartContent(chart)).points;

/** Counts of stored metric points per key of one run. */
export async function storedPoints(wb: Workbench, id: number): Promise<Record<string, number>> {
  const all = await wb.call<Record<number, Record<string, { epoch: number[] }>>>('runs.metrics', { ids: [id] });
  return Object.fromEntries(Object.entries(all[id] ?? {}).map(([k, s]) => [k, s.epoch.length]));
}
