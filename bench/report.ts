/** The bench's results as Markdown tables, for the terminal and the README. */
import type { ElmCurveFigures } from './studies-elm';
import type { CsvImportFigures } from './csv-import';
import { W1_REDUCED_SAMPLES } from './engine';
import type { Figures } from './measure';
import type { ParityResult } from './parity';
import type { ElmWallFigures } from './elm-wall';
import { TFJS_SIZES } from './peers/tfjs';
import type { ApiLoadFigures } from './api-under-load';
import type { RunOverheadFigures } from './run-overhead';

export interface BenchResults {
  engine?: Figures;
  /** The same workloads with the JavaScript reference kernels (NW_KERNELS=js). */
  engineJs?: Figures;
  /** tfjsWasm, tfjsCpu; numpy1, numpy2, torch1, torch2 (numpy and PyTorch on 1 and 2 threads). */
  peers: { tfjsWasm?: Figures; tfjsCpu?: Figures; [native: string]: Figures | undefined };
  parity?: ParityResult[];
  /** Issue 10: ELM runs on letter_recognition through the run manager, wall time against training + start-up. */
  elmWall?: ElmWallFigures[];
  csv?: CsvImportFigures;
  runs?: RunOverheadFigures;
  /** The studies section: bench/studies.ts's benchmarks by id, and the ELM tuning curve against ridge fits. */
  studies?: { elmCurve?: ElmCurveFigures } & Record<string, unknown>;
  /** The engine's and numpy's W2 ridge fits in alternating rounds (seconds per round) and the median ratio. */
  paired?: { W2ridge: { engineSec: number[]; numpySec: number[]; ratio: number } };
  /** The issue's targets as ratios from this run. */
  targets?: Target[];
  /** Part of the runs section: the API's latency while a wide CSV imports and four runs train. */
  apiLoad?: ApiLoadFigures;
}

export interface Labels {
  kernels: string;
  tfjsWasm?: string;
  tfjsCpu?: string;
  /** Per native peer key (numpy1 …): library, version and threads. */
  native?: Record<string, string>;
}

interface Row {
  label: string;
  workload: string;
  key: string;
  /** The peers' key for the same quantity, when they measure it. */
  peerKey: string | null;
  unit: 'rate' | 'sec' | 'gflops';
  reference: string;
}

const ROWS: Row[] = [
  { label: 'W1 MLP 784-256-128-10, Adam, batch 64 — samples/s', workload: 'W1', key: 'samplesPerSec', peerKey: 'samplesPerSec', unit: 'rate',
    reference: 'PyTorch 32,000 · sklearn 36,000 · TF.js wasm 2,500–3,100 · TF.js cpu 460' },
  { label: 'W1s MLP 8-32-1 tanh, SGD, batch 32 — samples/s', workload: 'W1s', key: 'samplesPerSec', peerKey: 'samplesPerSec', unit: 'rate',
    reference: 'sklearn 520,000 · PyTorch 270,000 · TF.js wasm 66,000' },
  { label: 'W2 ELM ridge fit (20k×784, L=1000) — s', workload: 'W2', key: 'ridgeSec', peerKey: null, unit: 'sec',
    reference: 'numpy/OpenBLAS 0.7–0.9' },
  { label: 'W2 hidden layer σ(XW+b) — s', workload: 'W2', key: 'ridgeHiddenSec', peerKey: 'hiddenSec', unit: 'sec', reference: '' },
  { label: 'W2 HᵀH (engine: + HᵀT + Cholesky solve) — s', workload: 'W2', key: 'ridgeSolveSec', peerKey: 'gramSec', unit: 'sec', reference: '' },
  { label: 'W2 ELM pinv fit — s', workload: 'W2', key: 'pinvSec', peerKey: null, unit: 'sec', reference: 'numpy/OpenBLAS 7–9' },
  { label: 'W3 matmul 64×784·784×256 — GFLOPS', workload: 'W3', key: 'gflops64x784x256', peerKey: 'gflops64x784x256', unit: 'gflops',
    reference: 'OpenBLAS 165 · TF.js wasm 22–26 · plain JS 1–3' },
  { label: 'W3 matmul 1024³ — GFLOPS', workload: 'W3', key: 'gflops1024', peerKey: 'gflops1024', unit: 'gflops',
    reference: 'OpenBLAS 165 · TF.js wasm 22–26 · plain JS 1–3' },
  { label: 'W3 matmul 1024³ on all kernel threads — GFLOPS', workload: 'W3', key: 'gflops1024Threads', peerKey: null, unit: 'gflops',
    reference: 'OpenBLAS, 2 threads ≈ 330' },
];

