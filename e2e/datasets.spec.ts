import { writeFileSync } from 'node:fs';
import { expect, test } from './support/fixtures';
import { importSample } from './support/steps';

test('journey 1: the iris sample imports in one click, with preview, inferred types, target and task', async ({ wb }) => {
  const { page } = wb;
  await expect(page.getByTestId('datasets-empty')).toBeVisible();
  await wb.shot('datasets-empty-with-samples');

  await page.getByTestId('sample-iris').click();
  await expect(page).toHaveURL(/#\/datasets\/\d+$/);
  await expect(page.getByTestId('column-row')).toHaveCount(5);
  for (const name of ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm']) {
    await expect(page.getByLabel(`Type of ${name}`)).toHaveValue('numeric');
    await expect(page.getByLabel(`Role of ${name}`)).toHaveValue('feature');
  }
  await expect(page.getByLabel('Type of species')).toHaveValue('categorical');
  await expect(page.getByLabel('Role of species')).toHaveValue('target');
  await expect(page.getByTestId('target-select')).toHaveValue('species');
  await expect(page.getByTestId('task-classification')).toBeChecked();
  await expect(page.getByText('Classes: setosa, versicolor, virginica')).toBeVisible();
  // Each bar of a distribution names its range and count; the range is written under it.
  const sepalLength = page.getByTestId('column-histogram').first();
  await expect(sepalLength.locator('title').first()).toHaveText(/^4\.3 to [\d.]+: \d+ rows?$/);
  await expect(sepalLength.locator('figcaption')).toHaveText(/^4\.3\s*7\.9$/);
  const species = await page.getByTestId('column-histogram').last().locator('title').allTextContents();
  expect(species.sort()).toEqual(['setosa: 50 rows', 'versicolor: 50 rows', 'virginica: 50 rows']);
  await wb.shot('dataset-columns');

  await page.getByTestId('tab-preview').click();
  const preview = page.getByTestId('preview-table');
  await expect(preview.locator('thead th')).toHaveText(['#', 'sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm', 'species']);
  await expect(preview.locator('tbody tr').nth(1).locator('td')).toHaveText(['1', '5.1', '3.5', '1.4', '0.2', 'setosa']);
  await expect(page.getByText('Showing 150 of 150 rows')).toBeVisible();
  await wb.shot('dataset-preview');

  await page.getByTestId('nav-datasets').click();
  const row = page.getByTestId('dataset-row');
  await expect(row).toHaveCount(1);
  await expect(row.locator('td')).toContainText(['Iris', '150', '5', 'species', 'classification']);
  await wb.shot('datasets-list');
});

test('journey 2: a CSV with ragged rows is refused with its line number and the datasets stay as they were', async ({ wb }, testInfo) => {
  const { page } = wb;
  await importSample(wb, 'iris');
  await page.reload();
  await expect(page.getByTestId('dataset-row')).toHaveCount(1);

  // Line 1 is the header; line 4 has two fields instead of three.
  const file = testInfo.outputPath('ragged.csv');
  writeFileSync(file, 'width,height,kind\n1.0,2.0,a\n1.5,2.5,b\n3.0,4.0\n2.0,1.0,a\n');
  await page.getByTestId('import-file-input').setInputFiles(file);

  const error = page.getByTestId('import-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('ragged.csv');
  await expect(error).toContainText(/line 4\b/);
  await wb.shot('import-error');

  await expect(page.getByTestId('dataset-row')).toHaveCount(1);
  expect((await wb.call<unknown[]>('datasets.list')).length).toBe(1);

  // The message offers to skip such rows: the same file, imported again without line 4.
  await error.getByTestId('import-skip-bad-rows').click();
  await expect(page).toHaveURL(/#\/datasets\/\d+$/);
  await expect(page.getByText('1 bad rows skipped')).toBeVisible();
  await expect(page.getByTestId('column-row')).toHaveCount(3);
  expect((await wb.call<unknown[]>('datasets.list')).length).toBe(2);
});

test('dataset page: a new target changes the task and its classes, a bad split cannot be saved, unsaved edits ask before leaving', async ({ wb }) => {
  const { page } = wb;
  const iris = await importSample(wb, 'iris');
  await page.goto(`${page.url().split('#')[0]}#/datasets/${iris.id}`);
  await expect(page.getByTestId('class-list')).toHaveText('Classes: setosa, versicolor, virginica');

  // A numeric target: regression, and the old class list goes.
  await page.getByTestId('target-select').selectOption('sepal_length_cm');
  await expect(page.getByTestId('task-regression')).toBeChecked();
  await expect(page.getByTestId('class-list')).toHaveCount(0);
  await page.getByTestId('task-classification').check();
  await expect(page.getByTestId('class-list')).toHaveCount(0);
  await expect(page.getByTestId('class-list-pending')).toContainText('sepal_length_cm');
  await expect(page.getByTestId('dataset-save')).toBeEnabled();

  // Shares that do not add up: said in words, and nothing can be saved.
  await page.getByTestId('split-train').fill('90');
  await expect(page.getByTestId('split-error')).toContainText('must add up to 100 %');
  await expect(page.getByTestId('split-error')).not.toContainText('ratios');
  await expect(page.getByTestId('dataset-save')).toBeDisabled();
  await expect(page.getByTestId('dataset-train')).toBeDisabled();

  // Leaving asks first; staying keeps the edits, leaving drops them.
  page.once('dialog', (d) => void d.dismiss());
  await page.getByTestId('nav-datasets').click();
  await expect(page).toHaveURL(new RegExp(`#/datasets/${iris.id}$`));
  await expect(page.getByTestId('target-select')).toHaveValue('sepal_length_cm');
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('nav-datasets').click();
  await expect(page).toHaveURL(/#\/datasets$/);
  expect((await wb.call<{ target: string }>('datasets.get', { id: iris.id })).target).toBe('species');
});

test('namesakes are told apart in every menu, and a missing dataset or study says so with a way back', async ({ wb }) => {
  const { page } = wb;
  const first = await importSample(wb, 'iris');
  const second = await importSample(wb, 'iris');
  expect(second.name).toBe(first.name);
  const base = page.url().split('#')[0];

  await page.goto(`${base}#/train`);
  const options = page.getByTestId('train-dataset').locator('option');
  await expect(options).toHaveCount(2);
  const labels = (await options.allTextContents()).map((t) => t.trim());
  expect(new Set(labels).size).toBe(2);
  for (const label of labels) expect(label).toMatch(new RegExp(`^${first.name} \\(150 rows, imported .+\\)`));

  for (const [path, words, back] of [['datasets/999', 'Dataset 999 does not exist', 'All datasets'], ['studies/999', 'Study 999 does not exist', 'All studies']]) {
    await page.goto(`${base}#/${path}`);
    const gone = page.getByTestId('load-gone');
    await expect(gone).toContainText(words);
    await expect(page.getByTestId('load-error')).toHaveCount(0);
    await gone.getByRole('link', { name: back }).click();
    await expect(page).toHaveURL(new RegExp(`#/${path.split('/')[0]}$`));
  }
});
