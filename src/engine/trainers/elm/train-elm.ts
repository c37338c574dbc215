import { InputError } from '../../catalog/input-error';
import { now } from '../../math/clock';
import { kernels } from '../../math/kernels';
import { castMatrix, type Matrix } from '../../math/matrix';
import { Rng } from '../../math/random';
import { logLossSumOfScores } from '../../metrics/log-loss';
import { predictedClasses, scoreSplit } from '../score';
import type { ElmConfig, FinalScores, PreparedSplits, SplitMetrics, TrainHooks } from '../types';
import { fitTemperature } from './calibration';
import { selectElmSettings, type ElmSelection } from './auto-select';
import { hiddenUnitsGrid } from './model-selection';
import { elmForward, hiddenForward, type ElmHidden, type ElmWeights } from './elm-model';
import { initHidden } from './init-hidden';
import { WorkPlan } from '../work-plan';
import {
  gramConditioning, outerGram, solvePinv, solvePinvDual, solvePinvPrimal, solveRidgeDual, solveRidgePrimal,
  type Conditioning, type F64Matrix,
} from './solvers';

const DEFAULT_CHUNK_ROWS = 2048;
/**
 * pinv uses the SVD of the whole H (the method as first published) up to this many entries N·L; beyond,
 * the eigendecomposition of the Gram matrix (see solveGramPinv for the numerical trade-off), which
 * accumulates chunk by chunk like ridge and costs O(min(N, L)³) instead of an SVD of N × L.
 */
export const PINV_SVD_MAX_ENTRIES = 2_000_000;
/** How often, at most, the trainer yields to the event loop so that a stop request can arrive. */
const YIELD_EVERY_MS = 50;

/**
 * pinv: SVD of H; pinv-gram(-dual): eigendecomposition of HᵀH (of HHᵀ when N < L) for large problems,
 * see PINV_SVD_MAX_ENTRIES. ridge: Cholesky of HᵀH + I/C (primal, N ≥ L) or of HHᵀ + I/C (dual, N < L), with
 * "-eigen" when the estimated condition of that system was too large for Cholesky to be accurate to 1e-6 (see
 * solveSymmetric) and its eigendecomposition solved it instead. 'none' when the run was cancelled before solving.
 * (Runs stored before the eigen fallback say "-svd" for the SVD fallback of the time.)
 */
type ElmSolverUsed =
  | 'pinv' | 'pinv-gram' | 'pinv-gram-dual' | 'ridge-cholesky' | 'ridge-eigen' | 'ridge-dual-cholesky' | 'ridge-dual-eigen' | 'none';

export interface ElmResult {
  status: 'completed' | 'cancelled';
  /** Null when cancelled. */
  weights: ElmWeights | null;
  /**
   * hiddenMs: evaluating H = g(XW + b); solveMs: accumulating and solving for β; totalMs: the whole fit, from
   * drawing the random weights to β and the probabilities' temperature — what a run's training time means for backprop too. The rank/condition
   * diagnostics (diagnosticsMs) and the final scoring of every split (evaluationMs) come after and are not in totalMs.
   */
  timings: { hiddenMs: number; solveMs: number; totalMs: number; diagnosticsMs: number; evaluationMs: number };
  /**
   * Numerical rank of H and κ(H): from the decomposition when pinv or the ridge's eigen fallback made one, else
   * from the Cholesky solve's cheap estimate; null when cancelled or when that estimate cannot resolve them
   * (H's smallest direction hidden under the ridge term I/C).
   */
  rank: number | null;
  condition: number | null;
  solverUsed: ElmSolverUsed;
  /** Scores of every non-empty split (loss = MSE on the targets) and the test predictions; null when cancelled. */
  final: FinalScores | null;
  parameterCount: number;
  /** Training rows whose hidden activations were computed (all of them unless cancelled). */
  rowsProcessed: number;
  /** With "Auto": what was chosen and the curve (its time apart from the fit's timings). */
  selection?: ElmSelection;
}

