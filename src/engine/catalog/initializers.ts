/**
 * Weight initialisers a dense layer can start from (their formulas are in src/engine/layers/initializers.ts).
 * The id type and the designer's option list derive from this table.
 */
export const INITIALIZERS = {
  glorotUniform: { label: 'Glorot uniform', help: 'Balanced random start for most layers; the usual default (tanh, sigmoid, linear).' },
  glorotNormal: { label: 'Glorot normal', help: 'Like Glorot uniform, but drawn from a bell curve.' },
  heUniform: { label: 'He uniform', help: 'Slightly larger random start that suits ReLU-style activations.' },
  heNormal: { label: 'He normal', help: 'Like He uniform, but drawn from a bell curve; a good pick before ReLU.' },
  lecunNormal: { label: 'LeCun normal', help: 'Smaller random start scaled by the number of inputs; suits SELU/ELU-style layers.' },
  zeros: { label: 'Zeros', help: 'Starts every weight at zero; units then learn the same thing, so only for testing.' },
} as const;

export type InitializerId = keyof typeof INITIALIZERS;
