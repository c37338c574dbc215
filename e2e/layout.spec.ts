/**
 * Layout at the smallest supported window (1024×700): no screen scrolls sideways (wide content scrolls inside
 * its own panel), messages never cover the page, and the runs list sorts by a column and finds runs by words in any order and by their tags.
 */
import { expect, test } from './support/fixtures';
import { backprop, createModel, dense, ELM, importSample, relu, startRun, waitForRun } from './support/steps';

test.use({ viewport: { width: 1024, height: 700 } });

test('at 1024×700 no screen overflows sideways and messages sit beside the page; the runs list sorts by column and searches by words', async ({ wb }) => {
  test.setTimeout(240_000);
  const { page } = wb;
  const base = page.url().split('#')[0];
  const iris = await importSample(wb, 'iris');
  const digits = await importSample(wb, 'digits');
  const layers = [dense(16), relu];
  const model = await createModel(wb, 'Small', layers);
  const fit = await startRun(wb, iris.id, model.id, backprop(layers, 20, 32));
  const elm = await startRun(wb, iris.id, null, { ...ELM, hiddenUnits: 1000 });
  const wide = await startRun(wb, digits.id, null, { ...ELM, hiddenUnits: 200 });
  for (const id of [fit.id, elm.id, wide.id]) expect((await waitForRun(wb, id)).status).toBe('completed');

  /** Elements that stick out of the main content on the right, for a message that says where. */
  const overflow = () => page.evaluate(() => {
    const main = document.querySelector('main.content')!;
    const right = main.getBoundingClientRect().right;
    const out = [...main.querySelectorAll<HTMLElement>('*')]
      .filter((e) => e.getBoundingClientRect().right > right + 1 && e.offsetParent !== null)
      .filter((e) => ![...document.querySelectorAll<HTMLElement>('main.content *')].some((p) => p !== e && p.contains(e) && getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= right + 1))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}.${[...e.classList].join('.')}`);
    return { scroll: main.scrollWidth - main.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth, out };
  });
  const screens: [string, string][] = [
    ['/datasets', 'datasets-table'], [`/datasets/${digits.id}`, 'columns-table'], ['/models', 'layer-stack'],
    [`/models/${model.id}`, 'layer-stack'], ['/train', 'train-button'], ['/runs', 'runs-table'],
    [`/runs/${fit.id}`, 'final-metrics'], [`/runs/${wide.id}`, 'final-metrics'], [`/compare?ids=${fit.id},${elm.id}`, 'compare-chart'],
    [`/predict?run=${elm.id}`, 'predict-file'], ['/settings', 'settings-concurrency'],
  ];
  for (const [route, ready] of screens) {
    await page.goto(`${base}#${route}`);
    await expect(page.getByTestId(ready).first()).toBeVisible();
    await page.waitForTimeout(300); // charts and tables settle
    const o = await overflow();
    expect({ route, ...o }, `sideways overflow on ${route}`).toEqual({ route, scroll: 0, page: 0, out: [] });
  }

  // A message appears beside the page, never over it.
  await page.goto(`${base}#/settings`);
  await page.getByTestId('settings-concurrency').fill('2');
  await page.getByTestId('settings-concurrency-save').click();
  const toast = page.getByTestId('toast');
  await expect(toast).toContainText('Up to 2 runs');
  const [toastBox, mainBox] = [await toast.boundingBox(), await page.locator('main.content').boundingBox()];
  expect(toastBox!.x + toastBox!.width, 'the message covers the page').toBeLessThanOrEqual(mainBox!.x);
  expect(toastBox!.y + toastBox!.height).toBeLessThanOrEqual(700);

  // Tags given on the run page are shown and found in the runs list.
  await page.goto(`${base}#/runs/${fit.id}`);
  await page.getByTestId('run-notes').locator('summary').click();
  await page.getByTestId('run-tags').fill('baseline, paper');
  await page.getByTestId('run-tags').press('Tab');
  await expect(page.getByTestId('run-notes').locator('summary')).toContainText('baseline, paper');

  // Sorting and searching the runs list.
  await page.goto(`${base}#/runs`);
  const names = () => page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.runId)));
  await expect.poll(names).toEqual([wide.id, elm.id, fit.id]);
  await page.getByTestId('sort-name').click();
  const byName = [...[fit, elm, wide].map((r) => r.id)];
  const listed = await wb.call<{ id: number; name: string }[]>('runs.list');
  byName.sort((a, b) => listed.find((r) => r.id === a)!.name.toLowerCase().localeCompare(listed.find((r) => r.id === b)!.name.toLowerCase()) || b - a);
  await expect.poll(names).toEqual(byName);
  await page.getByTestId('sort-name').click();
  await expect.poll(names).toEqual([...byName].reverse());
  await page.getByTestId('runs-search').fill('sigmoid 1000');
  await expect.poll(names).toEqual([elm.id]);
  await page.getByTestId('runs-search').fill('1000 sigmoid iris');
  await expect.poll(names).toEqual([elm.id]);
  await page.getByTestId('runs-search').fill('paper');
  await expect.poll(names).toEqual([fit.id]);
  await expect(page.getByTestId('run-tags-list')).toHaveText('baselinepaper');

  // Last, since a study's runs join the runs list: the studies list and a study's page fit too.
  const study = await wb.call<{ id: number }>('studies.create', {
    datasetId: iris.id, modelId: null, trainer: { ...ELM, hiddenUnits: 20 }, axes: [{ setting: 'c', values: [1, 100] }], sample: { kind: 'grid' }, seeds: [1],
  });
  for (const [route, ready] of [['/studies', 'studies-table'], [`/studies/${study.id}`, 'study-table']]) {
    await page.goto(`${base}#${route}`);
    await expect(page.getByTestId(ready).first()).toBeVisible();
    await page.waitForTimeout(300);
    expect({ route, ...(await overflow()) }, `sideways overflow on ${route}`).toEqual({ route, scroll: 0, page: 0, out: [] });
  }
});

