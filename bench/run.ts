/**
 * `npm run bench [-- --json] [-- --only W1,W3,peers] [-- --runs 3]`: the engine's speed on the standard
 * workloads (median of several runs after a warm-up), the same workloads with the reference kernels, on
 * TensorFlow.js (wasm and cpu backends) and on numpy and PyTorch (when Debian's Python has them), the issue's
 * targets as ratios from this one run, and ELM-vs-backprop time to parity on the shipped samples.
 * Prints Markdown tables, writes everything to bench/results/<date>.json; with --json the last line of
 * stdout is the machine-readable summary.
 *
 * --only takes workload ids (W1, W1s, W2, W3: only those workloads) and/or sections: engine, js, peers
 * (tfjs-wasm, tfjs-cpu, native = numpy and PyTorch under /usr/bin/python3 on 1 and 2 threads), paired (rounds of
 * the engine's and numpy's W2 ridge fit back to back, for the target's ratio), parity, and the slow optional ones
 * elm-wall (bench/elm-wall.ts: ELM runs on letter_recognition through the run manager), csv (1M × 20 import), runs (run overhead) and studies (bench/studies.ts: a 36-run iris sweep through the queue;
 * the ELM tuning curve against ridge fits).
 * No --only: every section but csv and runs; workload ids alone: the engine section only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { jsKernels } from '../src/engine/math/js-kernels';
import { kernels } from '../src/engine/math/kernels';
import { selectKernels } from '../src/engine/math/select-kernels';
import { configureKernels } from '../src/main/engine-host/configure-kernels';
import { csvImportBench, describeCsvImport } from './csv-import';
import { benchEngine, withKernels } from './engine';
import { w2 } from './workloads';
import { cpuShare, type SectionOptions } from './measure';
import { parity, PARITY_CASES } from './parity';
import { benchNativePeers, pairedRidgeRounds } from './peers/native';
import { benchTfjs } from './peers/tfjs';
import { apiUnderLoadBench, describeApiLoad } from './api-under-load';
import {
  type BenchResults, csvTable, type Labels, nativeTable, parityTable, runsTable, targets, targetsTable, workloadTable,
} from './report';
import { describeRunOverhead, runOverheadBench } from './run-overhead';
import { elmWallBench, elmWallTable } from './elm-wall';
import { STUDY_BENCHES } from './studies';
import { elmCurveBench, elmCurveTable } from './studies-elm';

const WORKLOADS = ['W1', 'W1s', 'W2', 'W3'];
const DEFAULT_SECTIONS = ['engine', 'js', 'tfjs-wasm', 'tfjs-cpu', 'native', 'paired', 'parity', 'elm-wall', 'studies'];
const PEER_SECTIONS = ['tfjs-wasm', 'tfjs-cpu', 'native'];
const SECTIONS = [...DEFAULT_SECTIONS, 'peers', 'csv', 'runs'];
/** Backprop epochs allowed to reach the ELM's validation score. */
const PARITY_MAX_EPOCHS = 1000;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string', default: '3' },
  },
});
const only = (values.only ?? '').split(',').filter(Boolean);
const unknown = only.filter((id) => !WORKLOADS.includes(id) && !SECTIONS.includes(id));
if (unknown.length) throw new Error(`--only: unknown ${unknown.join(', ')} (workloads ${WORKLOADS.join(', ')}; sections ${SECTIONS.join(', ')})`);
const onlyWorkloads = only.filter((id) => WORKLOADS.includes(id));
const onlySections = only.flatMap((id) => (id === 'peers' ? PEER_SECTIONS : SECTIONS.includes(id) ? [id] : []));
// Workloads alone keep their old meaning: the engine on those workloads.
const defaultSections = onlyWorkloads.length ? ['engine'] : DEFAULT_SECTIONS;
const section = (id: string) => (onlySections.length ? onlySections : defaultSections).includes(id);
const log = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
const options: SectionOptions = {
  runs: Math.max(1, Number(values.runs)),
  wanted: (id) => !onlyWorkloads.length || onlyWorkloads.includes(id),
  log,
};

