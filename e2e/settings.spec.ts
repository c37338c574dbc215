/**
 * The settings page: the queue width (and what it means for runs started beyond it), the theme, and where the
 * data live, all kept across a reload.
 */
import { expect, test } from './support/fixtures';
import { backprop, dense, importSample, relu } from './support/steps';

interface Run { id: number; status: string }

test('settings: queue width with "queued — N ahead", theme kept across a reload, the data file shown', async ({ wb }) => {
  const iris = await importSample(wb, 'iris');
  const page = wb.page;
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-data-file')).toContainText(wb.dataDir);

  const width = page.getByTestId('settings-concurrency');
  await width.fill('0');
  await expect(page.getByTestId('settings-concurrency-save')).toBeDisabled();
  await width.fill('1');
  // The machine's default may be 1 already; saving is then not needed.
  const save = page.getByTestId('settings-concurrency-save');
  if (await save.isEnabled()) await save.click();
  await expect.poll(async () => (await wb.call<{ concurrency: number }>('settings.get')).concurrency).toBe(1);

  // Three runs with one slot: the third waits behind the second.
  const runs = await wb.call<Run[]>('runs.start', { datasetId: iris.id, modelId: null, trainer: backprop([dense(32), relu], 5000), seeds: [1, 2, 3] });
  try {
    await page.getByTestId('nav-runs').click();
    await expect(page.getByTestId('run-progress').filter({ hasText: 'queued — 1 ahead' })).toHaveCount(1);
    await page.locator('tr', { hasText: 'queued — 1 ahead' }).getByRole('link').first().click();
    await expect(page).toHaveURL(new RegExp(`#/runs/${runs[2].id}$`));
    await expect(page.getByTestId('run-progress')).toHaveText('queued — 1 ahead');
  } finally {
    for (const r of runs) await wb.call('runs.cancel', { id: r.id }).catch(() => undefined);
  }

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('theme-dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(async () => (await wb.call<{ theme: string }>('settings.get')).theme).toBe('dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme-dark')).toBeChecked();
  await page.getByTestId('theme-light').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