test('at 1280×800 a 26-class confusion matrix and a sweep\'s table fit their cards without scrolling', async ({ wb }) => {
  const { page } = wb;
  await page.setViewportSize({ width: 1280, height: 800 });
  const letters = await importSample(wb, 'letter_recognition');
  expect(letters.classes).toHaveLength(26);
  const run = await startRun(wb, letters.id, null, { ...ELM, hiddenUnits: 100 });
  expect((await waitForRun(wb, run.id)).status).toBe('completed');
  await page.goto(`${page.url().split('#')[0]}#/runs/${run.id}`);
  const matrix = page.getByTestId('confusion-matrix').first();
  await expect(matrix.locator('tbody tr')).toHaveCount(26);
  const fit = await matrix.evaluate((e) => ({ scroll: e.scrollWidth, visible: e.clientWidth }));
  expect(fit.scroll, `the matrix needs ${fit.scroll} px and has ${fit.visible}`).toBeLessThanOrEqual(fit.visible);

  // A sweep's table, with its nine columns, fits too, and names the point in words.
  const study = await wb.call<{ id: number }>('studies.create', {
    datasetId: letters.id, modelId: null, trainer: { ...ELM, hiddenUnits: 20 },
    axes: [{ setting: 'c', values: [1, 100] }, { setting: 'elm-activation', values: ['sigmoid', 'sin'] }], sample: { kind: 'grid' }, seeds: [1],
  });
  await page.goto(`${page.url().split('#')[0]}#/studies/${study.id}`);
  await expect(page.getByTestId('study-best')).toContainText(/Best so far: C \(ridge\) \d+, activation (Sigmoid|Sine), seed 1/, { timeout: 120_000 });
  const card = page.getByTestId('study-table').locator('xpath=..');
  const table = await card.evaluate((e) => ({ scroll: e.scrollWidth, visible: e.clientWidth }));
  expect(table.scroll, `the study table needs ${table.scroll} px and has ${table.visible}`).toBeLessThanOrEqual(table.visible);
});