async function main(): Promise<void> {
  const kernelSet = configureKernels();
  log(`engine kernels: ${kernelSet}; ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}); node ${process.version}; ${options.runs} runs + warm-up`);
  const results: BenchResults = { peers: {} };
  const labels: Labels = { kernels: kernelSet };
  // The slow optional sections first, so their memory figures are not inflated by the others.
  if (section('csv')) {
    log('CSV import 1,000,000 × 20 (worker)');
    results.csv = await csvImportBench();
    log(`  ${describeCsvImport(results.csv)}`);
  }
  if (section('runs')) {
    log('run overhead');
    results.runs = await runOverheadBench();
    log(`  ${describeRunOverhead(results.runs).replaceAll('\n', '\n  ')}`);
    results.apiLoad = await apiUnderLoadBench();
    log(`  ${describeApiLoad(results.apiLoad)}`);
  }
  if (section('studies')) {
    results.studies = {};
    for (const bench of STUDY_BENCHES) {
      log(bench.title);
      const r = await bench.run();
      results.studies[bench.id] = r.figures;
      log(`  ${r.text}`);
    }
  }
  if (section('engine')) {
    log(`this engine, ${kernelSet} kernels`);
    // The app's kernel set (threaded where the host has cores); W3 also on one thread, as the workload defines it.
    const oneThread = selectKernels({ forceJs: kernels() === jsKernels }).kernels;
    results.engine = await benchEngine(options, { oneThread: oneThread.name === kernelSet ? undefined : oneThread });
  }
  if (section('js')) {
    log('this engine, JavaScript reference kernels');
    // W2 with these kernels takes minutes: only when asked for by name (--only js,W2).
    results.engineJs = await withKernels(jsKernels, () => benchEngine(options, { reduced: true, withW2: onlyWorkloads.includes('W2') }));
  }
  if (section('tfjs-wasm')) {
    const r = await benchTfjs('wasm', options);
    [labels.tfjsWasm, results.peers.tfjsWasm] = [r.label, r.figures];
  }
  if (section('tfjs-cpu')) {
    const r = await benchTfjs('cpu', options);
    [labels.tfjsCpu, results.peers.tfjsCpu] = [r.label, r.figures];
  }
  if (section('native')) {
    const native = await benchNativePeers(options);
    if (native) {
      Object.assign(results.peers, native.figures);
      labels.native = native.labels;
    }
  }
  if (section('paired')) {
    log('W2 ridge fit, this engine and numpy (2 threads) in alternating rounds');
    const paired = await pairedRidgeRounds(options, async () => (await w2('ridge')).fitSec);
    if (paired) results.paired = { W2ridge: paired };
    else log('  skipped: numpy is not available');
  }
  if (section('parity')) {
    log(`ELM vs backprop to parity (${kernelSet} kernels)`);
    results.parity = [];
    for (const c of PARITY_CASES) {
      const p = await parity(c, options.runs, PARITY_MAX_EPOCHS);
      log(`  ${p.name}: ${p.sentence}`);
      results.parity.push(p);
    }
  }

  if (section('elm-wall')) {
    log('ELM on letter_recognition through the run manager: wall time against training + start-up');
    results.elmWall = await elmWallBench();
    for (const r of results.elmWall) log(`  L = ${r.hiddenUnits}: wall ${(r.wallMs / 1000).toFixed(2)} s, training ${(r.trainMs / 1000).toFixed(2)} s, start-up ${(r.timings.startUpMs / 1000).toFixed(2)} s`);
  }

  if (section('studies')) {
    log('studies: ELM tuning curve on satellite');
    results.studies = { ...results.studies, elmCurve: await elmCurveBench(options.runs) };
    log(`  curve ${results.studies.elmCurve!.curveSec.toFixed(2)} s, one fit ${results.studies.elmCurve!.oneFitSec.toFixed(2)} s`);
  }

  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version };
  results.targets = targets(results);
  const markdown = [
    results.engine || results.engineJs ? workloadTable(results, labels) : '',
    results.engine && labels.native ? nativeTable(results, labels) : '',
    results.targets.length ? targetsTable(results.targets) : '',
    results.parity ? parityTable(results.parity, PARITY_MAX_EPOCHS) : '',
    results.elmWall ? elmWallTable(results.elmWall) : '',
    results.csv ? csvTable(results.csv) : '',
    results.runs ? runsTable(results.runs, results.apiLoad) : '',
    results.studies?.elmCurve ? elmCurveTable(results.studies.elmCurve) : '',
  ].filter(Boolean).join('\n\n');
  const seconds = performance.now() / 1000;
  const share = cpuShare(); // since process start, which is where performance.now() and cpuUsage() count from
  const footer = `Bench took ${seconds.toFixed(0)} s on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; ` +
    `process CPU time / wall time ${share.toFixed(2)} (on a quiet machine 1 for single-threaded work, up to the kernel threads for split products; less means other load).`;
  log(`\n${markdown}\n\n${footer}`);

  mkdirSync('bench/results', { recursive: true });
  const date = new Date().toISOString();
  const file = `bench/results/${date.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ date, kernels: kernelSet, labels, machine, runs: options.runs, seconds, cpuShare: share, ...results, markdown: `${markdown}\n\n${footer}` }, null, 2));
  log(`written to ${file}`);
  if (values.json) process.stdout.write(`${JSON.stringify({ engine: results.engine ?? {}, engineJs: results.engineJs, peers: results.peers, targets: results.targets })}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
