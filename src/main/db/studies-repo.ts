import type Database from 'better-sqlite3';
import type { StudyKind } from '../../shared/study';
import { fromJson, toJson } from './json-columns';
import type { NewRun, RunRecord, RunsRepo } from './runs-repo';
import { StoreError } from './store-error';

/** A named group of runs on one dataset. Its state and progress are its runs' (src/shared/study.ts). */
export interface StudyRecord {
  id: number;
  name: string;
  datasetId: number;
  kind: StudyKind;
  spec: unknown;
  createdAt: number;
}

export interface NewStudy {
  name: string;
  datasetId: number;
  kind: StudyKind;
  spec: unknown;
}

interface StudyRow {
  id: number;
  name: string;
  dataset_id: number;
  kind: StudyKind;
  spec: string;
  created_at: number;
}

export class StudiesRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly runs: RunsRepo,
    private readonly now: () => number,
  ) {}

  /** The study and all its runs (each 'queued', linked to it), all or nothing. Throws NOT_FOUND for an unknown dataset. */
  create(study: NewStudy, runs: readonly Omit<NewRun, 'studyId'>[]): { study: StudyRecord; runs: RunRecord[] } {
    return this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(study.datasetId)) {
        throw new StoreError('NOT_FOUND', `dataset ${study.datasetId} does not exist`);
      }
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO studies (name, dataset_id, kind, spec, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(study.name, study.datasetId, study.kind, toJson(study.spec), this.now());
      const id = Number(lastInsertRowid);
      return { study: this.get(id)!, runs: runs.map((run) => this.runs.create({ ...run, studyId: id })) };
    }).immediate();
  }

  get(id: number): StudyRecord | null {
    const row = this.db.prepare('SELECT * FROM studies WHERE id = ?').get(id) as StudyRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Newest first. */
  list(filter: { datasetId?: number } = {}): StudyRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM studies WHERE (? IS NULL OR dataset_id = ?) ORDER BY created_at DESC, id DESC')
      .all(filter.datasetId ?? null, filter.datasetId ?? null) as StudyRow[];
    return rows.map(toRecord);
  }
}

function toRecord(row: StudyRow): StudyRecord {
  return { id: row.id, name: row.name, datasetId: row.dataset_id, kind: row.kind, spec: fromJson(row.spec), createdAt: row.created_at };
}
