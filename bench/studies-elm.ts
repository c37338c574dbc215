/**
 * The `studies` section's ELM figure: the tuning curve on satellite (10 values of C × 10 hidden-unit counts up to
 * 1000: exact leave-one-out and GCV error from one decomposition per count, src/engine/trainers/elm/model-selection.ts)
 * against ridge fits at the largest size. Target (issue 13): the whole curve in ≤ 2× one fit. Same data and split as
 * the parity section; the curve's time includes its hidden layer over the training and validation rows.
 */
import { cpus } from 'node:os';
import { trainElm } from '../src/engine/trainers/elm/train-elm';
import type { ElmConfig } from '../src/engine/trainers/types';
import { prepare } from './parity';
import { median } from './measure';

export interface ElmCurveFigures {
  rows: number;
  points: number;
  chosen: { hiddenUnits: number; c: number };
  /** Medians over `runs` after a warm-up. */
  curveSec: number;
  oneFitSec: number;
  /** Ten independent ridge fits at the largest size, one per C of the grid. */
  tenFitsSec: number;
  /** curveSec / oneFitSec; the target is ≤ 2. */
  ratio: number;
  cpu: string;
}

const MAX_UNITS = 1000;
const ridge = (hiddenUnits: number, c: number, auto = false): ElmConfig =>
  ({ trainer: 'elm', hiddenUnits, c, activation: 'sigmoid', solver: 'ridge', init: 'uniform', auto });

export async function elmCurveBench(runs: number): Promise<ElmCurveFigures> {
  const splits = await prepare('satellite');
  const curves: number[] = [];
  const fits: number[] = [];
  const tens: number[] = [];
  let last = await trainElm(splits, ridge(MAX_UNITS, 1, true), 0); // warm-up
  for (let i = 0; i < runs; i++) {
    last = await trainElm(splits, ridge(MAX_UNITS, 1, true), 0);
    curves.push(last.selection!.ms / 1000);
    const cs = [...new Set(last.selection!.points.map((p) => p.c))];
    let ten = 0;
    for (const c of cs) ten += (await trainElm(splits, ridge(MAX_UNITS, c), 0)).timings.totalMs / 1000;
    tens.push(ten);
    fits.push(ten / cs.length);
  }
  const s = last.selection!;
  const curveSec = median(curves);
  const oneFitSec = median(fits);
  return {
    rows: splits.train.x.rows, points: s.points.length, chosen: { hiddenUnits: s.hiddenUnits, c: s.c },
    curveSec, oneFitSec, tenFitsSec: median(tens), ratio: curveSec / oneFitSec, cpu: cpus()[0]?.model ?? 'unknown',
  };
}

export function elmCurveTable(f: ElmCurveFigures): string {
  return [
    `ELM tuning curve on satellite (${f.rows} training rows, ${f.points} points: 10 C × hidden units up to ${MAX_UNITS}), ${f.cpu}`,
    '',
    '| whole curve | one ridge fit at 1000 | ten ridge fits at 1000 | curve / one fit (target ≤ 2) | chosen |',
    '|---|---|---|---|---|',
    `| ${f.curveSec.toFixed(2)} s | ${f.oneFitSec.toFixed(2)} s | ${f.tenFitsSec.toFixed(2)} s | ${f.ratio.toFixed(2)} ${f.ratio <= 2 ? '(met)' : '(not met)'} | ${f.chosen.hiddenUnits} units, C ${f.chosen.c} |`,
  ].join('\n');
}
