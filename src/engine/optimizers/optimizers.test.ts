import { describe, expect, it } from 'vitest';
import { resolveChoice } from '../catalog/choice';
import { fieldDefaults, resolveParams } from '../catalog/fields';
import { ADAGRAD_FIELDS, ADAM_FIELDS, ADAMW_FIELDS, OPTIMIZERS, RMSPROP_FIELDS, SGD_FIELDS, type OptimizerId } from '../catalog/optimizers';
import type { Param } from '../layers/layer';
import { Adagrad } from './adagrad';
import { Adam } from './adam';
import { createOptimizer } from './create-optimizer';
import type { Optimizer } from './optimizer';
import { Rmsprop } from './rmsprop';
import { Sgd } from './sgd';

type Vec = number[];
type Opts = Record<string, number | boolean>;

const INITIAL: Vec[] = [[0.5, -1.2, 2.0], [0.1, -0.3, 0.8, -2.5]];
const STEPS = 8;

/** A gradient that changes with the step and feeds back on θ, different per parameter tensor. */
function gradient(theta: ArrayLike<number>, tensor: number, t: number): Vec {
  return Array.from(theta, (th, i) => 0.5 * th + Math.sin(1.7 * i + 0.9 * t + tensor) * (1 + 0.3 * t * (i % 2)));
}

function makeParams(ctor: Float32ArrayConstructor | Float64ArrayConstructor = Float64Array): Param[] {
  return INITIAL.map((v, k) => ({ name: `p${k}`, shape: [v.length], value: new ctor(v), grad: new ctor(v.length) }));
}

function runOptimizer(opt: Optimizer, params: Param[], from: number, steps: number): void {
  for (let t = from; t < from + steps; t++) {
    params.forEach((p, k) => p.grad.set(gradient(p.value, k, t)));
    opt.step();
  }
}

// ---- Reference implementations: the PyTorch 2.x pseudo-code, written out on plain arrays. ----

const add = (a: Vec, b: Vec): Vec => a.map((x, i) => x + b[i]);
const scale = (a: Vec, s: number): Vec => a.map((x) => x * s);

function refSgd(theta: Vec, k: number, o: Opts): Vec {
  const lr = o.lr as number, mu = (o.momentum ?? 0) as number, tau = (o.dampening ?? 0) as number;
  const wd = (o.weightDecay ?? 0) as number, nesterov = (o.nesterov ?? false) as boolean;
  let b: Vec | null = null;
  for (let t = 1; t <= STEPS; t++) {
    let g = gradient(theta, k, t);
    if (wd !== 0) g = add(g, scale(theta, wd));
    if (mu !== 0) {
      b = b === null ? g : add(scale(b, mu), scale(g, 1 - tau));
      g = nesterov ? add(g, scale(b, mu)) : b;
    }
    theta = add(theta, scale(g, -lr));
  }
  return theta;
}

function refAdam(theta: Vec, k: number, o: Opts, decoupled: boolean): Vec {
  const lr = (o.lr ?? 1e-3) as number, b1 = (o.beta1 ?? 0.9) as number, b2 = (o.beta2 ?? 0.999) as number;
  const eps = (o.eps ?? 1e-8) as number, wd = (o.weightDecay ?? (decoupled ? 0.01 : 0)) as number;
  const amsgrad = (o.amsgrad ?? false) as boolean;
  let m = theta.map(() => 0), v = theta.map(() => 0), vMax = theta.map(() => 0);
  for (let t = 1; t <= STEPS; t++) {
    let g = gradient(theta, k, t);
    if (decoupled) theta = theta.map((th) => th - lr * wd * th);
    else if (wd !== 0) g = add(g, scale(theta, wd));
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] ** 2);
    const mHat = m.map((mi) => mi / (1 - b1 ** t));
    let vHat: Vec;
    if (amsgrad) {
      vMax = vMax.map((x, i) => Math.max(x, v[i]));
      vHat = vMax.map((x) => x / (1 - b2 ** t));
    } else {
      vHat = v.map((x) => x / (1 - b2 ** t));
    }
    theta = theta.map((th, i) => th - (lr * mHat[i]) / (Math.sqrt(vHat[i]) + eps));
  }
  return theta;
}

