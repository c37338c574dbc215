import { unknownId } from '../catalog/choice';
import type { OptimizerConfig } from '../catalog/optimizers';
import type { Param } from '../layers/layer';
import { Adagrad } from './adagrad';
import { Adam } from './adam';
import type { Optimizer } from './optimizer';
import { Rmsprop } from './rmsprop';
import { Sgd } from './sgd';

/** Builds the optimizer a resolved config names (src/engine/catalog/optimizers.ts) over params. */
export function createOptimizer(config: OptimizerConfig, params: readonly Param[]): Optimizer {
  switch (config.id) {
    case 'sgd': return new Sgd(params, config.params);
    case 'adam': return new Adam(params, config.params);
    case 'adamw': return new Adam(params, config.params, 'decoupled');
    case 'rmsprop': return new Rmsprop(params, config.params);
    case 'adagrad': return new Adagrad(params, config.params);
  }
  return unknownId('optimizer', config);
}
