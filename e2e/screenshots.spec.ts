/**
 * The README's pictures: every screen at 1280×800 in the browser host, written to docs/screenshots/. It changes
 * tracked files, so it runs only when asked: `NW_SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts --project browser`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { backprop, chartPoints, createModel, dense, ELM, importSample, relu, startRun, waitForRun } from './support/steps';

const DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

test.skip(!process.env.NW_SCREENSHOTS, 'refreshes docs/screenshots only when NW_SCREENSHOTS=1');
test.use({ viewport: { width: 1280, height: 800 } });

test('screenshots of every screen', async ({ wb, hostKind }) => {
  test.skip(hostKind !== 'browser', 'taken in the browser host');
  test.setTimeout(300_000);
  const { page } = wb;
  const base = page.url().split('#')[0];
  const open = async (route: string, ready: Locator) => {
    await page.goto(`${base}#${route}`);
    await expect(ready).toBeVisible();
    await page.mouse.move(0, 0);
  };
  const shot = (name: string) => page.screenshot({ path: path.join(DIR, `${name}.png`) });
  const top = (l: Locator) => l.evaluate((e) => e.scrollIntoView({ block: 'start' }));

  const iris = await importSample(wb, 'iris');
  const diabetes = await importSample(wb, 'diabetes_regression');
  const layers = [dense(32), relu, dense(32), relu];
  const model = await createModel(wb, 'Two layers of 32', layers);
  const fit = await startRun(wb, iris.id, model.id, { ...backprop(layers, 80), optimizer: { id: 'adam', params: { lr: 0.01 } } });
  const elm = await startRun(wb, iris.id, null, ELM);
  const regression = await startRun(wb, diabetes.id, null, { ...ELM, hiddenUnits: 30, c: 10 });
  for (const id of [fit.id, elm.id, regression.id]) expect((await waitForRun(wb, id)).status).toBe('completed');

  await open('/datasets', page.getByText(iris.name).first());
  await shot('datasets');
  await open(`/datasets/${iris.id}`, page.locator(':text("species"):visible').first());
  await shot('dataset');
  await open('/train', page.getByTestId('train-button'));
  await shot('train');

  // A long run, caught while its curves grow.
  const live = await startRun(wb, iris.id, model.id, { ...backprop(layers, 400, 1), optimizer: { id: 'adam', params: { lr: 0.001 } } });
  await open(`/runs/${live.id}`, page.getByTestId('loss-chart'));
  await expect.poll(() => chartPoints(page.getByTestId('loss-chart')), { timeout: 60_000 }).toBeGreaterThan(40);
  await shot('run-live');
  await open('/runs', page.getByTestId('run-row').first());
  await shot('runs');
  await wb.call('runs.cancel', { id: live.id }).catch(() => undefined); // it may have finished already

  await open(`/runs/${fit.id}`, page.getByTestId('final-metrics'));
  await shot('run');
  await top(page.getByTestId('evaluation'));
  await expect(page.getByTestId('roc-chart')).toBeVisible();
  await shot('evaluation-curves');

  await open(`/runs/${elm.id}`, page.getByTestId('evaluation'));
  const boundary = page.getByTestId('decision-boundary');
  await expect(boundary.getByTestId('boundary-chart')).toBeVisible();
  await boundary.getByTestId('boundary-features').click();
  await boundary.getByTestId('boundary-x').selectOption('petal_length_cm');
  await boundary.getByTestId('boundary-y').selectOption('petal_width_cm');
  await expect(boundary).toContainText('Other inputs held at');
  await top(page.getByTestId('evaluation'));
  await shot('decision-boundary');

  await open(`/runs/${regression.id}`, page.getByTestId('evaluation'));
  await expect(page.getByTestId('residual-histogram')).toBeVisible();
  await top(page.getByTestId('evaluation'));
  await shot('residuals');

  await open(`/compare?ids=${fit.id},${elm.id}`, page.getByTestId('compare-chart'));
  await page.getByTestId('x-time').click();
  await shot('compare');

  await open(`/predict?run=${elm.id}`, page.getByTestId('predict-file'));
  const csv = ['sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species', '5.1,3.5,1.4,0.2,setosa', '5.7,2.8,4.1,1.3,versicolor', '6.9,3.1,5.4,2.3,virginica', '6.3,2.9,5.6,1.8,virginica'].join('\n');
  await page.getByTestId('predict-file-input').setInputFiles({ name: 'labelled.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('predict-score')).toBeVisible();
  await shot('predict');

  await open(`/models/${model.id}`, page.getByText('Two layers of 32').first());
  await shot('designer');

  const study = await wb.call<{ id: number }>('studies.create', {
    datasetId: iris.id, modelId: model.id, trainer: backprop(layers, 30),
    axes: [{ setting: 'lr', range: { start: 0.001, end: 0.1, scale: 'log', count: 3 } }], sample: { kind: 'grid' }, seeds: [1, 2],
  });
  await open(`/studies/${study.id}`, page.getByTestId('study-progress'));
  await expect(page.getByTestId('study-cancel')).toHaveCount(0, { timeout: 120_000 });
  await expect(page.getByTestId('study-parallel').locator('canvas')).toHaveCount(1);
  await shot('study');
  await open('/studies', page.getByTestId('studies-table'));
  await shot('studies');
  await open('/settings', page.getByTestId('settings-concurrency'));
  await shot('settings');
});
