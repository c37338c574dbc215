import { timeToParity } from '../src/shared/time-to-parity';
import { expect, test, type Workbench } from './support/fixtures';
import { backprop, chartContent, chartPoints, createModel, dense, importSample, relu, startRun, storedPoints, waitForRun } from './support/steps';

/** The parts of `runs.get` time to parity needs. */
interface ParityView {
  id: number;
  trainMs: number;
  summary: { val: { accuracy: number } };
}

/** The parts of `runs.get` the clone journey compares. */
interface RunDetails {
  modelId: number | null;
  modelSpec: unknown;
  trainerConfig: { epochs: number; optimizer: { id: string; params: { lr: number } } };
  summary: { epochs: number };
}

/** Iris and a small MLP saved through the API; the journeys start on the Train page. */
async function prepare(wb: Workbench): Promise<{ datasetId: number; modelId: number }> {
  const iris = await importSample(wb, 'iris');
  const model = await createModel(wb, 'MLP 32', [dense(32), relu]);
  await wb.page.getByTestId('nav-train').click();
  await expect(wb.page.getByTestId('train-dataset')).toHaveValue(String(iris.id));
  await expect(wb.page.getByTestId('train-model')).toHaveValue(String(model.id));
  return { datasetId: iris.id, modelId: model.id };
}

/** Backprop settings on the Train page (batch size 1 keeps a run long enough to watch). */
async function setBackprop(wb: Workbench, o: { optimizer: string; lr?: string; epochs: number; batchSize: number }): Promise<void> {
  const { page } = wb;
  await page.getByTestId('trainer-backprop').click();
  await page.getByTestId('train-optimizer').selectOption(o.optimizer);
  await page.getByTestId('train-loss').selectOption('crossEntropy');
  if (o.lr) await page.getByTestId('field-opt-lr').fill(o.lr);
  await page.getByTestId('field-train-epochs').fill(String(o.epochs));
  await page.getByTestId('field-train-batchSize').fill(String(o.batchSize));
}

