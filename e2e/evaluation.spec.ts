import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { ELM, importSample, startRun, waitForRun } from './support/steps';

async function saved(download: Promise<Download>): Promise<{ name: string; bytes: Buffer }> {
  const d = await download;
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

test('the decision-boundary view on a sample: class regions, per-class scores, curves and the run\'s files', async ({ wb }) => {
  const { page } = wb;
  const iris = await importSample(wb, 'iris');
  const run = await startRun(wb, iris.id, null, ELM);
  expect((await waitForRun(wb, run.id)).status).toBe('completed');
  await page.goto(`${page.url().split('#')[0]}#/runs/${run.id}`);

  const evaluation = page.getByTestId('evaluation');
  await expect(evaluation).toBeVisible();
  await expect(evaluation.getByTestId('class-report-row')).toHaveCount(3);
  await expect(evaluation.getByTestId('class-report')).toContainText('F1 score');
  await expect(evaluation.getByTestId('macro-roc-auc')).toContainText(/ROC AUC, mean over classes: 0\.9\d*|ROC AUC, mean over classes: 1/);

  // Principal components first (the default), then two chosen inputs with the others held.
  const boundary = evaluation.getByTestId('decision-boundary');
  await expect(boundary.getByTestId('boundary-chart')).toHaveAttribute('data-cells', String(60 * 60));
  await expect(boundary).toContainText('of the training rows\' variance');
  await boundary.getByTestId('boundary-features').click();
  await boundary.getByTestId('boundary-x').selectOption('petal_length_cm');
  await boundary.getByTestId('boundary-y').selectOption('petal_width_cm');
  await expect(boundary).toContainText('Other inputs held at: sepal_length_cm = ');
  await expect(boundary.getByRole('img', { name: 'Class regions over petal_length_cm and petal_width_cm' })).toBeVisible();
  await page.getByTestId('decision-boundary').scrollIntoViewIfNeeded();
  await wb.shot('decision-boundary');

  // The chart as a PNG, the model as the file the CLI reads, the scores as CSV.
  const png = await saved(Promise.all([page.waitForEvent('download'), boundary.getByTestId(`png-run-${run.id}-decision-boundary`).click()]).then(([d]) => d));
  expect(png.name).toBe(`run-${run.id}-decision-boundary.png`);
  expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
  const model = await saved(Promise.all([page.waitForEvent('download'), evaluation.getByTestId('export-model').click()]).then(([d]) => d));
  expect(JSON.parse(model.bytes.toString())).toMatchObject({ format: 'neural-workbench/model', task: 'classification', classes: ['setosa', 'versicolor', 'virginica'] });
  const scores = await saved(Promise.all([page.waitForEvent('download'), evaluation.getByTestId('export-scores-csv').click()]).then(([d]) => d));
  const lines = scores.bytes.toString().trim().split('\r\n');
  expect(lines[0]).toBe('metric,Training,Validation,Test');
  expect(lines).toContainEqual(expect.stringMatching(/^Accuracy(,(0\.\d+|1)){3}$/));
});

test('predict on a labelled CSV: the predictions are scored against its target column, which the download keeps', async ({ wb }) => {
  const { page } = wb;
  const iris = await importSample(wb, 'iris');
  const run = await startRun(wb, iris.id, null, ELM);
  expect((await waitForRun(wb, run.id)).status).toBe('completed');
  await page.getByTestId('nav-predict').click();
  await page.getByTestId('predict-run').selectOption(String(run.id));

  // Five labelled rows (one of them with a class the model never saw) and one without a label.
  const csv = [
    'sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species',
    '5.1,3.5,1.4,0.2,setosa', '5.7,2.8,4.1,1.3,versicolor', '6.9,3.1,5.4,2.3,virginica', '4.9,3.0,1.4,0.2,setosa',
    '6.0,3.0,4.8,1.8,not-a-flower', '5.0,3.4,1.5,0.2,',
  ].join('\n');
  await page.getByTestId('predict-file-input').setInputFiles({ name: 'labelled.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const score = page.getByTestId('predict-score');
  await expect(score).toContainText('Scored against the file\'s “species” column (4 rows; 2 without a known true value left out)');
  const table = page.getByTestId('predict-table');
  await expect(table.locator('thead th')).toContainText(['species', 'prediction']);
  // The accuracy shown is the share of the table's rows whose prediction is their label.
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const header = await table.locator('thead th').allTextContents();
  const right = rows.slice(0, 4).filter((r) => r[header.indexOf('species')] === r[header.indexOf('prediction')]).length;
  await expect(score).toContainText(`Accuracy ${(right * 25).toFixed(1)} %`);
  await wb.shot('predict-scored');

  const download = await Promise.all([page.waitForEvent('download'), page.getByTestId('predict-download').click()]).then(([d]) => d);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.split('\r\n')[0].split(',')).toContain('species');
  // Probabilities to 6 decimals at most: no 17-digit float noise or 1e-28 in the file.
  const probabilities = text.split('\r\n').slice(1, -1).flatMap((line) => line.split(',').slice(-3));
  expect(probabilities.length).toBe(18);
  for (const p of probabilities) expect(p).toMatch(/^(0|1|0\.\d{1,6})$/);

  // A typed-in row with an empty input is not predicted: the message names the input.
  await page.getByTestId('predict-input-petal_width_cm').fill('');
  await page.getByTestId('predict-row').click();
  await expect(page.getByTestId('predict-error')).toContainText('“petal_width_cm” is empty');
  await expect(page.getByTestId('predict-row-result')).toHaveCount(0);
  await page.getByTestId('predict-input-petal_width_cm').fill('0.2');
  await page.getByTestId('predict-row').click();
  await expect(page.getByTestId('predict-row-result')).toContainText('prediction');
  await expect(page.getByTestId('predict-error')).toHaveCount(0);
});
