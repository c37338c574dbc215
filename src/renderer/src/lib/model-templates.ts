import type { ElmConfig } from '../../../engine/trainers/types';
import type { LayerSpec } from '../../../engine/model/spec';

export interface ModelTemplate {
  id: string;
  title: string;
  description: string;
  /** Backprop designs give their hidden layers; the ELM template gives its hidden layer instead. */
  layers?: LayerSpec[];
  elm?: Pick<ElmConfig, 'hiddenUnits' | 'activation'>;
}

const dense = (units: number, initializer: 'heUniform' | 'glorotUniform'): LayerSpec => ({ type: 'dense', units, bias: true, initializer });

export const MODEL_TEMPLATES: readonly ModelTemplate[] = [
  {
    id: 'logistic',
    title: 'Logistic regression',
    description: 'No hidden layers: the inputs feed the output layer directly. A fast, honest baseline.',
    layers: [],
  },
  {
    id: 'mlp',
    title: 'MLP 64-64 ReLU',
    description: 'Two hidden layers of 64 ReLU units with He initialisation: a solid default.',
    layers: [dense(64, 'heUniform'), { type: 'activation', activation: 'relu' }, dense(64, 'heUniform'), { type: 'activation', activation: 'relu' }],
  },
  {
    id: 'deep-sigmoid',
    title: 'Deep sigmoid 8×32',
    description: 'Eight sigmoid layers of 32 units: watch the gradients vanish in the first layers.',
    layers: Array.from({ length: 8 }, () => [dense(32, 'glorotUniform'), { type: 'activation', activation: 'sigmoid' } as LayerSpec]).flat(),
  },
  {
    id: 'elm',
    title: 'ELM 200 sigmoid',
    description: 'An Extreme Learning Machine: one random hidden layer of 200 sigmoid units, output solved in one step.',
    elm: { hiddenUnits: 200, activation: 'sigmoid' },
  },
];
