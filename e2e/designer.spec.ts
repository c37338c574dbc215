import { expect, test } from './support/fixtures';
import { importSample } from './support/steps';

/** Weights and biases of a dense layer, written out independently of the app's own counting. */
const denseParams = (inputs: number, units: number) => inputs * units + units;

test('journey 3: a model built by dragging from the palette, reordered by drag, counts its parameters', async ({ wb }) => {
  const { page } = wb;
  const iris = await importSample(wb, 'iris');
  const inputs = iris.encodedWidth;
  const classes = iris.classes.length;
  expect([inputs, classes]).toEqual([4, 3]);

  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('designer-dataset')).toHaveValue(String(iris.id));
  await page.getByTestId('new-design').click();
  const layers = page.getByTestId('layer-item');
  const count = page.getByTestId('param-count');
  const stackEnd = page.getByTestId('output-node');
  await expect(layers).toHaveCount(0);
  await expect(page.getByTestId('input-node')).toContainText(`${inputs} features`);
  await expect(count).toHaveText(`${denseParams(inputs, classes)} parameters`);

  await page.getByTestId('palette-dense').dragTo(stackEnd);
  await expect(layers).toHaveCount(1);
  await expect(count).toHaveText(`${denseParams(inputs, 64) + denseParams(64, classes)} parameters`);

  await page.getByTestId('palette-activation').dragTo(stackEnd);
  await page.getByTestId('palette-dense').dragTo(stackEnd);
  await expect(layers).toHaveCount(3);
  // The new layer is selected: make it 8 units wide in the inspector.
  await page.getByTestId('field-layer-units').fill('8');
  await expect(layers.nth(2)).toHaveAttribute('aria-label', 'Layer 3: Dense 8');
  await expect(count).toHaveText(`${denseParams(inputs, 64) + denseParams(64, 8) + denseParams(8, classes)} parameters`);

  // Dense 8 onto the upper half of the first layer: it moves to the top.
  await layers.nth(2).dragTo(layers.nth(0), { targetPosition: { x: 40, y: 3 } });
  await expect(layers).toHaveText([/Dense 8/, /Dense 64/, /ReLU/]);
  await expect(count).toHaveText(`${denseParams(inputs, 8) + denseParams(8, 64) + denseParams(64, classes)} parameters`);

  await page.getByTestId('model-name').fill('Dragged 8-64');
  await page.getByTestId('model-save').click();
  await expect(page.getByTestId('saved-models')).toContainText('Dragged 8-64');
  await expect(page).toHaveURL(/#\/models\/\d+$/);
  await layers.nth(1).click();
  await expect(page.getByTestId('field-layer-units')).toHaveValue('64');
  // Dragging scrolled the page: show it from the top.
  await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
  await page.evaluate(() => window.scrollTo(0, 0));
  await wb.shot('designer');

  const saved = await wb.call<{ name: string; spec: { layers: { type: string; units?: number }[] } }[]>('models.list');
  expect(saved.map((m) => [m.name, m.spec.layers.map((l) => l.units ?? l.type)])).toEqual([['Dragged 8-64', [8, 64, 'activation']]]);
});

test('designer: a template never overwrites the open design, Train names what it saves, a missing design says so, the shapes dataset stays chosen, edits ask before leaving', async ({ wb }) => {
  const { page } = wb;
  const base = page.url().split('#')[0];
  await importSample(wb, 'iris');
  const diabetes = await importSample(wb, 'diabetes_regression');
  const saved = await wb.call<{ id: number }>('models.create', { name: 'Saved one', spec: { layers: [{ type: 'dense', units: 8, bias: true, initializer: 'heUniform' }] } });

  await page.goto(`${base}#/models/${saved.id}`);
  await expect(page.getByTestId('model-name')).toHaveValue('Saved one');
  await page.getByTestId('designer-dataset').selectOption(String(diabetes.id));
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('nav-models').click();
  await expect(page.getByTestId('designer-dataset')).toHaveValue(String(diabetes.id));

  await page.goto(`${base}#/models/${saved.id}`);
  await page.getByTestId('template-mlp').click();
  await expect(page).toHaveURL(/#\/models$/);
  await page.getByTestId('model-name').fill('Saved one');
  // Edits ask before leaving: staying keeps them.
  page.once('dialog', (d) => void d.dismiss());
  await page.getByTestId('nav-runs').click();
  await expect(page).toHaveURL(/#\/models$/);
  await expect(page.getByTestId('model-name')).toHaveValue('Saved one');

  await page.getByTestId('model-train').click();
  await expect(page).toHaveURL(/#\/train/);
  await expect(page.getByRole('status').filter({ hasText: 'so it can be trained' })).toContainText('“Saved one 2”');
  const designs = await wb.call<{ id: number; name: string; spec: { layers: unknown[] } }[]>('models.list');
  expect(designs.map((m) => m.name).sort()).toEqual(['Saved one', 'Saved one 2']);
  expect(designs.find((m) => m.id === saved.id)!.spec.layers).toHaveLength(1);
  await expect(page.getByTestId('train-model').locator('..').locator('..')).toContainText(/\d hidden layers? /);

  await page.goto(`${base}#/models/999`);
  await expect(page.getByTestId('design-not-found')).toContainText('no saved design number 999');
});
