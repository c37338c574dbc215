import { expect, test, type Workbench } from './support/fixtures';
import { chartContent, createModel, dense, importSample, relu } from './support/steps';

/** The parts of `studies.get` the sweep journey checks the page against. */
interface StudyDetails {
  progress: { state: string; finished: number; total: number };
  runs: { run: { id: number; status: string; seed: number }; point: Record<string, number>; best: { value: number } | null }[];
}

/** Iris and a small MLP saved through the API; the journeys start on the Train page with backprop settings. */
async function prepare(wb: Workbench, o: { epochs: number; batchSize: number }): Promise<void> {
  const { page } = wb;
  const iris = await importSample(wb, 'iris');
  const model = await createModel(wb, 'MLP 16', [dense(16), relu]);
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-dataset')).toHaveValue(String(iris.id));
  await expect(page.getByTestId('train-model')).toHaveValue(String(model.id));
  await page.getByTestId('trainer-backprop').click();
  await page.getByTestId('train-optimizer').selectOption('sgd');
  await page.getByTestId('field-train-epochs').fill(String(o.epochs));
  await page.getByTestId('field-train-batchSize').fill(String(o.batchSize));
}

test('a sweep from the Train page: its study page shows it running, then every run ranked, and the best opens in Compare as a seed band', async ({ wb }) => {
  const { page } = wb;
  await prepare(wb, { epochs: 40, batchSize: 8 });
  await page.getByTestId('seed-count').fill('2');
  await page.getByTestId('sweep-add').click();
  await page.getByTestId('sweep-setting-0').selectOption('lr');
  await page.getByTestId('sweep-values-0').fill('0.003,0.1');
  await expect(page.getByTestId('sweep-count')).toHaveText('2 points × 2 seeds = 4 runs');
  await page.getByTestId('sweep-start').click();
  await expect(page).toHaveURL(/#\/studies\/\d+$/);
  const studyId = Number(/#\/studies\/(\d+)$/.exec(page.url())![1]);

  const progress = page.getByTestId('study-progress');
  // While it runs the page says how far it is; it ends with every run finished.
  await expect(progress).toHaveText(/^[0-3] of 4 runs, /);
  await expect(page.getByTestId('study-cancel')).toBeVisible();
  await expect(progress).toHaveText('4 of 4 runs, finished', { timeout: 150_000 });
  await expect(page.getByTestId('study-cancel')).toHaveCount(0);

  const study = await wb.call<StudyDetails>('studies.get', { id: studyId });
  expect(study.runs.map((r) => r.run.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
  const table = page.getByTestId('study-table');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  // Sorted by best validation score, best first: the first row is the run the API ranks first.
  const ranked = [...study.runs].sort((a, b) => b.best!.value - a.best!.value);
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText(`#${ranked[0].run.id}`);
  await expect(table.locator('tbody tr').first()).toContainText(String(ranked[0].point.lr));
  await expect(page.getByTestId('study-best')).toContainText(`Best so far: learning rate ${ranked[0].point.lr}, seed ${ranked[0].run.seed}`);
  await expect(page.getByTestId('study-parallel').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('study-pareto').locator('canvas')).toHaveCount(1);
  await wb.shot('study');

  // The best point with both its seeds: Compare shows them as one group with their spread.
  await page.getByTestId('study-open-best').click();
  await expect(page).toHaveURL(/#\/compare\?ids=\d+(%2C|,)\d+$/);
  const spread = page.getByTestId('seed-spread');
  await expect(spread).toBeVisible();
  const sameLr = study.runs.filter((r) => r.point.lr === ranked[0].point.lr).map((r) => `#${r.run.id}`).sort();
  await expect(spread.locator('tbody tr')).toHaveCount(1);
  const ids = (await spread.locator('tbody tr td').first().innerText()).split(', ').sort();
  expect(ids).toEqual(sameLr);
});

test('the learning-rate finder: a chart of loss against rate, the suggestion in words, and "Use this rate" fills the optimizer', async ({ wb }) => {
  const { page } = wb;
  await prepare(wb, { epochs: 10, batchSize: 16 });
  await page.getByTestId('field-opt-lr').fill('0.5');
  const finder = page.getByTestId('lr-find');
  await finder.getByTestId('lr-find-button').click();
  const chart = finder.getByTestId('lr-chart');
  await expect(chart).toBeVisible({ timeout: 60_000 });
  // Loss per batch, its smoothed curve, and the suggestion as one marker.
  await expect.poll(async () => (await chartContent(chart)).series).toBe(3);
  const { points } = await chartContent(chart);
  expect(points).toBeGreaterThan(40);
  const explanation = await finder.getByTestId('lr-explanation').innerText();
  const suggested = /learning rate of about ([0-9.e-]+):/.exec(explanation)?.[1];
  expect(suggested, explanation).toBeTruthy();
  expect(Number(suggested)).toBeGreaterThan(1e-7);
  expect(Number(suggested)).toBeLessThan(10);
  await chart.scrollIntoViewIfNeeded();
  await wb.shot('lr-finder');

  await finder.getByTestId('lr-use-button').click();
  await expect(page.getByTestId('field-opt-lr')).toHaveValue(suggested!);
  // The rate is the form's now: a run started from it trains with that rate.
  await page.getByTestId('train-button').click();
  await expect(page).toHaveURL(/#\/runs\/\d+$/);
  const runId = Number(/#\/runs\/(\d+)$/.exec(page.url())![1]);
  const run = await wb.call<{ trainerConfig: { optimizer: { params: { lr: number } } } }>('runs.get', { id: runId });
  expect(run.trainerConfig.optimizer.params.lr).toBe(Number(suggested));
});

test('the ELM selection curves on the Train page (error against hidden units and against C, the choice marked and usable) and on an "Auto" run\'s page', async ({ wb }) => {
  const { page } = wb;
  await importSample(wb, 'iris');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('trainer-elm').click();
  await page.getByTestId('field-elm-hiddenUnits').fill('80');
  const tune = page.getByTestId('elm-tune');
  await tune.getByTestId('elm-tune-button').click();
  const units = tune.getByTestId('elm-tune-units-chart');
  const c = tune.getByTestId('elm-tune-c-chart');
  await expect(units).toBeVisible({ timeout: 60_000 });
  // Leave-one-out, GCV and the chosen point; 10 values of C at the chosen size.
  await expect.poll(async () => (await chartContent(c))).toEqual({ series: 3, points: 10 + 10 + 1 });
  await expect.poll(async () => (await chartContent(units)).series).toBe(3);
  const choice = await tune.getByTestId('elm-tune-choice').innerText();
  const [, hidden, cValue] = /would choose (\d+) hidden units and C = ([0-9.e+-]+):/.exec(choice) ?? [];
  expect(Number(hidden)).toBeGreaterThan(0);
  expect(Number(hidden)).toBeLessThanOrEqual(80);
  await tune.scrollIntoViewIfNeeded();
  await wb.shot('elm-tune');
  await tune.getByTestId('elm-tune-use').click();
  await expect(page.getByTestId('field-elm-hiddenUnits')).toHaveValue(hidden);
  await expect(page.getByTestId('field-elm-c')).toHaveValue(String(Number(cValue)));

  // An "Auto" run of the same size and seed chooses the same, and its page shows the curve beside the fit.
  await page.getByTestId('field-elm-hiddenUnits').fill('80');
  await page.getByTestId('field-elm-auto').check();
  await page.getByTestId('train-button').click();
  await expect(page).toHaveURL(/#\/runs\/\d+$/);
  await expect(page.getByTestId('run-status')).toHaveText('completed', { timeout: 120_000 });
  await expect(page.getByTestId('elm-tune-choice')).toHaveText(new RegExp(`^"Auto" chose ${hidden} hidden units and C = ${cValue.replace(/[.+]/g, '\\$&')}: .* The fit at these settings then took `));
  await expect.poll(async () => (await chartContent(page.getByTestId('elm-tune-c-chart')))).toEqual({ series: 3, points: 21 });
});