async function startOne(wb: Workbench): Promise<number> {
  await wb.page.getByTestId('train-button').click();
  await expect(wb.page).toHaveURL(/#\/runs\/\d+$/);
  return Number(/#\/runs\/(\d+)$/.exec(wb.page.url())![1]);
}

test('journeys 4 and 5: a backprop run and an ELM run train live, complete, and compare', async ({ wb }) => {
  const { page } = wb;
  await prepare(wb);

  await setBackprop(wb, { optimizer: 'adam', epochs: 400, batchSize: 1 });
  const backpropId = await startOne(wb);
  const status = page.getByTestId('run-status');
  const loss = page.getByTestId('loss-chart');
  // The chart grows while the run is still running: one reading mid-run, a larger one after it.
  let midRun = 0;
  await expect.poll(async () => {
    const running = (await status.innerText()) === 'running';
    midRun = running ? await chartPoints(loss) : 0;
    return midRun;
  }, { timeout: 60_000, intervals: [100] }).toBeGreaterThan(0);
  await wb.shot('run-live');
  // All charts of the run draw the same epochs: read in one go (one frame), they end at the same epoch.
  const lastEpochs = () => page.evaluate(() => ['loss-chart', 'metric-chart', 'grad-chart']
    .map((id) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.dataset.lastX ?? null));
  const readings: (string | null)[][] = [];
  for (let i = 0; i < 20 && (await status.innerText()) === 'running'; i++) {
    readings.push(await lastEpochs());
    await page.waitForTimeout(150);
  }
  const drawn = readings.filter((r) => r.every((x) => x !== null));
  expect(drawn.length).toBeGreaterThan(0);
  for (const r of drawn) expect(new Set(r).size, `last epochs drawn by the loss, metric and gradient charts: ${r.join(', ')}`).toBe(1);
  await expect.poll(() => chartPoints(loss)).toBeGreaterThan(midRun);
  await expect(status).toHaveText('completed', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toBeVisible();
  const stored = await storedPoints(wb, backpropId);
  expect(stored['train.loss']).toBe(400);
  await expect.poll(async () => (await chartContent(loss))).toEqual({ series: 2, points: stored['train.loss'] + stored['val.loss'] });

  await page.getByTestId('nav-train').click();
  await page.getByTestId('trainer-elm').click();
  const elmId = await startOne(wb);
  await expect(status).toHaveText('completed', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toBeVisible();
  // Every second counted: the run page shows where the wall time went, start-up apart from training.
  const phases = page.getByTestId('run-phases');
  await expect(phases).toContainText('engine start-up');
  await expect(phases).toContainText('training');
  await wb.shot('run-elm');

  await page.getByTestId('nav-runs').click();
  for (const id of [backpropId, elmId]) {
    const row = page.locator(`[data-testid="run-row"][data-run-id="${id}"]`);
    await expect(row.getByTestId('run-status')).toHaveText('completed');
    await row.getByTestId('run-select').check();
  }
  await page.getByTestId('compare-selected').click();
  await expect(page).toHaveURL(new RegExp(`#/compare\\?ids=${backpropId}(,|%2C)${elmId}$`));

  // On the time axis the ELM run appears as a marker beside the backprop curve.
  await page.getByTestId('x-time').click();
  const chart = page.getByTestId('compare-chart');
  await expect.poll(async () => (await chartContent(chart)).series).toBe(2);
  const rows = page.getByTestId('compare-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  // The default metric is one both trainers report (validation accuracy), never a trainer's own loss.
  await expect(page.getByTestId('compare-metric')).toHaveValue('val.accuracy');
  await expect(page.getByTestId('compare-objectives')).toContainText('squared error');
  // Columns: 4 = train time, 11 = time to target, 12 = speed-up against the baseline (the backprop run, listed first)
  // with both final scores. The default target is the worse final validation accuracy, so both runs have a time.
  for (let i = 0; i < 2; i++) {
    await expect(rows.nth(i).locator('td').nth(4)).toHaveText(/^\d+(\.\d+)? (ms|s|min)/);
    await expect(rows.nth(i).locator('td').nth(11)).toHaveText(/^\d+(\.\d+)? (ms|s|min)/);
  }
  await expect(rows.nth(0).locator('td').nth(12)).toHaveText(/^1× \(\d+\.\d % vs \d+\.\d %\)$/);
  await expect(rows.nth(1).locator('td').nth(12)).toHaveText(/^\d+(\.\d+)?(e[+-]?\d+)?× \(\d+\.\d % vs \d+\.\d %\)$/);
  // The speed-up is the app's time to parity on the stored series: recomputed here from what runs.get/metrics return.
  const [bp, elm] = await Promise.all([backpropId, elmId].map((id) => wb.call<ParityView>('runs.get', { id })));
  const series = (await wb.call<Record<number, Record<string, { value: number[]; elapsedMs: number[] }>>>('runs.metrics', { ids: [backpropId] }))[backpropId]['val.accuracy'];
  const expected = timeToParity([
    { id: bp.id, name: '', timeMs: series.elapsedMs, score: series.value, finalScore: bp.summary.val.accuracy },
    { id: elm.id, name: '', timeMs: [elm.trainMs], score: [elm.summary.val.accuracy], finalScore: elm.summary.val.accuracy },
  ], { higherIsBetter: true, fraction: true, baselineId: bp.id });
  const ratio = Number((await rows.nth(1).locator('td').nth(12).innerText()).split('×')[0]);
  expect(ratio).toBeCloseTo(expected.rows[1].speedup!, 0);
  // One sentence naming both runs.
  const sentence = page.getByTestId('compare-sentence');
  await expect(sentence).toContainText(`#${backpropId} `);
  await expect(sentence).toContainText(`#${elmId} `);
  await expect(sentence).toContainText('reached');
  await wb.shot('compare');
});

test('journey 7: a cancelled run is marked cancelled and keeps its curve so far', async ({ wb }) => {
  const { page } = wb;
  await prepare(wb);
  await setBackprop(wb, { optimizer: 'adam', epochs: 100_000, batchSize: 1 });
  const id = await startOne(wb);
  const loss = page.getByTestId('loss-chart');
  await expect(page.getByTestId('run-status')).toHaveText('running', { timeout: 60_000 });
  await expect.poll(() => chartPoints(loss)).toBeGreaterThan(4);

  await page.getByTestId('run-cancel').click();
  await expect(page.getByTestId('run-status')).toHaveText('cancelled', { timeout: 60_000 });
  const kept = await storedPoints(wb, id);
  expect(kept['train.loss']).toBeGreaterThan(1);
  expect(kept['train.loss']).toBeLessThan(100_000);

  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveText('cancelled');
  await expect.poll(() => chartPoints(loss)).toBe(kept['train.loss'] + kept['val.loss']);
  await wb.shot('run-cancelled');
});

test('journey 9: clone & edit a finished backprop run, change the learning rate, and train it to completion', async ({ wb }) => {
  const { page } = wb;
  const { datasetId, modelId } = await prepare(wb);
  // The run to clone is seeded through the API (not what this journey tests); it trains the saved design.
  const original = await startRun(wb, datasetId, modelId, backprop([dense(32), relu], 5));
  expect((await waitForRun(wb, original.id)).status).toBe('completed');

  await page.getByTestId('nav-runs').click();
  await page.locator(`[data-testid="run-row"][data-run-id="${original.id}"]`).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${original.id}$`));
  await page.getByTestId('run-clone-edit').click();

  await expect(page).toHaveURL(new RegExp(`#/train\\?from=${original.id}$`));
  // The design of the cloned run is what gets trained, not a saved design.
  await expect(page.getByTestId('train-model')).toHaveValue('run');
  await expect(page.getByTestId('train-optimizer')).toHaveValue('adam');
  await expect(page.getByTestId('field-opt-lr')).toHaveValue('0.001');
  await page.getByTestId('field-opt-lr').fill('0.02');
  await wb.shot('clone-edit');
  const cloneId = await startOne(wb);
  expect(cloneId).not.toBe(original.id);
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toBeVisible();

  const [before, after] = await Promise.all([original.id, cloneId].map((id) => wb.call<RunDetails>('runs.get', { id })));
  expect(after.modelId).toBeNull();
  expect(after.modelSpec).toEqual(before.modelSpec);
  expect(after.trainerConfig.optimizer.params.lr).toBe(0.02);
  expect(after.trainerConfig.epochs).toBe(5);
  expect(after.summary.epochs).toBe(5);
});

test("journey 9b: a run that ends while its page's first reply is on its way shows its end, not 'running'", async ({ wb }) => {
  const { page } = wb;
  await prepare(wb);
  await setBackprop(wb, { optimizer: 'adam', epochs: 300, batchSize: 1 });
  // The page's first runs.get is answered by the real host while the run trains, then held until the run has ended
  // and the page has heard so (the nav badge of active runs is gone): the order a loaded machine can produce when a
  // warm engine finishes a run within one round trip.
  let held: { status: string } | null = null;
  let ended!: () => void;
  const runEnded = new Promise<void>((resolve) => (ended = resolve));
  await page.route('**/api/runs.get', async (route) => {
    if (held) return route.continue();
    const response = await route.fetch();
    held = ((await response.json()) as { value: { status: string } }).value;
    await runEnded;
    await route.fulfill({ response });
  });
  await page.getByTestId('train-button').click();
  await expect(page).toHaveURL(/#\/runs\/\d+$/);
  const id = Number(/#\/runs\/(\d+)$/.exec(page.url())![1]);
  await expect.poll(() => held?.status).toBe('running');
  expect((await waitForRun(wb, id)).status).toBe('completed');
  await expect(page.getByTestId('nav-runs').locator('.badge')).toHaveCount(0);
  ended();
  await expect(page.getByTestId('run-status')).toHaveText('completed');
  await expect(page.getByTestId('final-metrics')).toBeVisible();
});

test('journey 8: a diverging configuration shows the diverged banner', async ({ wb }) => {
  const { page } = wb;
  await prepare(wb);
  await setBackprop(wb, { optimizer: 'sgd', lr: '1000', epochs: 50, batchSize: 16 });
  await startOne(wb);
  await expect(page.getByTestId('run-status')).toHaveText('diverged', { timeout: 120_000 });
  const banner = page.locator('[data-testid="diagnosis-banner"][data-kind="diverged"]');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveCount(1);
  await wb.shot('run-diverged');
});
