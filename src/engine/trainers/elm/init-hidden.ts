import { InputError } from '../../catalog/input-error';
import type { Rng } from '../../math/random';
import type { ElmConfig } from '../types';
import type { ElmHidden } from './elm-model';

/** RBF widths are γ_j = u_j / d with u_j ~ U[RBF_WIDTH_LOW, RBF_WIDTH_HIGH]. */
const RBF_WIDTH_LOW = 0.2;
const RBF_WIDTH_HIGH = 2;

/**
 * Draws the fixed random hidden layer, in a fixed order (weights row by row, then one value per unit)
 * so a seed always gives the same layer.
 * - uniform: W ~ U[−1, 1], b ~ U[0, 1] (Huang's reference implementation);
 * - gaussian: W ~ N(0, 1/d), b ~ N(0, 1);
 * - rbf: centres ~ U[−1, 1] (uniform) or N(0, 1) (gaussian), and widths γ_j = u_j/d. For x and c
 *   uniform on [−1, 1]^d the mean ‖x − c‖² is 2d/3, so h = exp(−γ‖x − c‖²) averages about exp(−2u/3)
 *   ∈ [0.26, 0.88]: units neither vanish nor saturate whatever the input dimension, and the spread of
 *   u gives a mix of narrow and wide units.
 */
export function initHidden(
  config: Pick<ElmConfig, 'activation' | 'hiddenUnits' | 'init'>, inputs: number, rng: Rng,
): ElmHidden {
  const units = config.hiddenUnits;
  if (inputs < 1) throw new InputError('INVALID_CONFIG', 'the ELM needs at least one input column');
  const gaussian = config.init === 'gaussian';
  const matrix = new Float64Array(inputs * units);
  const perUnit = new Float64Array(units);
  if (config.activation === 'rbf') {
    for (let i = 0; i < matrix.length; i++) matrix[i] = gaussian ? rng.normal() : rng.uniform(-1, 1);
    for (let j = 0; j < units; j++) perUnit[j] = rng.uniform(RBF_WIDTH_LOW, RBF_WIDTH_HIGH) / inputs;
    return { activation: 'rbf', centres: { rows: inputs, cols: units, data: matrix }, widths: perUnit };
  }
  const std = 1 / Math.sqrt(inputs);
  for (let i = 0; i < matrix.length; i++) matrix[i] = gaussian ? rng.normal(0, std) : rng.uniform(-1, 1);
  for (let j = 0; j < units; j++) perUnit[j] = gaussian ? rng.normal() : rng.uniform(0, 1);
  return { activation: config.activation, weights: { rows: inputs, cols: units, data: matrix }, biases: perUnit };
}