/** The hidden layer's output over the training rows, as the solve needs it. */
interface HiddenPass {
  /** The whole N × L matrix H (SVD pinv and the dual forms), else null. */
  h: Float64Array | null;
  /** The Gram matrix of [H | T], (L + k) × (L + k), accumulated chunk by chunk (the primal forms), else null. */
  gramAug: Float64Array | null;
  hiddenMs: number;
  /** Time spent accumulating the Gram matrix (part of the solve). */
  accumulateMs: number;
  rowsProcessed: number;
  cancelled: boolean;
}

/**
 * Evaluates H = g(XW + b) chunk by chunk over the training rows and keeps it whole or folds each chunk into the
 * Gram matrix of [H | T], checking for non-finite values; reports progress and stops early when asked.
 */
async function hiddenPass(
  splits: PreparedSplits, hidden: ElmHidden, units: number, keepH: boolean, chunk: number, hooks: TrainHooks, plan: WorkPlan,
): Promise<HiddenPass> {
  const { x, y } = splits.train;
  const n = x.rows;
  const k = y.cols;
  const h = keepH ? new Float64Array(n * units) : null;
  const block = Math.min(chunk, n);
  // H is computed in the data's element type (float32 in the app: the fast SIMD path, see hiddenForward).
  const Ctor = x.data instanceof Float64Array ? Float64Array : Float32Array;
  const hb = new Ctor(block * units);
  // The Gram path accumulates AᵀA for A = [H | T] in float64: HᵀH and HᵀT come out of one syrk pass,
  // with products of float32 entries exact in float64 and no separate, mixed-type HᵀT product.
  const width = units + k;
  const augmented = keepH ? null : new Ctor(block * width);
  const gramAug = keepH ? null : new Float64Array(width * width);
  const pass: HiddenPass = { h, gramAug, hiddenMs: 0, accumulateMs: 0, rowsProcessed: 0, cancelled: false };
  let lastYield = now();

  for (let start = 0; start < n; start += block) {
    const rows = Math.min(block, n - start);
    const t0 = now();
    hiddenForward(hidden, x.data.subarray(start * x.cols, (start + rows) * x.cols), rows, hb);
    const t1 = now();
    pass.hiddenMs += t1 - t0;
    const nonFinite = () =>
      new InputError('INVALID_CONFIG', `the hidden layer produced non-finite values (training rows ${start}–${start + rows - 1}); check the inputs`);
    if (h) {
      if (!kernels().allFinite(hb.subarray(0, rows * units))) throw nonFinite();
      h.set(hb.subarray(0, rows * units), start * units);
    }
    if (augmented && gramAug) {
      for (let r = 0; r < rows; r++) {
        augmented.set(hb.subarray(r * units, (r + 1) * units), r * width);
        augmented.set(y.data.subarray((start + r) * k, (start + r + 1) * k), r * width + units);
      }
      kernels().syrk(augmented, gramAug, rows, width);
      // A NaN or ±Infinity in column j of H makes (HᵀH)jj = Σ h² non-finite (as do values so large that the
      // solve could not use them), so L diagonal entries stand in for a scan of the whole chunk.
      for (let j = 0; j < units; j++) if (!Number.isFinite(gramAug[j * width + j])) throw nonFinite();
      pass.accumulateMs += now() - t1;
    }
    pass.rowsProcessed = start + rows;
    // Progress while the hidden layer is evaluated chunk by chunk over the training rows.
    hooks.onPhase?.('hidden layer', (start + rows) / n);
    plan.at(STEPS.hidden, (start + rows) / n);
    if (start + rows < n) {
      if (hooks.yieldNow && now() - lastYield >= YIELD_EVERY_MS) {
        await hooks.yieldNow();
        lastYield = now();
      }
      if (hooks.shouldStop?.()) return { ...pass, cancelled: true };
    }
  }
  return pass;
}

/** β, the solver that gave it, and (computed afterwards, on demand) H's rank and condition. */
interface Solved {
  beta: F64Matrix;
  solverUsed: ElmSolverUsed;
  conditioning: () => Conditioning | null;
}

