import { ParamError, resolveParams, type FieldSet, type Values } from '../catalog/fields';
import type { Param } from '../layers/layer';
import { kernels } from '../math/kernels';
import { dtypeOf, type FloatArray } from '../math/matrix';
import type { Optimizer, OptimizerStateDict } from './optimizer';

/**
 * Per-parameter state under PyTorch's keys (step, exp_avg, momentum_buffer, ...). Buffers share the
 * param's dtype, as in PyTorch; an absent key means "not created yet".
 */
export type ParamState = Record<string, number | FloatArray | undefined>;

/** A zeroed (or filled) state buffer of the param's length and dtype, where the kernels work on it in place. */
export function bufferLike(p: Param, fill = 0): FloatArray {
  const a = kernels().allocate(dtypeOf(p.value), p.value.length);
  if (fill !== 0) a.fill(fill);
  return a;
}

/** A param with its state, as a step updates them. */
export interface ParamStep<S extends ParamState> {
  readonly param: Param;
  readonly state: S;
}

/** An optimizer's settings as its catalog field set resolves them: lr plus its hyperparameters. */
type Settings<F extends FieldSet> = Values<F> & { lr: number };

/**
 * The bookkeeping every optimizer shares: lazy per-parameter state, zeroGrad and the state-dict round
 * trip. Subclasses only say how to create a param's state and how to apply one update to it. The
 * settings arrive resolved against the optimizer's catalog fields (src/engine/catalog/optimizers.ts),
 * which hold the one set of bounds; a saved state dict, coming from outside, is checked against them.
 */
export abstract class BaseOptimizer<F extends FieldSet, S extends ParamState> implements Optimizer {
  lr: number;
  private readonly states: (S | undefined)[];

  /** The hyperparameters of the (single) param group besides lr, e.g. { momentum, nesterov }. */
  protected hp: Omit<Settings<F>, 'lr'>;

  protected constructor(
    protected readonly params: readonly Param[],
    options: Settings<F>,
    /** The optimizer's catalog fields, for checking a saved state dict. */
    private readonly fields: F,
    /** Names the optimizer in error messages, e.g. "Adam optimizer". */
    protected readonly where: string,
    /** The state keys this optimizer may hold; loadStateDict rejects anything else. */
    private readonly stateKeys: readonly string[],
  ) {
    for (const p of params) {
      if (p.value.length !== p.grad.length) throw new Error(`${where}: param ${p.name} has value and grad of different lengths`);
    }
    const { lr, ...hp } = options;
    this.lr = lr;
    this.hp = hp;
    this.states = params.map(() => undefined);
  }

  protected abstract createState(p: Param): S;
  /** One update of every param (their states created on the first step). */
  protected abstract apply(steps: readonly ParamStep<S>[]): void;

  step(): void {
    this.apply(this.params.map((param, i) => ({ param, state: (this.states[i] ??= this.createState(param)) })));
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad.fill(0);
  }

  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = {};
    this.states.forEach((s, i) => {
      if (s === undefined) return;
      const entry: Record<string, number | number[]> = {};
      for (const [key, v] of Object.entries(s)) {
        if (v !== undefined) entry[key] = typeof v === 'number' ? v : Array.from(v);
      }
      state[i] = entry;
    });
    return { state, paramGroups: [{ ...this.hp, lr: this.lr }] };
  }

  loadStateDict(dict: OptimizerStateDict): void {
    const group = dict.paramGroups?.[0];
    if (group === undefined) throw new Error(`${this.where}: saved state has no settings (paramGroups)`);
    const expected = Object.keys(this.fields.fields).sort();
    const given = Object.keys(group).sort();
    if (expected.join() !== given.join()) {
      throw new Error(`${this.where}: saved settings (${given.join(', ')}) do not match this optimizer (${expected.join(', ')})`);
    }
    // The saved lr is schedule state (cosine annealing ends at 0), not the setting the catalog bounds;
    // the hyperparameters go through the same catalog check as a new run's settings.
    const savedLr = group.lr;
    if (typeof savedLr !== 'number' || !Number.isFinite(savedLr) || savedLr < 0) throw new ParamError('lr', 'must be a number ≥ 0', this.where);
    const settings: Settings<F> = { ...resolveParams(this.fields, { ...group, lr: this.lr }, this.where), lr: savedLr };
    const { lr, ...hp } = settings;
    for (const key of Object.keys(dict.state)) {
      if (!(Number(key) >= 0 && Number(key) < this.params.length)) throw new Error(`${this.where}: saved state for unknown param ${key}`);
    }
    // createState depends on the hyperparameters (amsgrad, centered), so switch them first and roll
    // back if the saved state does not fit: a bad dict leaves the optimizer untouched.
    const previous = this.hp;
    this.hp = hp;
    let states: (S | undefined)[];
    try {
      states = this.params.map((p, i) => (dict.state[i] === undefined ? undefined : this.restoreState(p, dict.state[i])));
    } catch (e) {
      this.hp = previous;
      throw e;
    }
    this.lr = lr;
    states.forEach((s, i) => (this.states[i] = s));
  }
  private restoreState(p: Param, saved: Record<string, number | number[]>): S {
    const s: ParamState = this.createState(p);
    for (const key of Object.keys(s)) {
      if (!(key in saved)) throw new Error(`${this.where}: saved state of param ${p.name} lacks "${key}"`);
    }
    for (const [key, v] of Object.entries(saved)) {
      if (!this.stateKeys.includes(key)) throw new Error(`${this.where}: unexpected saved state "${key}" for param ${p.name}`);
      if (typeof v === 'number') {
        if (typeof s[key] !== 'number') throw new Error(`${this.where}: saved ${key} of param ${p.name} must be a list of numbers`);
        s[key] = v;
      } else {
        if (v.length !== p.value.length) throw new Error(`${this.where}: saved ${key} of param ${p.name} has ${v.length} values, expected ${p.value.length}`);
        const a = bufferLike(p);
        a.set(v);
        s[key] = a;
      }
    }
    return s as S;
  }
}

/** An optimizer whose update of one param does not depend on the others (all but the fused Adam). */
export abstract class PerParamOptimizer<F extends FieldSet, S extends ParamState> extends BaseOptimizer<F, S> {
  protected abstract update(p: Param, state: S): void;

  protected apply(steps: readonly ParamStep<S>[]): void {
    for (const { param, state } of steps) this.update(param, state);
  }
}
