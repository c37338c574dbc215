import { describe, expect, it } from 'vitest';
import type { CsvImportFigures } from './csv-import';
import { csvTable, nativeTable, targets, workloadTable } from './report';

const cells = (markdown: string, rowStart: string): string[] => {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${rowStart}`));
  if (!line) throw new Error(`no row ${rowStart}`);
  return line.split('|').slice(1, -1).map((c) => c.trim());
};

describe('workloadTable', () => {
  const markdown = workloadTable(
    {
      engine: { W1: { samplesPerSec: 6000 }, W2: { ridgeSec: 2, ridgeHiddenSec: 1, ridgeSolveSec: 0.5 } },
      engineJs: { W1: { samplesPerSec: 1500 } },
      peers: { tfjsWasm: { W1: { samplesPerSec: 2000 }, W2: { hiddenSec: 4, gramSec: 1.5 } }, tfjsCpu: { W1: { samplesPerSec: 400 } } },
    },
    { kernels: 'wasm-relaxed-simd' },
  );

  it('divides rates engine ÷ peer: more samples per second is a speed-up above 1', () => {
    const [, engine, js, wasm, cpu, vsWasm, vsCpu] = cells(markdown, 'W1 ');
    expect([engine, js, wasm, cpu]).toEqual(['6,000', '1,500', '2,000', '400']);
    expect(vsWasm).toBe(`${(6000 / 2000).toPrecision(2)}×`);
    expect(vsCpu).toBe(`${(6000 / 400).toPrecision(2)}×`);
  });

  it('divides times peer ÷ engine, pairing the engine key with the peer key of the same step', () => {
    expect(cells(markdown, 'W2 hidden')[5]).toBe(`${(4 / 1).toPrecision(2)}×`);
    expect(cells(markdown, 'W2 HᵀH')[5]).toBe(`${(1.5 / 0.5).toPrecision(2)}×`);
  });

  it('shows a dash where a figure is missing and leaves out workloads nobody measured', () => {
    const ridge = cells(markdown, 'W2 ELM ridge');
    expect(ridge[2]).toBe('–'); // no JS-kernel run of W2
    expect(ridge[5]).toBe('–'); // TF.js has no ridge solve
    expect(markdown).not.toContain('| W3 matmul');
    expect(markdown).not.toContain('| W1s');
  });
});

describe('targets and the native peers table', () => {
  const results = {
    engine: {
      W1: { samplesPerSec: 9000 },
      W2: { ridgeSec: 2.4, ridgeHiddenSec: 1, ridgeSolveSec: 1.4, pinvSec: 3, ridgeSecL2000: 6, pinvSecL2000: 10 },
      W3: { gflops64x784x256: 30, gflops1024: 36, fractionOfPeak64x784x256: 30 / 48, fractionOfPeak1024: 36 / 48 },
    },
    peers: {
      numpy1: { W2: { ridgeSec: 1.2 } },
      numpy2: { W2: { ridgeSec: 0.75, gramSolveSec: 0.4 } },
      torch1: { W1: { samplesPerSec: 12000 } },
      torch2: { W1: { samplesPerSec: 8000 } },
    },
  };

  it('divides by the right peer and states whether each bound holds', () => {
    const byId = Object.fromEntries(targets(results).map((t) => [t.id, t]));
    expect(byId.w2RidgeVsNumpy2).toMatchObject({ value: 2.4 / 0.75, kind: '≤', bound: 3, met: false });
    expect(byId.w2PinvVsRidge).toMatchObject({ value: 3 / 2.4, met: true });
    expect(byId.w2PinvVsRidgeL2000).toMatchObject({ value: 10 / 6, met: false });
    expect(byId.w3SmallOfPeak.met).toBe(false);
    expect(byId.w3BigOfPeak.met).toBe(true);
    // PyTorch's best of its thread counts, not its 2-thread figure.
    expect(byId.w1VsTorch.value).toBeCloseTo(9000 / 12000, 12);
  });

  it('prefers ratios from alternating runs to the ratio of medians measured minutes apart', () => {
    const withPairs = {
      ...results,
      engine: { ...results.engine, W2: { ...results.engine.W2, pinvOverRidge: 1.1, pinvOverRidgeL2000: 1.4 } },
      paired: { W2ridge: { engineSec: [2, 3], numpySec: [1, 1], ratio: 2.5 } },
    };
    const byId = Object.fromEntries(targets(withPairs).map((t) => [t.id, t]));
    expect(byId.w2RidgeVsNumpy2).toMatchObject({ value: 2.5, met: true });
    expect(byId.w2RidgeVsNumpy2.label).toContain('alternating');
    expect(byId.w2PinvVsRidge.value).toBe(1.1);
    expect(byId.w2PinvVsRidgeL2000).toMatchObject({ value: 1.4, met: true });
  });

  it('leaves out targets whose figures were not measured', () => {
    expect(targets({ engine: { W1: { samplesPerSec: 1 } }, peers: {} })).toEqual([]);
  });

  it('compares the engine with the best peer: the fastest time, the highest rate', () => {
    const markdown = nativeTable(results, { kernels: 'wasm', native: { numpy1: 'numpy, 1 thread', numpy2: 'numpy, 2 threads' } });
    const ridge = cells(markdown, 'W2 ELM ridge fit, L=1000');
    expect(ridge.slice(1, 6)).toEqual(['2.40', '1.20', '0.750', '–', '–']);
    expect(ridge[6]).toBe(`${(0.75 / 2.4).toPrecision(2)}×`);
    expect(cells(markdown, 'W1 MLP')[6]).toBe(`${(9000 / 12000).toPrecision(2)}×`);
    expect(markdown).toContain('| numpy, 2 threads |');
  });
});

describe('the CSV import against pandas', () => {
  const ours = {
    mode: 'worker', rows: 1_000_000, cols: 20, megabytes: 160, seconds: 4, mbPerSec: 40, rssBeforeMb: 100, peakRssMb: 420, dataMb: 160, processMaxRssMb: 500,
  } as const;
  const withPandas: CsvImportFigures = { ...ours, pandas: { version: '1.5.3', seconds: 2.5, rows: 1_000_000, cols: 20, peakRssMb: 700 } };

  it('states the ratio this import ÷ pandas against the 2× bound, and both rows in the table', () => {
    const t = targets({ peers: {}, csv: withPandas }).find((x) => x.id === 'csvVsPandas');
    expect(t).toMatchObject({ value: 4 / 2.5, bound: 2, kind: '≤', met: true });
    expect(targets({ peers: {}, csv: { ...withPandas, seconds: 6 } }).find((x) => x.id === 'csvVsPandas')?.met).toBe(false);
    const markdown = csvTable(withPandas);
    expect(cells(markdown, 'this app (worker)').slice(1, 4)).toEqual(['1,000,000 × 20', '160', '4.00']);
    expect(cells(markdown, 'pandas 1.5.3 read_csv').slice(3, 5)).toEqual(['2.50', (160 / 2.5).toFixed(1)]);
  });

  it('says why pandas is missing instead of a ratio', () => {
    const skipped: CsvImportFigures = { ...ours, pandas: { missing: '/usr/bin/python3 has no pandas' } };
    expect(targets({ peers: {}, csv: skipped }).some((x) => x.id === 'csvVsPandas')).toBe(false);
    expect(csvTable(skipped)).toContain('pandas peer skipped: /usr/bin/python3 has no pandas.');
  });
});