/** Solves for the output weights by the method the config, N and L call for (see ElmSolverUsed). */
function solveOutputWeights(
  config: ElmConfig, pass: HiddenPass, targets: F64Matrix, units: number, pinvBySvd: boolean, exactDiagnostics: boolean,
): Solved {
  const n = targets.rows;
  if (pass.h) {
    const h = { rows: n, cols: units, data: pass.h };
    if (pinvBySvd) {
      const r = solvePinv(h, targets);
      return { beta: r.beta, solverUsed: 'pinv', conditioning: () => r };
    }
    const outer = outerGram(h);
    if (config.solver === 'pinv') {
      const r = solvePinvDual(h, outer, targets);
      return { beta: r.beta, solverUsed: 'pinv-gram-dual', conditioning: () => r };
    }
    const r = solveRidgeDual(h, outer, targets, config.c);
    return {
      beta: r.beta, solverUsed: r.method === 'cholesky' ? 'ridge-dual-cholesky' : 'ridge-dual-eigen',
      conditioning: () => (r.method === 'cholesky' && exactDiagnostics ? gramConditioning(outer, n) : r.conditioning),
    };
  }
  const { gram: g, cross } = splitAugmentedGram(pass.gramAug!, units, targets.cols);
  const rhs = { rows: units, cols: targets.cols, data: cross };
  if (config.solver === 'pinv') {
    const r = solvePinvPrimal(g, rhs);
    return { beta: r.beta, solverUsed: 'pinv-gram', conditioning: () => r };
  }
  const r = solveRidgePrimal(g, rhs, config.c, Math.max(n, units));
  return {
    beta: r.beta, solverUsed: r.method === 'cholesky' ? 'ridge-cholesky' : 'ridge-eigen',
    conditioning: () => (r.method === 'cholesky' && exactDiagnostics ? gramConditioning(g, units) : r.conditioning),
  };
}

/** The steps of a fit as its progress names them. */
const STEPS = {
  select: 'choosing hidden units and C', hidden: 'hidden layer', solve: 'solving the output weights',
  calibrate: 'calibrating the probabilities', score: 'scoring every split',
} as const;

/** Rough flops of a symmetric eigendecomposition with its eigenvectors applied (reduction, divide and conquer, back-transform). */
const eigenFlops = (s: number): number => 9 * s ** 3;

/**
 * The fit's steps weighted by their arithmetic (flops, to within small factors: enough for a progress bar and an
 * ETA that covers the whole job rather than the hidden layer alone, and for the diagnostics' budget). The ml-matrix
 * SVD runs in plain JavaScript, about ten times slower per flop than the kernels, hence its factor.
 */
function elmStepFlops(splits: PreparedSplits, config: ElmConfig, pinvBySvd: boolean): [string, number][] {
  const n = splits.train.x.rows;
  const d = splits.train.x.cols;
  const k = splits.train.y.cols;
  const units = config.hiddenUnits;
  const small = Math.min(n, units);
  const dual = n < units ? 2 * n * n * units : 0;
  const forward = (rows: number) => 2 * rows * (d * units + units * k);
  const solve = pinvBySvd ? 10 * (4 * n * units * units + 8 * units ** 3)
    : config.solver === 'pinv' ? dual + eigenFlops(small)
      : dual + small ** 3 / 3 + 2 * small * small * k;
  const scoredRows = n + splits.val.x.rows + splits.test.x.rows;
  const steps: [string, number][] = [
    [STEPS.hidden, 2 * n * d * units + (pinvBySvd || n < units ? 0 : n * (units + k) ** 2)],
    [STEPS.solve, solve],
    [STEPS.calibrate, splits.task === 'classification' ? forward(splits.val.x.rows || n) : 0],
    [STEPS.score, forward(scoredRows)],
  ];
  // "Auto" tries ten sizes up to hiddenUnits: its Gram matrix and one decomposition per size dominate.
  if (config.auto) steps.unshift([STEPS.select, n * units * units + hiddenUnitsGridFlops(units)]);
  return steps;
}

