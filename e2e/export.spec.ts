import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { runTrainPy, torchUnavailable } from '../src/main/export/bundle/python-test-kit';
import { expect, test } from './support/fixtures';
import { importSample, startRun, waitForRun } from './support/steps';

const noTorch = torchUnavailable();

test('a run leaves as ONNX and as a PyTorch bundle, trains on 2 processes and comes back next to the local run', async ({ wb }) => {
  test.skip(wb.kind === 'electron', 'Electron asks where to save a download in a native dialog; the browser host covers the journey');
  test.skip(noTorch !== null, `no PyTorch to train the bundle: ${noTorch}`);
  const { page } = wb;
  const scratch = mkdtempSync(path.join(tmpdir(), 'nwb-e2e-export-'));
  try {
    const iris = await importSample(wb, 'iris');
    const local = await startRun(wb, iris.id, null, { trainer: 'elm', hiddenUnits: 60, activation: 'tanh', solver: 'ridge', c: 10, init: 'uniform' });
    expect((await waitForRun(wb, local.id)).status).toBe('completed');

    // The run page's Export menu: an ONNX file ONNX Runtime opens, and the bundle as a .tar.gz.
    await page.goto(`${page.url().split('#')[0]}#/runs/${local.id}`);
    const download = async (testId: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      const target = path.join(scratch, file.suggestedFilename());
      await file.saveAs(target);
      return target;
    };
    const onnxFile = await download('export-onnx');
    expect(onnxFile).toMatch(/\.onnx$/);
    const session = await ort.InferenceSession.create(readFileSync(onnxFile));
    expect(session.inputNames).toEqual(['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm']);
    expect(session.outputNames).toEqual(['probabilities', 'class_index']);
    await session.release();

    const archive = await download('export-pytorch');
    expect(path.basename(archive)).toBe(`run-${local.id}-pytorch.tar.gz`);
    expect(spawnSync('tar', ['-xzf', archive, '-C', scratch]).status).toBe(0);
    const bundle = path.join(scratch, `run-${local.id}-pytorch`);

    // "The cluster": train.py on two processes over gloo.
    await runTrainPy(bundle, { processes: 2, timeoutMs: 240_000 });

    // Import run… on the runs page, choosing the bundle folder.
    await page.getByTestId('nav-runs').click();
    await page.getByTestId('import-run-input').setInputFiles(bundle);
    await expect(page.getByText(/Imported as run #\d+ \(PyTorch .* · 2 processes \(gloo, cpu\)\)/)).toBeVisible();
    const runs = await wb.call<{ id: number; trainerLabel: string; origin: { processes: number } | null }[]>('runs.list', {});
    const imported = runs.find((r) => r.origin !== null)!;
    expect(imported.origin!.processes).toBe(2);
    const row = page.locator(`[data-testid="run-row"][data-run-id="${imported.id}"]`);
    await expect(row).toContainText('PyTorch');
    await expect(row).toContainText('2 processes');

    // Compare: the imported run next to the local one.
    await page.locator(`[data-testid="run-row"][data-run-id="${local.id}"]`).getByTestId('run-select').check();
    await row.getByTestId('run-select').check();
    await page.getByTestId('compare-selected').click();
    const table = page.getByTestId('compare-table');
    await expect(table.locator('tbody tr')).toHaveCount(2);
    await expect(table).toContainText(`#${imported.id}`);
    await expect(table).toContainText('2 processes (gloo, cpu)');
    await wb.shot('compare-imported-run');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
