import { expect, test } from './support/fixtures';
import { backprop, chartContent, createModel, dense, ELM, importSample, relu, startRun, storedPoints, waitForRun } from './support/steps';

test('journey 6: after a restart on the same data dir, datasets, models, runs and curves are all there', async ({ wb }) => {
  const iris = await importSample(wb, 'iris');
  const layers = [dense(16), relu];
  const model = await createModel(wb, 'Kept design', layers);
  const bp = await startRun(wb, iris.id, model.id, backprop(layers, 30));
  const elm = await startRun(wb, iris.id, null, ELM);
  for (const id of [bp.id, elm.id]) expect((await waitForRun(wb, id)).status).toBe('completed');
  const curves = await storedPoints(wb, bp.id);
  expect(curves['train.loss']).toBe(30);

  const page = await wb.restart();
  const row = page.getByTestId('dataset-row');
  await expect(row).toHaveCount(1);
  await expect(row.locator('td')).toContainText([iris.name, '150', '5', 'species', 'classification', '2']);

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('saved-models')).toContainText('Kept design');

  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('run-row')).toHaveCount(2);
  for (const id of [bp.id, elm.id]) {
    await expect(page.locator(`[data-testid="run-row"][data-run-id="${id}"]`).getByTestId('run-status')).toHaveText('completed');
  }
  await wb.shot('runs-after-restart');

  await page.locator(`[data-testid="run-row"][data-run-id="${bp.id}"]`).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`#/runs/${bp.id}$`));
  await expect(page.getByTestId('run-name')).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveText('completed');
  await expect.poll(() => chartContent(page.getByTestId('loss-chart'))).toEqual({ series: 2, points: curves['train.loss'] + curves['val.loss'] });
  expect(await storedPoints(wb, bp.id)).toEqual(curves);
  await wb.shot('run-after-restart');
});