/**
 * Diagnostics after a ridge fit may cost at most this part of the fit: the exact rank and κ(H) from the Gram
 * matrix's eigenvalues (≈ 4/3·s³ flops) only where that stays within it (many rows, few units); otherwise the
 * solve's cheap estimate is all there is.
 */
const DIAGNOSTICS_BUDGET = 0.1;

function withinDiagnosticsBudget(steps: [string, number][], size: number): boolean {
  const fit = steps.filter(([step]) => step === STEPS.hidden || step === STEPS.solve).reduce((sum, [, flops]) => sum + flops, 0);
  return (4 / 3) * size ** 3 <= DIAGNOSTICS_BUDGET * fit;
}

function hiddenUnitsGridFlops(max: number): number {
  return hiddenUnitsGrid(max).reduce((sum, s) => sum + eigenFlops(s), 0);
}

/** Rank and condition are informative only; an eigen-solve that does not converge leaves them null. */
function diagnosticsOf(solved: Solved): Conditioning | null {
  try {
    return solved.conditioning();
  } catch {
    return null;
  }
}

/**
 * Trains an Extreme Learning Machine: a random, fixed hidden layer and output weights β solved in closed
 * form. Ridge and large pinv problems accumulate HᵀH and HᵀT in float64 chunk by chunk, so their memory is
 * O(L² + chunk·L) whatever N; the SVD pinv and the dual forms (N < L) keep the whole N × L matrix H.
 */
export async function trainElm(
  splits: PreparedSplits, requested: ElmConfig, seed: number, hooks: TrainHooks = {},
): Promise<ElmResult> {
  // "Auto" first (auto-select.ts): the fit below then uses the chosen size and C and the first units of its layer.
  const plannedPinvBySvd = requested.solver === 'pinv' && splits.train.x.rows * requested.hiddenUnits <= PINV_SVD_MAX_ENTRIES;
  const plan = new WorkPlan(elmStepFlops(splits, requested, plannedPinvBySvd), hooks.onWork ? (f, step) => hooks.onWork?.(f, step) : undefined);
  const selected = requested.auto
    ? await selectElmSettings(splits, requested, seed, { ...hooks, onPhase: (phase, f) => (hooks.onPhase?.(phase, f), plan.at(STEPS.select, f)) })
    : null;
  if (requested.auto && !selected) return { ...cancelledElm(0, 0), parameterCount: 0, rowsProcessed: 0 };
  const config = selected?.config ?? requested;
  const started = now();
  const { x, y } = splits.train;
  const n = x.rows;
  const units = config.hiddenUnits;
  const chunk = config.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (n === 0) throw new InputError('INVALID_CONFIG', 'the training split is empty');
  if (!Number.isInteger(chunk) || chunk < 1) throw new InputError('INVALID_CONFIG', `chunkRows must be a positive integer, got ${chunk}`);

  const hidden = selected?.hidden ?? initHidden(config, x.cols, new Rng(seed));
  const parameterCount = x.cols * units + units + units * y.cols;
  const pinvBySvd = config.solver === 'pinv' && n * units <= PINV_SVD_MAX_ENTRIES;
  const pass = await hiddenPass(splits, hidden, units, pinvBySvd || n < units, chunk, hooks, plan);
  const { hiddenMs, rowsProcessed } = pass;
  if (pass.cancelled) return { ...cancelledElm(hiddenMs, pass.accumulateMs, now() - started), parameterCount, rowsProcessed };

  const t2 = now();
  // Named before it starts: the solve is the longest step and reports nothing while it runs.
  plan.at(STEPS.solve, 0);
  const exactDiagnostics = withinDiagnosticsBudget(elmStepFlops(splits, config, pinvBySvd), Math.min(n, units));
  const solved = solveOutputWeights(config, pass, castMatrix(y, 'float64') as F64Matrix, units, pinvBySvd, exactDiagnostics);
  const solveMs = pass.accumulateMs + (now() - t2);
  plan.at(STEPS.solve, 1);
  const weights: ElmWeights = { hidden, beta: solved.beta, temperature: calibrate(splits, hidden, solved.beta) };
  plan.at(STEPS.calibrate, 1);
  // The temperature is part of the model, so its fit counts as training; diagnostics and scoring come after.
  const fitMs = now() - started;
  const diagnostics = diagnosticsOf(solved);
  const diagnosticsMs = now() - started - fitMs;
  const final = scoreAll(splits, weights);
  const evaluationMs = now() - started - fitMs - diagnosticsMs;
  plan.at(STEPS.score, 1);
  return {
    status: 'completed',
    weights,
    final,
    timings: { hiddenMs, solveMs, totalMs: fitMs, diagnosticsMs, evaluationMs },
    rank: diagnostics?.rank ?? null,
    condition: diagnostics?.condition ?? null,
    solverUsed: solved.solverUsed,
    parameterCount,
    rowsProcessed,
    ...(selected ? { selection: selected.selection } : {}),
  };
}