function refRmsprop(theta: Vec, k: number, o: Opts): Vec {
  const lr = (o.lr ?? 1e-2) as number, alpha = (o.alpha ?? 0.99) as number, eps = (o.eps ?? 1e-8) as number;
  const wd = (o.weightDecay ?? 0) as number, mu = (o.momentum ?? 0) as number, centered = (o.centered ?? false) as boolean;
  let v = theta.map(() => 0), b = theta.map(() => 0), gAve = theta.map(() => 0);
  for (let t = 1; t <= STEPS; t++) {
    let g = gradient(theta, k, t);
    if (wd !== 0) g = add(g, scale(theta, wd));
    v = v.map((vi, i) => alpha * vi + (1 - alpha) * g[i] ** 2);
    let vTilde = v;
    if (centered) {
      gAve = gAve.map((a, i) => alpha * a + (1 - alpha) * g[i]);
      vTilde = vTilde.map((x, i) => x - gAve[i] ** 2);
    }
    if (mu > 0) {
      b = b.map((bi, i) => mu * bi + g[i] / (Math.sqrt(vTilde[i]) + eps));
      theta = theta.map((th, i) => th - lr * b[i]);
    } else {
      theta = theta.map((th, i) => th - (lr * g[i]) / (Math.sqrt(vTilde[i]) + eps));
    }
  }
  return theta;
}

function refAdagrad(theta: Vec, k: number, o: Opts): Vec {
  const lr = (o.lr ?? 1e-2) as number, eta = (o.lrDecay ?? 0) as number, wd = (o.weightDecay ?? 0) as number;
  const eps = (o.eps ?? 1e-10) as number;
  let sum = theta.map(() => (o.initialAccumulatorValue ?? 0) as number);
  for (let t = 1; t <= STEPS; t++) {
    let g = gradient(theta, k, t);
    const lrT = lr / (1 + (t - 1) * eta);
    if (wd !== 0) g = add(g, scale(theta, wd));
    sum = sum.map((s, i) => s + g[i] ** 2);
    theta = theta.map((th, i) => th - (lrT * g[i]) / (Math.sqrt(sum[i]) + eps));
  }
  return theta;
}

interface Family {
  make: (params: Param[], o: Opts) => Optimizer;
  reference: (theta: Vec, k: number, o: Opts) => Vec;
  /** The first case is the baseline every other case must differ from (so each option is exercised). */
  cases: Opts[];
}

const families: Record<string, Family> = {
  sgd: {
    make: (p, o) => new Sgd(p, resolveParams(SGD_FIELDS, o, 'SGD')),
    reference: refSgd,
    // momentum: 0 spelt out where a case means none (the catalog's default is 0.9, torch's 0).
    cases: [
      { lr: 0.1, momentum: 0 },
      { lr: 0.1, momentum: 0.9 },
      { lr: 0.1, momentum: 0.9, dampening: 0.3 },
      { lr: 0.1, momentum: 0.9, nesterov: true },
      { lr: 0.1, momentum: 0, weightDecay: 0.05 },
      { lr: 0.05, momentum: 0.8, dampening: 0, nesterov: true, weightDecay: 0.05 },
    ],
  },
  adam: {
    make: (p, o) => new Adam(p, resolveParams(ADAM_FIELDS, o, 'Adam')),
    reference: (th, k, o) => refAdam(th, k, o, false),
    cases: [
      { lr: 0.05 },
      { lr: 0.05, weightDecay: 0.1 },
      { lr: 0.05, amsgrad: true },
      { lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-3 },
      { lr: 0.05, amsgrad: true, weightDecay: 0.2 },
      {},
    ],
  },
  adamw: {
    make: (p, o) => new Adam(p, resolveParams(ADAMW_FIELDS, o, 'AdamW'), 'decoupled'),
    reference: (th, k, o) => refAdam(th, k, o, true),
    cases: [
      { lr: 0.05 },
      { lr: 0.05, weightDecay: 0.3 },
      { lr: 0.05, amsgrad: true },
      { lr: 0.05, weightDecay: 0, beta1: 0.5 },
    ],
  },
  rmsprop: {
    make: (p, o) => new Rmsprop(p, resolveParams(RMSPROP_FIELDS, o, 'RMSprop')),
    reference: refRmsprop,
    cases: [
      {},
      { centered: true },
      { momentum: 0.5 },
      { centered: true, momentum: 0.7 },
      { weightDecay: 0.1 },
      { lr: 0.03, alpha: 0.9, eps: 1e-3 },
    ],
  },
  adagrad: {
    make: (p, o) => new Adagrad(p, resolveParams(ADAGRAD_FIELDS, o, 'Adagrad')),
    reference: refAdagrad,
    cases: [
      { lr: 0.1 },
      { lr: 0.1, lrDecay: 0.1 },
      { lr: 0.1, initialAccumulatorValue: 0.5 },
      { lr: 0.1, weightDecay: 0.1 },
      { lr: 0.1, eps: 1e-3 },
    ],
  },
};

