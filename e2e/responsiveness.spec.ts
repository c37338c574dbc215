import { expect, test } from './support/fixtures';
import { chartPoints, createModel, dense, importSample, relu } from './support/steps';

/**
 * The quality-bar figure: the longest main-thread task while four runs train at once, watched on the runs
 * list and then on a run page. Recorded in the report and printed, not asserted (timings vary by machine).
 */
test('longest main-thread task with four runs training at once (recorded, not asserted)', async ({ wb }, testInfo) => {
  const { page } = wb;
  await wb.call('settings.update', { concurrency: 4 });
  const iris = await importSample(wb, 'iris');
  await createModel(wb, 'MLP 32', [dense(32), relu]);

  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });

  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-dataset')).toHaveValue(String(iris.id));
  await page.getByTestId('field-train-epochs').fill('300');
  await page.getByTestId('field-train-batchSize').fill('1');
  await page.getByTestId('seed-count').fill('4');
  await page.getByTestId('train-seeds-button').click();
  await expect(page).toHaveURL(/#\/runs$/);

  const statuses = page.getByTestId('run-row').getByTestId('run-status');
  await expect(statuses).toHaveCount(4);
  await expect(statuses).toHaveText(['running', 'running', 'running', 'running'], { timeout: 60_000 });
  await wb.shot('runs-list-four-training');
  const listPhase = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks.length);

  // A while on a live run page too: until its loss chart has grown twice.
  await page.getByTestId('run-row').first().getByRole('link').click();
  await expect(page).toHaveURL(/#\/runs\/\d+$/);
  const loss = page.getByTestId('loss-chart');
  for (let i = 0; i < 2; i++) {
    const before = await chartPoints(loss);
    await expect.poll(() => chartPoints(loss)).toBeGreaterThan(before);
  }
  await page.getByTestId('nav-runs').click();
  await expect(statuses).toHaveText(['completed', 'completed', 'completed', 'completed'], { timeout: 150_000 });

  const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const figure = {
    longestTaskMs: Math.round(Math.max(0, ...tasks)),
    longTasks: tasks.length,
    longTasksWhileOnRunsList: listPhase,
    runsAtOnce: 4,
  };
  console.log(`Longest main-thread task with 4 runs training at once: ${figure.longestTaskMs} ms (${figure.longTasks} tasks over 50 ms)`);
  testInfo.annotations.push({ type: 'longest-long-task-ms', description: String(figure.longestTaskMs) });
  await testInfo.attach('long-tasks.json', { body: JSON.stringify({ ...figure, durationsMs: tasks.map(Math.round) }, null, 2), contentType: 'application/json' });
});
