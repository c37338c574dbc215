import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Task } from '../../engine/data/table';
import type { SampleView } from '../../shared/api';
import { quote } from '../../shared/quote';
import { ApiError } from './api-error';

export interface SampleEntry extends SampleView {
  file: string;
  /** Rows before this one are the dataset's own training set. */
  fixedTrainRows?: number;
}

/** The shipped samples (resources/samples/manifest.json), read on demand: the list is tiny. */
export function readSamples(samplesDir: string): SampleEntry[] {
  const manifest = JSON.parse(readFileSync(path.join(samplesDir, 'manifest.json'), 'utf8')) as { samples: SampleEntry[] };
  return manifest.samples;
}

export function findSample(samplesDir: string, id: string): SampleEntry & { path: string } {
  const sample = readSamples(samplesDir).find((s) => s.id === id);
  if (!sample) throw new ApiError('NOT_FOUND', `there is no sample dataset ${quote(id)}`, { field: 'source.sampleId' });
  return { ...sample, path: path.join(samplesDir, path.basename(sample.file)) };
}

export function sampleView(s: SampleEntry): SampleView {
  const task: Task = s.task;
  return { id: s.id, title: s.title, description: s.description, rows: s.rows, features: s.features, task, target: s.target, credit: s.credit };
}