function expectClose(actual: ArrayLike<number>, expected: Vec, rel: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Number.isFinite(actual[i])).toBe(true);
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected[i])));
  }
}

function trained(family: Family, o: Opts, ctor?: Float32ArrayConstructor | Float64ArrayConstructor): Param[] {
  const params = makeParams(ctor);
  runOptimizer(family.make(params, o), params, 1, STEPS);
  return params;
}

describe.each(Object.entries(families))('%s follows the PyTorch update rule', (_name, family) => {
  it.each(family.cases.map((o) => [JSON.stringify(o), o] as const))('options %s, float64', (_label, o) => {
    const params = trained(family, o);
    params.forEach((p, k) => expectClose(p.value, family.reference(INITIAL[k], k, o), 1e-12));
    if (o !== family.cases[0]) {
      const baseline = trained(family, family.cases[0]);
      expect(Array.from(params[1].value)).not.toEqual(Array.from(baseline[1].value));
    }
  });

  it('runs on float32 params and keeps float32 state', () => {
    const o = family.cases[family.cases.length - 1];
    const params = makeParams(Float32Array);
    const opt = family.make(params, o);
    runOptimizer(opt, params, 1, STEPS);
    params.forEach((p, k) => {
      expect(p.value).toBeInstanceOf(Float32Array);
      expectClose(p.value, family.reference(INITIAL[k], k, o), 1e-4);
    });
  });
});

