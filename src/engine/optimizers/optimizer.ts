/** PyTorch's state_dict shape: per-parameter state keyed by the parameter's index, plus hyperparameters. */
export interface OptimizerStateDict {
  state: Record<number, Record<string, number | number[]>>;
  paramGroups: [Record<string, number | boolean>];
}

/**
 * PyTorch's optimizer shape: built over a list of params, `step()` applies one update from the
 * params' current gradients, per-parameter state is created lazily on the first step.
 * `lr` is public and mutable because learning-rate schedules set it between steps.
 */
export interface Optimizer {
  lr: number;
  step(): void;
  zeroGrad(): void;
  stateDict(): OptimizerStateDict;
  loadStateDict(dict: OptimizerStateDict): void;
}
