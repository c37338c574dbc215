import type Database from 'better-sqlite3';
import type { ModelSpec } from '../../engine/model/spec';
import type { TrainerConfig } from '../../engine/trainers/types';
import type { RunOrigin } from '../../shared/run-origin';
import {
  ACTIVE_RUN_STATUSES, isActiveStatus, RUN_STATES, type ActiveRunStatus, type OutcomeStatus, type RunStatus,
} from '../../shared/run-status';
import { fromJson, toJson } from './json-columns';
import { sqlList } from './sql-list';
import { StoreError } from './store-error';

/**
 * What a finished run keeps besides its summary, as JSON. Released migration 1 also allows 'weights' and
 * 'preprocessing' (and a blob column) in run_artifacts; nothing writes those, so they are not offered here.
 */
export type ArtifactKind = 'model' | 'predictions';

/** Which states a run may move to from each active state; the finished states are final. */
const NEXT_STATES: Readonly<Record<ActiveRunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'cancelled', 'failed', 'interrupted'],
  running: ['completed', 'cancelled', 'diverged', 'failed', 'interrupted'],
};

/** Everything needed to (re)produce a run. */
export interface NewRun {
  name: string;
  datasetId: number;
  modelId?: number | null;
  /** Snapshot of the design at launch (null for an ELM, whose config carries its own shape). */
  modelSpec?: ModelSpec | null;
  trainerConfig: TrainerConfig;
  preprocessing: unknown;
  seed: number;
  dataHash?: string | null;
  /** The study the run belongs to, and its point there (the swept values). */
  studyId?: number | null;
  studyPoint?: unknown;
}

export interface RunRecord {
  id: number;
  name: string;
  datasetId: number;
  modelId: number | null;
  modelSpec: ModelSpec | null;
  trainerConfig: TrainerConfig;
  preprocessing: unknown;
  seed: number;
  dataHash: string | null;
  status: RunStatus;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  trainMs: number | null;
  summary: unknown;
  progress: { epoch: number; total: number };
  /** When the engine began the job (start-up and loading the data done); null before, and for runs stored earlier. */
  workStartedAt: number | null;
  /** Where an imported run was trained; null for runs trained by this app. */
  origin: RunOrigin | null;
  studyId: number | null;
  studyPoint: unknown;
  /** The person's labels for the run (trimmed, distinct) and free notes. */
  tags: string[];
  notes: string;
}

/** A run trained elsewhere, stored finished in one step (see `importFinished`). */
export interface ImportedRun {
  run: NewRun;
  origin: RunOrigin;
  outcome: RunOutcome;
  startedAt: number;
  finishedAt: number;
  points: readonly MetricPoint[];
}

export interface MetricPoint {
  epoch: number;
  key: string;
  /** NaN and ±Infinity round-trip (a diverging loss is data, not an error). */
  value: number;
  elapsedMs: number;
}

export interface RunMetricPoint extends MetricPoint {
  runId: number;
}

export interface RunFilter {
  datasetId?: number;
  studyId?: number;
  modelId?: number;
  status?: readonly RunStatus[];
  /** Case-insensitive substring of the run name. */
  nameContains?: string;
  limit?: number;
  offset?: number;
}

export interface RunArtifact {
  kind: ArtifactKind;
  json: unknown;
}

/** What a trainer hands back when it stops on its own terms; saved together with the final state. */
export interface RunOutcome {
  status: OutcomeStatus;
  summary: unknown;
  trainMs: number;
  artifacts?: readonly RunArtifact[];
  /** Why it diverged, for instance. */
  error?: string | null;
}

interface RunRow {
  id: number;
  name: string;
  dataset_id: number;
  model_id: number | null;
  model_spec: string | null;
  trainer_config: string;
  preprocessing: string;
  seed: number;
  data_hash: string | null;
  status: RunStatus;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  train_ms: number | null;
  summary: string | null;
  progress_epoch: number;
  progress_total: number;
  work_started_at: number | null;
  origin: string | null;
  study_id: number | null;
  study_point: string | null;
  tags: string;
  notes: string;
}