function cancelledElm(hiddenMs: number, solveMs: number, totalMs = hiddenMs + solveMs): Omit<ElmResult, 'parameterCount' | 'rowsProcessed'> {
  return { status: 'cancelled', weights: null, timings: { hiddenMs, solveMs, totalMs, diagnosticsMs: 0, evaluationMs: 0 }, rank: null, condition: null, solverUsed: 'none', final: null };
}

/** HᵀH (units × units) and HᵀT (units × k) out of the Gram matrix of [H | T]. */
function splitAugmentedGram(gramAug: Float64Array, units: number, k: number): { gram: Float64Array; cross: Float64Array } {
  const width = units + k;
  const gram = new Float64Array(units * units);
  const cross = new Float64Array(units * k);
  for (let i = 0; i < units; i++) {
    gram.set(gramAug.subarray(i * width, i * width + units), i * units);
    cross.set(gramAug.subarray(i * width + units, (i + 1) * width), i * k);
  }
  return { gram, cross };
}

function meanSquaredError(out: Matrix, y: Matrix): number {
  let sum = 0;
  for (let i = 0; i < out.data.length; i++) sum += (out.data[i] - y.data[i]) ** 2;
  return sum / out.data.length;
}

/**
 * The temperature of the class probabilities, fitted on the validation split (the training split when there is
 * none; never the test split); 1 for regression.
 */
function calibrate(splits: PreparedSplits, hidden: ElmHidden, beta: F64Matrix): number {
  if (splits.task !== 'classification') return 1;
  const rows = splits.val.x.rows > 0 ? splits.val : splits.train;
  return fitTemperature(elmForward({ hidden, beta, temperature: 1 }, rows.x), rows.y);
}

/**
 * Scores each non-empty split through the shared scoring path; ELM outputs are raw scores, argmax decides the
 * class and softmax(scores / T) gives the probabilities the log-loss scores.
 */
function scoreAll(splits: PreparedSplits, weights: ElmWeights): FinalScores {
  const score = (split: { x: Matrix; y: Matrix }): { metrics: SplitMetrics; predictions: Int32Array | Matrix } => {
    const out = elmForward(weights, split.x);
    const mse = meanSquaredError(out, split.y);
    if (splits.task !== 'classification') return { metrics: scoreSplit(splits, mse, split.y, out), predictions: out };
    const predictions = predictedClasses(out, 0.5);
    const logLoss = logLossSumOfScores(out, split.y, weights.temperature) / split.x.rows;
    return { metrics: scoreSplit(splits, mse, split.y, predictions, logLoss), predictions };
  };
  const final: FinalScores = { train: score(splits.train).metrics };
  if (splits.val.x.rows > 0) final.val = score(splits.val).metrics;
  if (splits.test.x.rows > 0) {
    const test = score(splits.test);
    final.test = test.metrics;
    final.testPredictions = test.predictions;
  }
  return final;
}
