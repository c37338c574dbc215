/**
 * The JSON model description a person builds in the designer: the hidden layers only. The input
 * width comes from the data and the output head (units and activation) from the task and loss, so a
 * design can be reused across datasets.
 */
export type InitializerId = 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal' | 'lecunNormal' | 'zeros';
export type ActivationId = 'linear' | 'relu' | 'leakyRelu' | 'elu' | 'gelu' | 'sigmoid' | 'tanh' | 'softmax';

export interface DenseSpec {
  type: 'dense';
  units: number;
  bias?: boolean;
  initializer?: InitializerId;
}

export interface ActivationSpec {
  type: 'activation';
  activation: ActivationId;
  /** Negative slope for leakyRelu (default 0.01), scale for elu (default 1). */
  alpha?: number;
}

export interface DropoutSpec {
  type: 'dropout';
  rate: number;
}

export interface BatchNormSpec {
  type: 'batchNorm';
  momentum?: number;
  epsilon?: number;
}

export type LayerSpec = DenseSpec | ActivationSpec | DropoutSpec | BatchNormSpec;

export interface ModelSpec {
  layers: LayerSpec[];
}
