import type { FloatArray } from '../math/matrix';
import type { Rng } from '../math/random';
import type { InitializerId } from '../catalog/initializers';

/**
 * Weight initialisers with the Keras/PyTorch definitions, for a weight of fan_in inputs and fan_out units:
 *   glorotUniform U(−l, l), l = √(6/(fan_in+fan_out))   (Keras glorot_uniform = PyTorch xavier_uniform_)
 *   glorotNormal  N(0, 2/(fan_in+fan_out))              (PyTorch xavier_normal_)
 *   heUniform     U(−l, l), l = √(6/fan_in)             (Keras he_uniform = PyTorch kaiming_uniform_, relu)
 *   heNormal      N(0, 2/fan_in)                        (PyTorch kaiming_normal_, relu)
 *   lecunNormal   N(0, 1/fan_in)
 * The normal variants draw from a plain (untruncated) normal with exactly that std, as PyTorch does;
 * Keras truncates at 2σ and rescales, which gives the same variance but a slightly different shape.
 */
export function initialize(id: InitializerId, target: FloatArray, fanIn: number, fanOut: number, rng: Rng): void {
  switch (id) {
    case 'glorotUniform': return fillUniform(target, Math.sqrt(6 / (fanIn + fanOut)), rng);
    case 'glorotNormal': return fillNormal(target, Math.sqrt(2 / (fanIn + fanOut)), rng);
    case 'heUniform': return fillUniform(target, Math.sqrt(6 / fanIn), rng);
    case 'heNormal': return fillNormal(target, Math.sqrt(2 / fanIn), rng);
    case 'lecunNormal': return fillNormal(target, Math.sqrt(1 / fanIn), rng);
    case 'zeros': target.fill(0); return;
  }
}

function fillUniform(target: FloatArray, limit: number, rng: Rng): void {
  for (let i = 0; i < target.length; i++) target[i] = rng.uniform(-limit, limit);
}

function fillNormal(target: FloatArray, std: number, rng: Rng): void {
  for (let i = 0; i < target.length; i++) target[i] = rng.normal(0, std);
}
