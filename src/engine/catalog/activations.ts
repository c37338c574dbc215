/**
 * Every activation the app knows, in one table: where it may be used (a network's activation layer, an
 * ELM's random hidden layer), how the kernels compute it, and its label and help. The layer and ELM
 * option lists, the kernels' PointwiseActivation type and the WebAssembly kernel's branch numbers (the
 * AssemblyScript constants are generated from this table by scripts/build-kernels.mjs) all derive from it.
 *
 * `kernel`: 'pointwise' entries are elementwise and computed by the kernels, `wasmCode` numbering their
 * branch in src/engine/math/wasm/assembly/elementwise.ts (null: only the JavaScript kernels have it);
 * 'rows' is row-wise (softmax, in the layer); 'distance' is the ELM's RBF unit exp(−γ‖x − c‖²).
 */
import { idsOf } from './fields';

/** @public scripts/build-kernels.mjs reads it (through tsx, which knip does not follow). */
export const ACTIVATIONS = {
  linear: {
    label: 'Linear', layer: true, elm: false, kernel: 'pointwise', wasmCode: 0,
    help: 'Linear: passes values through unchanged; for outputs that are plain numbers.',
  },
  relu: {
    label: 'ReLU', layer: true, elm: true, kernel: 'pointwise', wasmCode: 1,
    help: 'ReLU: passes positives, zeroes negatives; a robust default for hidden layers.',
  },
  leakyRelu: {
    label: 'Leaky ReLU', layer: true, elm: false, kernel: 'pointwise', wasmCode: 2, alphaDefault: 0.01,
    help: 'Leaky ReLU: like ReLU but lets a small share of negatives through, so no unit goes silent for good.',
  },
  elu: {
    label: 'ELU', layer: true, elm: false, kernel: 'pointwise', wasmCode: 4, alphaDefault: 1,
    help: 'ELU: like ReLU but bends smoothly below zero; often trains a little faster.',
  },
  gelu: {
    label: 'GELU', layer: true, elm: false, kernel: 'pointwise', wasmCode: null,
    help: 'GELU: a smooth version of ReLU, popular in modern large networks.',
  },
  sigmoid: {
    label: 'Sigmoid', layer: true, elm: true, kernel: 'pointwise', wasmCode: 5,
    help: 'Sigmoid: squashes any value into 0…1; mostly for yes/no outputs.',
  },
  tanh: {
    label: 'Tanh', layer: true, elm: true, kernel: 'pointwise', wasmCode: 6,
    help: 'Tanh: squashes any value into −1…1; a classic choice for small networks.',
  },
  softmax: {
    label: 'Softmax', layer: true, elm: false, kernel: 'rows', wasmCode: null,
    help: 'Softmax: turns a row of scores into chances that add up to 1; for class outputs.',
  },
  sin: {
    label: 'Sine', layer: false, elm: true, kernel: 'pointwise', wasmCode: null,
    help: 'Sine: a wave-shaped bend, a classic choice for random hidden layers.',
  },
  hardlim: {
    label: 'Hard limit', layer: false, elm: true, kernel: 'pointwise', wasmCode: 3,
    help: 'Hard limit: 1 for values ≥ 0, else 0; an on/off unit.',
  },
  rbf: {
    label: 'RBF (Gaussian)', layer: false, elm: true, kernel: 'distance', wasmCode: null,
    help: 'RBF: each unit responds to inputs near its own random centre, fading with distance.',
  },
} as const;

type Table = typeof ACTIVATIONS;
type IdsWhere<P> = { [K in keyof Table]: Table[K] extends P ? K : never }[keyof Table];

type ActivationId = keyof Table;
/** Allowed in a network's activation layer. */
export type LayerActivationId = IdsWhere<{ readonly layer: true }>;
/** Allowed in an ELM's random hidden layer. */
type ElmActivationId = IdsWhere<{ readonly elm: true }>;
/** Elementwise activations the kernels implement (softmax is row-wise and lives in the layer). */
export type PointwiseActivation = IdsWhere<{ readonly kernel: 'pointwise' }>;

function pick<K extends ActivationId>(keep: (id: ActivationId) => id is K): { readonly [P in K]: Table[P] } {
  return Object.fromEntries(idsOf(ACTIVATIONS).filter(keep).map((id) => [id, ACTIVATIONS[id]])) as { readonly [P in K]: Table[P] };
}

export const LAYER_ACTIVATIONS = pick((id): id is LayerActivationId => ACTIVATIONS[id].layer);
export const ELM_ACTIVATIONS = pick((id): id is ElmActivationId => ACTIVATIONS[id].elm);

/** The WebAssembly kernel's branch number of a pointwise activation, or null when only the JavaScript kernels have it. */
export function wasmActivationCode(activation: PointwiseActivation): number | null {
  return ACTIVATIONS[activation].wasmCode;
}

function alphaDefault(activation: LayerActivationId): number | undefined {
  const entry = ACTIVATIONS[activation];
  return 'alphaDefault' in entry ? entry.alphaDefault : undefined;
}

/** leakyRelu's negative slope and elu's scale when a layer leaves alpha out (PyTorch defaults); others ignore alpha. */
export function activationAlpha(activation: LayerActivationId, alpha: number | undefined): number {
  return alpha ?? alphaDefault(activation) ?? 0;
}

/** True for the activations whose shape an alpha changes (Leaky ReLU, ELU). */
export function takesAlpha(activation: LayerActivationId): boolean {
  return alphaDefault(activation) !== undefined;
}
