/**
 * The `studies` section of `npm run bench`: one entry per study benchmark, run in this order. Each module adds
 * itself here (a list, so several can join the section).
 */
import { irisSweepBench } from './studies-sweep';

export interface StudyBench {
  readonly id: string;
  readonly title: string;
  run(): Promise<{ figures: Record<string, unknown>; text: string }>;
}

export const STUDY_BENCHES: readonly StudyBench[] = [irisSweepBench];
