/**
 * Schedules whose lr is a closed form of the base lr η₀ (the optimizer's lr when the schedule is
 * created) and the number of epochs e stepped so far, as PyTorch's closed forms:
 *   StepLR:            η₀·γ^⌊e / stepSize⌋
 *   ExponentialLR:     η₀·γ^e
 *   CosineAnnealingLR: ηmin + (η₀ − ηmin)·(1 + cos(π·e / tMax)) / 2   (periodic past tMax, as in PyTorch)
 */
import type { LrHolder, LrScheduler } from './lr-scheduler';

export type LrAtEpoch = (baseLr: number, epoch: number) => number;

export const stepDecay = (stepSize: number, gamma: number): LrAtEpoch => (base, e) => base * gamma ** Math.floor(e / stepSize);

export const exponentialDecay = (gamma: number): LrAtEpoch => (base, e) => base * gamma ** e;

export const cosineAnnealing = (tMax: number, etaMin: number): LrAtEpoch => (base, e) =>
  etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * e) / tMax))) / 2;

export class EpochScheduler implements LrScheduler {
  private epoch = 0;
  private readonly baseLr: number;

  constructor(private readonly optimizer: LrHolder, private readonly lrAt: LrAtEpoch) {
    this.baseLr = optimizer.lr;
  }

  step(): void {
    this.epoch++;
    this.optimizer.lr = this.lrAt(this.baseLr, this.epoch);
  }
}