describe('optimizer bookkeeping', () => {
  /** Options that create every kind of state each optimizer has. */
  const fullState: [string, (p: Param[]) => Optimizer][] = [
    ['sgd', (p) => families.sgd.make(p, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
    ['adam', (p) => families.adam.make(p, { lr: 0.05, amsgrad: true, weightDecay: 0.01 })],
    ['adamw', (p) => families.adamw.make(p, { lr: 0.05, amsgrad: true })],
    ['rmsprop', (p) => families.rmsprop.make(p, { centered: true, momentum: 0.5 })],
    ['adagrad', (p) => families.adagrad.make(p, { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 })],
  ];

  it.each(fullState)('%s: saving and loading the state continues bit-identically', (_name, make) => {
    for (const ctor of [Float64Array, Float32Array]) {
      const straight = makeParams(ctor);
      const straightOpt = make(straight);
      runOptimizer(straightOpt, straight, 1, 12);

      const first = makeParams(ctor);
      const firstOpt = make(first);
      runOptimizer(firstOpt, first, 1, 5);
      firstOpt.lr *= 0.5; // a schedule changed lr: it must be saved too
      straightOpt.lr = firstOpt.lr;
      // Through JSON, as it would be stored on disk.
      const saved = JSON.parse(JSON.stringify(firstOpt.stateDict()));

      const resumed = first.map((p) => ({ ...p, value: p.value.slice(), grad: new ctor(p.grad.length) }));
      const resumedOpt = make(resumed);
      resumedOpt.loadStateDict(saved);
      expect(resumedOpt.lr).toBe(firstOpt.lr);
      runOptimizer(resumedOpt, resumed, 6, 7);
      runOptimizer(firstOpt, first, 6, 7);

      const reference = makeParams(ctor);
      const referenceOpt = make(reference);
      runOptimizer(referenceOpt, reference, 1, 5);
      referenceOpt.lr *= 0.5;
      runOptimizer(referenceOpt, reference, 6, 7);
      resumed.forEach((p, k) => expect(Array.from(p.value)).toEqual(Array.from(reference[k].value)));
      expect(resumedOpt.stateDict()).toEqual(referenceOpt.stateDict());
    }
  });

  /*
   * Adam updates all params in one kernel call per step count. A state dict without one param's state leaves
   * that param a step behind (its bias corrections restart); each param must still follow its own Adam
   * exactly, as an optimizer over that param alone does.
   */
  it('adam: params at different step counts each follow their own update', () => {
    for (const ctor of [Float64Array, Float32Array]) {
      const options = { lr: 0.05, weightDecay: 0.01 };
      const params = makeParams(ctor);
      const opt = families.adam.make(params, options);
      runOptimizer(opt, params, 1, 3);
      const saved = opt.stateDict();
      delete saved.state[1];
      const resumed = params.map((p) => ({ ...p, value: p.value.slice(), grad: new ctor(p.grad.length) }));
      const resumedOpt = families.adam.make(resumed, options);
      resumedOpt.loadStateDict(saved);
      // Alone: param 0 with its saved state, param 1 from no state.
      const alone = resumed.map((p) => ({ ...p, value: p.value.slice(), grad: new ctor(p.grad.length) }));
      const first = families.adam.make([alone[0]], options);
      first.loadStateDict({ state: { 0: saved.state[0] }, paramGroups: saved.paramGroups });
      const second = families.adam.make([alone[1]], options);
      for (let t = 4; t < 8; t++) {
        resumed.forEach((p, k) => p.grad.set(gradient(p.value, k, t)));
        alone.forEach((p, k) => p.grad.set(gradient(p.value, k, t)));
        resumedOpt.step();
        first.step();
        second.step();
      }
      resumed.forEach((p, k) => expect(Array.from(p.value)).toEqual(Array.from(alone[k].value)));
      expect(resumedOpt.stateDict().state[1].step).toBe(4);
      expect(resumedOpt.stateDict().state[0].step).toBe(7);
    }
  });

  it('uses PyTorch state keys, creates state lazily and reports hyperparameters with the current lr', () => {
    const params = makeParams();
    const opt = families.adam.make(params, { lr: 0.01, amsgrad: true });
    expect(opt.stateDict().state).toEqual({});
    runOptimizer(opt, params, 1, 3);
    const dict = opt.stateDict();
    expect(Object.keys(dict.state)).toEqual(['0', '1']);
    expect(Object.keys(dict.state[0]).sort()).toEqual(['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq', 'step']);
    expect(dict.state[0].step).toBe(3);
    expect(dict.state[1].exp_avg).toHaveLength(4);
    expect(dict.paramGroups[0]).toEqual({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: true });

    const rms = families.rmsprop.make(makeParams(), {});
    runOptimizer(rms, makeParams(), 1, 1);
    expect(Object.keys(rms.stateDict().state[0]).sort()).toEqual(['square_avg', 'step']);
    const sgd = families.sgd.make(params, { lr: 0.1, momentum: 0 });
    sgd.step();
    expect(sgd.stateDict().state).toEqual({ 0: {}, 1: {} });
  });

  it('rejects a state dict that does not fit and stays unchanged', () => {
    const params = makeParams();
    const sgd = families.sgd.make(params, { lr: 0.1, momentum: 0.9 });
    runOptimizer(sgd, params, 1, 2);
    const adam = families.adam.make(makeParams(), {});
    expect(() => adam.loadStateDict(sgd.stateDict())).toThrow(/do not match this optimizer/);

    const before = sgd.stateDict();
    const tooShort = structuredClone(before);
    tooShort.state[1].momentum_buffer = [1, 2];
    expect(() => sgd.loadStateDict(tooShort)).toThrow(/momentum_buffer of param p1 has 2 values, expected 4/);
    const badNesterov = structuredClone(before);
    badNesterov.paramGroups[0].momentum = 0;
    badNesterov.paramGroups[0].nesterov = true;
    expect(() => sgd.loadStateDict(badNesterov)).toThrow(/nesterov needs momentum > 0/);
    const otherParams = structuredClone(before);
    otherParams.state[7] = {};
    expect(() => sgd.loadStateDict(otherParams)).toThrow(/unknown param 7/);
    expect(sgd.stateDict()).toEqual(before);

    const amsAdam = families.adam.make(makeParams(), { amsgrad: true });
    const plain = families.adam.make(makeParams(), {});
    runOptimizer(plain, makeParams(), 1, 1);
    const noMax = plain.stateDict();
    noMax.paramGroups[0].amsgrad = true;
    expect(() => amsAdam.loadStateDict(noMax)).toThrow(/lacks "max_exp_avg_sq"/);
  });

  it('zeroGrad fills every gradient with 0', () => {
    const params = makeParams();
    params.forEach((p) => p.grad.fill(3));
    families.adagrad.make(params, {}).zeroGrad();
    for (const p of params) expect(Array.from(p.grad)).toEqual(new Array(p.grad.length).fill(0));
  });

  it.each([
    ['sgd', { lr: 0.05, momentum: 0.9 }],
    ['sgd', { lr: 0.05, momentum: 0.9, nesterov: true }],
    ['adam', { lr: 0.05 }],
    ['adamw', { lr: 0.05, weightDecay: 0 }],
    ['rmsprop', { lr: 0.002 }],
    ['adagrad', { lr: 0.5 }],
  ])('%s %j minimises a quadratic bowl', (id, values) => {
    // f(θ) = ½ Σ aᵢ(θᵢ − cᵢ)², an ill-conditioned bowl with its minimum at c.
    const a = [1, 4, 0.25, 2];
    const c = [1, -2, 3, 0.5];
    const p: Param = { name: 'w', shape: [4], value: new Float64Array(4), grad: new Float64Array(4) };
    const opt = createOptimizer(resolveChoice(OPTIMIZERS, { id, params: values }, 'optimizer'), [p]);
    for (let t = 0; t < 3000; t++) {
      for (let i = 0; i < 4; i++) p.grad[i] = a[i] * (p.value[i] - c[i]);
      opt.step();
    }
    for (let i = 0; i < 4; i++) expect(Math.abs(p.value[i] - c[i])).toBeLessThan(0.02);
  });
});

describe('the optimizer catalog', () => {
  const params = (): Param[] => makeParams();
  const build = (id: OptimizerId, values: Opts) => createOptimizer(resolveChoice(OPTIMIZERS, { id, params: values }, 'optimizer'), params());
  const resolve = (id: OptimizerId, values: Record<string, unknown>) => resolveParams(OPTIMIZERS[id].fields, values, OPTIMIZERS[id].label);

  it.each(Object.entries(OPTIMIZERS))('%s: fields match the optimizer settings and defaults', (id, entry) => {
    expect(entry.help.length).toBeGreaterThan(10);
    const opt = build(id as OptimizerId, {});
    const group = opt.stateDict().paramGroups[0];
    const fields = Object.entries(entry.fields.fields);
    expect(Object.keys(group).sort()).toEqual(fields.map(([key]) => key).sort());
    for (const [key, f] of fields) {
      expect(group[key]).toBe(f.default);
      expect(f.help.length).toBeGreaterThan(10);
    }
  });

  it('has the PyTorch defaults (SGD: lr 0.01 with momentum 0.9, which torch leaves to the caller)', () => {
    const defaults = (id: OptimizerId): Record<string, unknown> => fieldDefaults(OPTIMIZERS[id].fields);
    expect(defaults('sgd')).toEqual({ lr: 1e-2, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 });
    expect(defaults('adam')).toEqual({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false });
    expect(defaults('adamw')).toEqual({ lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: false });
    expect(defaults('rmsprop')).toEqual({ lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false });
    expect(defaults('adagrad')).toEqual({ lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 });
  });

  it('rejects invalid settings with a clear message', () => {
    expect(() => resolve('sgd', { lr: -0.1 })).toThrow('SGD: lr must be > 0');
    expect(() => resolve('adam', { lr: 0 })).toThrow('Adam: lr must be > 0');
    expect(() => resolve('sgd', { nesterov: true, momentum: 0 })).toThrow('SGD: nesterov needs momentum > 0 and dampening = 0');
    expect(() => resolve('sgd', { nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(/nesterov needs momentum > 0 and dampening = 0/);
    expect(() => resolve('sgd', { momentum: 0.9, nesterov: true })).not.toThrow();
    expect(() => resolve('sgd', { learningRate: 0.1 })).toThrow(/learningRate is not a known setting/);
    expect(() => resolve('adam', { beta1: 1 })).toThrow(/beta1 must be < 1/);
    expect(() => resolve('adam', { amsgrad: 'yes' })).toThrow(/amsgrad must be true or false/);
  });

  it('holds the bounds the PyTorch constructors check', () => {
    expect(() => resolve('sgd', { lr: -1 })).toThrow(/lr must be > 0/);
    expect(() => resolve('adam', { beta2: 1 })).toThrow(/beta2 must be < 1/);
    expect(() => resolve('adam', { beta2: 0.9999999 })).not.toThrow();
    expect(() => resolve('rmsprop', { momentum: -0.1 })).toThrow(/momentum must be ≥ 0/);
    expect(() => resolve('adagrad', { lrDecay: -1 })).toThrow(/lrDecay must be ≥ 0/);
  });
});