/** Write transactions are IMMEDIATE for the reason given on DatasetsRepo. */
export class RunsRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  /** A new run in state 'queued'. Throws NOT_FOUND for an unknown dataset or model. */
  create(run: NewRun): RunRecord {
    return this.createMany([run])[0];
  }

  /** Several new runs in one transaction: all of them are stored, or (on any failure, a full disk say) none. */
  createMany(runs: readonly NewRun[]): RunRecord[] {
    return this.db.transaction(() => runs.map((run) => this.insertRun(run))).immediate();
  }

  private insertRun(run: NewRun): RunRecord {
    if (!this.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(run.datasetId)) {
      throw new StoreError('NOT_FOUND', `dataset ${run.datasetId} does not exist`);
    }
    if (run.modelId != null && !this.db.prepare('SELECT 1 FROM models WHERE id = ?').get(run.modelId)) {
      throw new StoreError('NOT_FOUND', `model ${run.modelId} does not exist`);
    }
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO runs (name, dataset_id, model_id, model_spec, trainer_config, preprocessing, seed, data_hash,
           status, created_at, study_id, study_point) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(run.name, run.datasetId, run.modelId ?? null, run.modelSpec == null ? null : toJson(run.modelSpec),
        toJson(run.trainerConfig), toJson(run.preprocessing), run.seed, run.dataHash ?? null, this.now(),
        run.studyId ?? null, run.studyPoint === undefined ? null : toJson(run.studyPoint));
    return this.get(Number(lastInsertRowid))!;
  }

  /**
   * A run trained elsewhere, created directly in its final state with its metrics and artifacts, all or nothing.
   * Throws NOT_FOUND for an unknown dataset, INVALID_INPUT for a state that is not an outcome or repeated points.
   */
  importFinished(imported: ImportedRun): RunRecord {
    const { run, origin, outcome } = imported;
    if (!RUN_STATES[outcome.status].finished) throw new StoreError('INVALID_INPUT', `an imported run must be finished, not ${outcome.status}`);
    return this.db.transaction(() => {
      const created = this.create(run);
      const epochs = new Set(imported.points.map((p) => p.epoch)).size;
      this.db
        .prepare(
          `UPDATE runs SET status = 'running', started_at = ?, origin = ?, progress_epoch = ?, progress_total = ?
           WHERE id = ?`,
        )
        .run(imported.startedAt, toJson(origin), epochs, epochs, created.id);
      this.appendMetrics(created.id, imported.points);
      this.finish(created.id, outcome);
      this.db.prepare('UPDATE runs SET finished_at = ? WHERE id = ?').run(imported.finishedAt, created.id);
      return this.get(created.id)!;
    }).immediate();
  }

  get(id: number): RunRecord | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Newest first. */
  list(filter: RunFilter = {}): RunRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.datasetId !== undefined) {
      where.push('dataset_id = ?');
      params.push(filter.datasetId);
    }
    if (filter.studyId !== undefined) {
      where.push('study_id = ?');
      params.push(filter.studyId);
    }
    if (filter.modelId !== undefined) {
      where.push('model_id = ?');
      params.push(filter.modelId);
    }
    if (filter.status !== undefined) {
      where.push('status IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.status));
    }
    if (filter.nameContains) {
      // instr instead of LIKE: % and _ in what the person typed are plain characters.
      where.push('instr(lower(name), lower(?)) > 0');
      params.push(filter.nameContains);
    }
    const sql =
      `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}` +
      ' ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?';
    params.push(filter.limit ?? -1, filter.offset ?? 0);
    return (this.db.prepare(sql).all(...params) as RunRow[]).map(toRecord);
  }

  /**
   * Moves a run along NEXT_STATES, stamping started_at on 'running' and finished_at on a final state.
   * Throws NOT_FOUND or INVALID_TRANSITION.
   */
  transition(id: number, to: RunStatus, error: string | null = null): RunRecord {
    return this.db.transaction(() => {
      this.assertTransition(id, to);
      const at = this.now();
      this.db
        .prepare(
          `UPDATE runs SET status = ?, error = coalesce(?, error),
             started_at = CASE WHEN ? = 'running' THEN ? ELSE started_at END,
             finished_at = CASE WHEN ? THEN ? ELSE finished_at END
           WHERE id = ?`,
        )
        .run(to, error, to, at, RUN_STATES[to].finished ? 1 : 0, at, id);
      return this.get(id)!;
    }).immediate();
  }

  /** Final state, summary, training time and artifacts of a running run, all or nothing. */
  finish(id: number, outcome: RunOutcome): RunRecord {
    const saveArtifact = this.db.prepare(
      `INSERT INTO run_artifacts (run_id, kind, json) VALUES (?, ?, ?)
       ON CONFLICT (run_id, kind) DO UPDATE SET json = excluded.json`,
    );
    return this.db.transaction(() => {
      const current = this.assertTransition(id, outcome.status);
      if (current !== 'running') {
        throw new StoreError('INVALID_TRANSITION', `run ${id} is ${current}; only a running run can finish`);
      }
      for (const artifact of outcome.artifacts ?? []) saveArtifact.run(id, artifact.kind, toJson(artifact.json));
      this.db
        .prepare('UPDATE runs SET status = ?, summary = ?, train_ms = ?, error = ?, finished_at = ? WHERE id = ?')
        .run(outcome.status, toJson(outcome.summary), outcome.trainMs, outcome.error ?? null, this.now(), id);
      return this.get(id)!;
    }).immediate();
  }

  /** Stamps the moment the engine began a running run's job (the clock its ETA runs from). */
  markWorkStarted(id: number): void {
    this.db.prepare(`UPDATE runs SET work_started_at = ? WHERE id = ? AND status = 'running'`).run(this.now(), id);
  }

  /**
   * Adds the time saving the outcome took to a finished run's summary timings (`finish` cannot know it while it
   * writes): one small update of the summary text in place.
   */
  recordSavingTime(id: number, savingMs: number): void {
    this.db.prepare(`UPDATE runs SET summary = json_set(summary, '$.timings.savingMs', ?) WHERE id = ? AND json_valid(summary) AND json_type(summary, '$.timings') = 'object'`).run(savingMs, id);
  }

  setProgress(id: number, epoch: number, total: number): void {
    const { changes } = this.db
      .prepare('UPDATE runs SET progress_epoch = ?, progress_total = ? WHERE id = ?')
      .run(epoch, total, id);
    if (changes === 0) throw notFound(id);
  }

  /**
   * Appends a batch of metric points (and optionally the progress) in one transaction. A (key, epoch) already
   * stored for the run is rejected with INVALID_INPUT and nothing of the batch is kept.
   */
  appendMetrics(id: number, points: readonly MetricPoint[], progress?: { epoch: number; total: number }): void {
    const insert = this.db.prepare('INSERT INTO run_metrics (run_id, epoch, key, value, elapsed_ms) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id)) throw notFound(id);
      for (const point of points) {
        try {
          insert.run(id, point.epoch, point.key, point.value, point.elapsedMs);
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
            throw new StoreError('INVALID_INPUT', `run ${id} already has "${point.key}" for epoch ${point.epoch}`);
          }
          throw err;
        }
      }
      if (progress) this.setProgress(id, progress.epoch, progress.total);
    }).immediate();
  }

  /** Points of several runs, ordered by run, key, epoch; all keys unless `keys` is given. */
  readMetrics(runIds: readonly number[], keys?: readonly string[]): RunMetricPoint[] {
    const rows = this.db
      .prepare(
        `SELECT run_id, epoch, key, value, elapsed_ms FROM run_metrics
         WHERE run_id IN (SELECT value FROM json_each(?))
           AND (? IS NULL OR key IN (SELECT value FROM json_each(?)))
         ORDER BY run_id, key, epoch`,
      )
      .all(JSON.stringify(runIds), keys ? 1 : null, JSON.stringify(keys ?? [])) as {
      run_id: number;
      epoch: number;
      key: string;
      value: number | null;
      elapsed_ms: number;
    }[];
    return rows.map((row) => ({
      runId: row.run_id,
      epoch: row.epoch,
      key: row.key,
      value: row.value ?? Number.NaN,
      elapsedMs: row.elapsed_ms,
    }));
  }

  getArtifact(id: number, kind: ArtifactKind): RunArtifact | null {
    const row = this.db.prepare('SELECT json FROM run_artifacts WHERE run_id = ? AND kind = ?').get(id, kind) as
      | { json: string | null }
      | undefined;
    return row ? { kind, json: fromJson(row.json) } : null;
  }

  rename(id: number, name: string): void {
    const { changes } = this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(name, id);
    if (changes === 0) throw notFound(id);
  }

  /** Sets a run's tags (kept trimmed, distinct, in the order given) and/or notes. Throws NOT_FOUND. */
  annotate(id: number, note: { tags?: readonly string[]; notes?: string }): void {
    const tags = note.tags === undefined ? null : JSON.stringify([...new Set(note.tags.map((t) => t.trim()).filter(Boolean))]);
    const { changes } = this.db.prepare('UPDATE runs SET tags = coalesce(?, tags), notes = coalesce(?, notes) WHERE id = ?').run(tags, note.notes ?? null, id);
    if (changes === 0) throw notFound(id);
  }

  /** Deletes a finished run with its metrics and artifacts. Throws NOT_FOUND, or RUN_ACTIVE while queued/running. */
  delete(id: number): void {
    this.db.transaction(() => {
      const status = this.statusOf(id);
      if (isActiveStatus(status)) {
        throw new StoreError('RUN_ACTIVE', `run ${id} is ${status}; cancel it before deleting`);
      }
      this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    }).immediate();
  }

  /**
   * At start-up no worker is alive, so queued and running runs from a previous session can never finish; they
   * become interrupted with `reason` (unless they carry an error already).
   */
  markInterrupted(reason: string): number {
    return this.db
      .prepare(
        `UPDATE runs SET status = 'interrupted', finished_at = ?, error = coalesce(error, ?)
         WHERE status IN (${sqlList(ACTIVE_RUN_STATUSES)})`,
      )
      .run(this.now(), reason).changes;
  }

  /** The recipe of an existing run, ready to edit and pass to `create`. Throws NOT_FOUND. */
  cloneConfig(id: number): NewRun {
    const run = this.get(id);
    if (!run) throw notFound(id);
    return {
      name: `${run.name} (copy)`,
      datasetId: run.datasetId,
      modelId: run.modelId,
      modelSpec: run.modelSpec,
      trainerConfig: run.trainerConfig,
      preprocessing: run.preprocessing,
      seed: run.seed,
      dataHash: run.dataHash,
    };
  }

  private statusOf(id: number): RunStatus {
    const status = this.db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(id) as RunStatus | undefined;
    if (status === undefined) throw notFound(id);
    return status;
  }

  private assertTransition(id: number, to: RunStatus): RunStatus {
    const current = this.statusOf(id);
    if (!isActiveStatus(current) || !NEXT_STATES[current].includes(to)) {
      throw new StoreError('INVALID_TRANSITION', `run ${id} cannot go from ${current} to ${to}`);
    }
    return current;
  }
}

function notFound(id: number): StoreError {
  return new StoreError('NOT_FOUND', `run ${id} does not exist`);
}

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    name: row.name,
    datasetId: row.dataset_id,
    modelId: row.model_id,
    modelSpec: fromJson<ModelSpec>(row.model_spec),
    trainerConfig: fromJson<TrainerConfig>(row.trainer_config)!,
    preprocessing: fromJson(row.preprocessing),
    seed: row.seed,
    dataHash: row.data_hash,
    status: row.status,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    trainMs: row.train_ms,
    summary: fromJson(row.summary),
    progress: { epoch: row.progress_epoch, total: row.progress_total },
    workStartedAt: row.work_started_at,
    origin: fromJson<RunOrigin>(row.origin),
    studyId: row.study_id,
    studyPoint: fromJson(row.study_point),
    tags: fromJson<string[]>(row.tags) ?? [],
    notes: row.notes,
  };
}