function value(v: number | undefined, unit: Row['unit']): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (unit === 'rate') return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}

/** A ratio with two significant digits, without exponent notation. */
const times = (r: number): string => `${r >= 100 ? Math.round(r) : r.toPrecision(2)}×`;

/** How many times faster the engine is (> 1) or slower (< 1). */
function speedRatio(engine: number | undefined, peer: number | undefined, unit: Row['unit']): string {
  if (engine === undefined || peer === undefined || !(engine > 0) || !(peer > 0)) return '–';
  return times(unit === 'sec' ? peer / engine : engine / peer);
}

const table = (header: string[], rows: string[][]): string =>
  [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function workloadTable(r: BenchResults, labels: Labels): string {
  const peer = (f: Figures | undefined, row: Row) => (row.peerKey ? f?.[row.workload]?.[row.peerKey] : undefined);
  const rows = ROWS.filter((row) => [r.engine, r.engineJs].some((f) => f?.[row.workload]?.[row.key] !== undefined)).map((row) => {
    const engine = r.engine?.[row.workload]?.[row.key];
    const wasm = peer(r.peers.tfjsWasm, row);
    const cpu = peer(r.peers.tfjsCpu, row);
    return [
      row.label, value(engine, row.unit), value(r.engineJs?.[row.workload]?.[row.key], row.unit), value(wasm, row.unit), value(cpu, row.unit),
      speedRatio(engine, wasm, row.unit), speedRatio(engine, cpu, row.unit), row.reference,
    ];
  });
  const wasm = TFJS_SIZES.wasm;
  const cpu = TFJS_SIZES.cpu;
  const notes = [
    `Engine (SIMD) = ${labels.kernels} kernels (W3 on one thread, as the workload is defined, except its "all kernel threads" row); engine (JS) = the reference kernels (NW_KERNELS=js), W1 over ${W1_REDUCED_SAMPLES.toLocaleString('en-US')} samples, one 1024³ product, W2 only with \`--only js,W2\` (minutes; one ridge run, no pinv).`,
    `${labels.tfjsWasm ?? 'TF.js wasm'}: W1 over ${wasm.w1Samples.toLocaleString('en-US')} samples, W1s ${wasm.w1sEpochs} epochs, W2 on ${wasm.w2Rows.toLocaleString('en-US')} rows scaled to 20,000. ` +
      `${labels.tfjsCpu ?? 'TF.js cpu'}: W1 over ${cpu.w1Samples} samples, W1s ${cpu.w1sEpochs} epoch(s), W2 on ${cpu.w2Rows} rows scaled, one 1024³ product. ` +
      'TF.js has no linear solver: its W2 rows are the hidden layer and HᵀH alone (HᵀH through an explicit transpose: ' +
      'the wasm backend\'s transposed matMul is 10–15× slower, and its W1 gradients xᵀ·dy go through that path). ' +
      'Both single-threaded, tfjs-core only.',
    'Speed-up = how many times faster this engine is than the peer (samples/s or GFLOPS ratio, inverse time ratio). ' +
      'ELM fit = hidden layer + solve (scoring excluded). Reference figures: the issue\'s measurements on the same kind of 2-core machine.',
  ];
  return `${table(
    ['workload', 'this engine (SIMD)', 'this engine (JS)', 'TF.js wasm', 'TF.js cpu', 'speed-up vs TF.js wasm', 'speed-up vs TF.js cpu', 'reference figures'],
    rows,
  )}\n\n${notes.map((n) => `- ${n}`).join('\n')}`;
}

function scoreText(v: number, metric: ParityResult['metric']): string {
  return metric === 'accuracy' ? v.toFixed(3) : v.toPrecision(3);
}

export function parityTable(results: ParityResult[], maxEpochs: number): string {
  const logLoss = (v: number | null) => (v === null ? '—' : v.toPrecision(3));
  const rows = results.map((p) => {
    const ref = p.reference;
    return [
      p.name, String(p.elm.hiddenUnits), scoreText(p.target, p.metric), p.elm.toTargetSec.toPrecision(2),
      `${scoreText(p.elm.val, p.metric)} / ${scoreText(p.elm.test, p.metric)}`,
      p.bp.reached ? String(p.bp.epochs) : `ELM's score not reached in ${p.bp.epochs}`,
      p.bp.toTargetSec.toPrecision(2), `${scoreText(p.bp.val, p.metric)} / ${scoreText(p.bp.test, p.metric)}`,
      `${logLoss(p.elm.valLogLoss)} / ${logLoss(p.bp.valLogLoss)}`,
      times(p.ratio),
      `L ${ref.elmUnits} · ${ref.elmSec} s · ${ref.score} · ${ref.bpEpochs} ep · ${ref.bpSec} s · ${times(ref.bpSec / ref.elmSec)}`,
    ];
  });
  const header = ['dataset', 'ELM L', 'target (val)', 'ELM s to target', 'ELM val / test', 'BP epochs', 'BP s to target',
    'BP val / test', 'val log-loss ELM / BP', 'speed-up (BP ÷ ELM time)', 'reference: ELM L · ELM s · test score · BP epochs · BP s · ratio'];
  return `${table(header, rows)}\n\n- Time to parity as the app's Compare table computes it (src/shared/time-to-parity.ts): the target is ` +
    'the worse final validation score of the two runs, each time the training time at which a run first reached it. Scores: accuracy, ' +
    `or RMSE in the target's units (diabetes, boston). BP = 1×64 tanh MLP, Adam 1e-3, batch 200, trained until it reaches the ELM's ` +
    `validation score or ${maxEpochs} epochs; its time includes its per-epoch validation scoring. The reference stopped on the test ` +
    'score and used scikit-learn-style splits.';
}

export function csvTable(c: CsvImportFigures): string {
  const size = `${c.rows.toLocaleString('en-US')} × ${c.cols}`;
  const rows = [[
    `this app (${c.mode})`, size, c.megabytes.toFixed(0), c.seconds.toFixed(2), c.mbPerSec.toFixed(1), `${c.peakRssMb.toFixed(0)} (${c.rssBeforeMb.toFixed(0)})`,
  ]];
  const p = c.pandas;
  if (!('missing' in p)) {
    rows.push([`pandas ${p.version} read_csv`, `${p.rows.toLocaleString('en-US')} × ${p.cols}`, c.megabytes.toFixed(0), p.seconds.toFixed(2),
      (c.megabytes / p.seconds).toFixed(1), `${p.peakRssMb.toFixed(0)} (whole process)`]);
  }
  const note = 'missing' in p ? `\n\n- pandas peer skipped: ${p.missing}.` : '';
  return `${table(['CSV import', 'rows × cols', 'MB', 'seconds', 'MB/s', 'peak RSS MB (before)'], rows)}${note}`;
}

export function runsTable(r: RunOverheadFigures, load?: ApiLoadFigures): string {
  const p = r.persistence;
  return table(['run overhead', 'value'], [
    ['browser host: runs.start → first epoch event, iris 64-64 (median, warm spare)', `${r.medianFirstEpochMs.toFixed(0)} ms`],
    ['browser host: ELM on iris, runs.start → completed (median, warm spare)', `${r.medianElmMs.toFixed(0)} ms`],
    ['one epoch, iris 64-64 ReLU, Adam, batch 32', `${r.epoch.epochMs.toFixed(2)} ms`],
    ['  of it outside the kernels', `${(100 * r.epoch.outsideShare).toFixed(0)} %`],
    ['start → first progress event (median)', `${r.medianFirstProgressMs.toFixed(0)} ms`],
    ['metric rows persisted, 4 runs at once', `${Math.round(p.rowsPerSec).toLocaleString('en-US')} rows/s`],
    ['store time per flush transaction', `${p.storeMsPerFlush.toFixed(2)} ms`],
    ...(load ? [
      [`app.info p99 while a ${load.columns.toLocaleString('en-US')}-column CSV imports and ${load.runs} runs train (target ≤ 100 ms)`, `${load.p99Ms.toFixed(1)} ms`],
      [`app.info p99 with the ${load.runs} runs alone`, `${load.baseline.p99Ms.toFixed(1)} ms`],
    ] : []),
  ]);
}

interface NativeRow {
  label: string;
  workload: string;
  key: string;
  peerKey: string;
  unit: Row['unit'];
}

const NATIVE_ROWS: NativeRow[] = [
  { label: 'W1 MLP 784-256-128-10, Adam, batch 64 — samples/s', workload: 'W1', key: 'samplesPerSec', peerKey: 'samplesPerSec', unit: 'rate' },
  { label: 'W1s MLP 8-32-1 tanh, SGD, batch 32 — samples/s', workload: 'W1s', key: 'samplesPerSec', peerKey: 'samplesPerSec', unit: 'rate' },
  { label: 'W2 ELM ridge fit, L=1000 — s', workload: 'W2', key: 'ridgeSec', peerKey: 'ridgeSec', unit: 'sec' },
  { label: 'W2 hidden layer σ(XW+b) — s', workload: 'W2', key: 'ridgeHiddenSec', peerKey: 'hiddenSec', unit: 'sec' },
  { label: 'W2 HᵀH + HᵀT + solve — s', workload: 'W2', key: 'ridgeSolveSec', peerKey: 'gramSolveSec', unit: 'sec' },
  { label: 'W2 ELM pinv fit via eigh(HᵀH), L=1000 — s', workload: 'W2', key: 'pinvSec', peerKey: 'pinvGramSec', unit: 'sec' },
  { label: 'W2 ELM pinv fit, peer by SVD of H (np.linalg.pinv) — s', workload: 'W2', key: 'pinvSec', peerKey: 'pinvSec', unit: 'sec' },
  { label: 'W2 ELM ridge fit, L=2000 — s', workload: 'W2', key: 'ridgeSecL2000', peerKey: 'ridgeSecL2000', unit: 'sec' },
  { label: 'W2 ELM pinv fit via eigh(HᵀH), L=2000 — s', workload: 'W2', key: 'pinvSecL2000', peerKey: 'pinvGramSecL2000', unit: 'sec' },
  { label: 'W3 matmul 64×784·784×256, 1 thread (peers: their threads) — GFLOPS', workload: 'W3', key: 'gflops64x784x256', peerKey: 'gflops64x784x256', unit: 'gflops' },
  { label: 'W3 matmul 1024³, 1 thread (peers: their threads) — GFLOPS', workload: 'W3', key: 'gflops1024', peerKey: 'gflops1024', unit: 'gflops' },
];

const NATIVE_PEERS = ['numpy1', 'numpy2', 'torch1', 'torch2'];

/** The engine beside numpy and PyTorch on 1 and 2 threads, same run, same data. */
export function nativeTable(r: BenchResults, labels: Labels): string {
  const peers = NATIVE_PEERS.filter((p) => r.peers[p]);
  const rows = NATIVE_ROWS.filter((row) => r.engine?.[row.workload]?.[row.key] !== undefined).map((row) => {
    const engine = r.engine?.[row.workload]?.[row.key];
    const figures = peers.map((p) => r.peers[p]?.[row.workload]?.[row.peerKey]);
    const known = figures.filter((f): f is number => f !== undefined && Number.isFinite(f));
    const best = known.length ? (row.unit === 'sec' ? Math.min(...known) : Math.max(...known)) : undefined;
    return [row.label, value(engine, row.unit), ...figures.map((f) => value(f, row.unit)), speedRatio(engine, best, row.unit)];
  });
  const header = ['workload', `this engine (${labels.kernels})`, ...peers.map((p) => labels.native?.[p] ?? p), 'speed-up vs the best peer'];
  return `${table(header, rows)}\n\n- numpy and PyTorch run under Debian's /usr/bin/python3 (BLAS: OpenBLAS) on the engine's own data for each ` +
    'workload; threads set through OPENBLAS/OMP_NUM_THREADS and torch.set_num_threads. Their ELM: H = σ(XW + b) in float32, ' +
    'HᵀH and HᵀT in float64, `linalg.solve` (ridge) or `linalg.eigh` of HᵀH (pinv), as the engine; np.linalg.pinv is the SVD of ' +
    'the whole H. Speed-up below 1: the peer is faster. Peers\' L=2000 rows: one run each.';
}

/** One of the issue's targets, as a ratio measured within this run. */
export interface Target {
  id: string;
  label: string;
  value: number;
  /** The value must be at most (≤) or at least (≥) this. */
  bound: number;
  kind: '≤' | '≥';
  met: boolean;
}

/** The issue's speed targets that this run measured (issue 15 items 5–7, and W1 against PyTorch). */
export function targets(r: BenchResults): Target[] {
  const e = r.engine;
  const out: Target[] = [];
  const add = (id: string, label: string, v: number | undefined, kind: Target['kind'], bound: number) => {
    if (v === undefined || !Number.isFinite(v)) return;
    out.push({ id, label, value: v, bound, kind, met: kind === '≤' ? v <= bound : v >= bound });
  };
  const numpy2 = r.peers.numpy2?.W2?.ridgeSec;
  if (r.paired) add('w2RidgeVsNumpy2', 'W2 ridge fit ÷ numpy\'s 2-thread ridge fit (alternating rounds)', r.paired.W2ridge.ratio, '≤', 3);
  else add('w2RidgeVsNumpy2', 'W2 ridge fit ÷ numpy\'s 2-thread ridge fit (sections minutes apart)', numpy2 && e?.W2?.ridgeSec ? e.W2.ridgeSec / numpy2 : undefined, '≤', 3);
  // Paired (alternating) ratios where the bench has them, else the ratio of the medians.
  const ratio = (paired: string, over: string, under: string) => e?.W2?.[paired] ?? (e?.W2 ? e.W2[over] / e.W2[under] : undefined);
  add('w2PinvVsRidge', 'W2 pinv fit ÷ ridge fit, L=1000', ratio('pinvOverRidge', 'pinvSec', 'ridgeSec'), '≤', 1.5);
  add('w2PinvVsRidgeL2000', 'W2 pinv fit ÷ ridge fit, L=2000', ratio('pinvOverRidgeL2000', 'pinvSecL2000', 'ridgeSecL2000'), '≤', 1.5);
  add('w3SmallOfPeak', 'W3 64×784·784×256 one-thread median ÷ FMA peak', e?.W3?.fractionOfPeak64x784x256, '≥', 0.7);
  add('w3BigOfPeak', 'W3 1024³ one-thread median ÷ FMA peak', e?.W3?.fractionOfPeak1024, '≥', 0.7);
  const torch = [r.peers.torch1?.W1?.samplesPerSec, r.peers.torch2?.W1?.samplesPerSec].filter((v): v is number => v !== undefined);
  add('firstEpochMs', 'browser host: runs.start → first epoch event, ms (warm spare)', r.runs?.medianFirstEpochMs, '≤', 300);
  add('elmIrisMs', 'browser host: ELM on iris, runs.start → completed, ms', r.runs?.medianElmMs, '≤', 250);
  add('irisEpochMs', 'one epoch, iris 64-64 (ms)', r.runs?.epoch.epochMs, '≤', 0.5);
  add('irisEpochOutside', 'share of the iris epoch outside the kernels', r.runs?.epoch.outsideShare, '≤', 0.2);
  const csv = r.csv;
  if (csv && !('missing' in csv.pandas)) add('csvVsPandas', 'CSV import 1M × 20 ÷ pandas read_csv of the same file', csv.seconds / csv.pandas.seconds, '≤', 2);
  add('w1VsTorch', 'W1 samples/s ÷ PyTorch\'s best of 1 and 2 threads', torch.length && e?.W1 ? e.W1.samplesPerSec / Math.max(...torch) : undefined, '≥', 1);
  return out;
}

export function targetsTable(list: Target[]): string {
  const shown = (t: Target) => (t.id.startsWith('w3') ? `${(100 * t.value).toFixed(0)} %` : t.value.toFixed(2));
  const bound = (t: Target) => (t.id.startsWith('w3') ? `${(100 * t.bound).toFixed(0)} %` : String(t.bound));
  return table(['target (issue 15), this run', 'value', 'target', 'met'], list.map((t) => [t.label, shown(t), `${t.kind} ${bound(t)}`, t.met ? 'yes' : 'no']));
}
