import { apiRequests, type ApiEventName, type ApiEvents, type ApiMethod } from '../../shared/api';
import { Emitter } from '../../shared/emitter';
import { err, ok, type Result } from '../../shared/result';
import type { ApiContext, ApiDeps, Handlers } from './api-context';
import { toAppError } from './api-error';
import { appHandlers } from './app-api';
import { datasetHandlers } from './datasets-api';
import { evaluationHandlers } from './evaluation-api';
import { exportHandlers } from './export-api';
import { fileHandlers } from './files-api';
import { modelHandlers } from './models-api';
import { runSummaryView } from './run-views';
import { runHandlers } from './runs-api';
import { settingsHandlers } from './settings-api';
import { studyHandlers } from './studies-api';
import { tuneHandlers } from './tune-api';

/** The backend as the transports see it: one entry for calls, one for events. Never throws. */
export interface Api {
  call(method: string, payload: unknown): Promise<Result<unknown>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  readonly methods: readonly ApiMethod[];
}

export function createApi(deps: ApiDeps): Api {
  const events = new Emitter<ApiEvents>();
  const ctx: ApiContext = { ...deps, events };

  // Run events carry the dataset's name; names change rarely, so they are cached until a dataset changes.
  const names = new Map<number, string>();
  const datasetName = (id: number): string => {
    let name = names.get(id);
    if (name === undefined) names.set(id, (name = deps.store.datasets.head(id)?.name ?? `dataset ${id}`));
    return name;
  };
  events.on('datasets.changed', ({ ids }) => ids.forEach((id) => names.delete(id)));
  deps.runs.on('run.updated', (run) => events.emit('run.updated', runSummaryView(run, datasetName(run.datasetId))));
  deps.runs.on('run.metrics', ({ runId, points }) => events.emit('run.metrics', { runId, points }));
  deps.store.onDamaged(({ message }) => events.emit('store.damaged', { message }));

  const handlers: Handlers = {
    ...appHandlers(ctx),
    ...fileHandlers(ctx),
    ...datasetHandlers(ctx),
    ...modelHandlers(ctx),
    ...runHandlers(ctx, datasetName),
    ...exportHandlers(ctx, datasetName),
    ...evaluationHandlers(ctx),
    ...settingsHandlers(ctx),
    ...studyHandlers(ctx, datasetName),
    ...tuneHandlers(ctx),
  };

  return {
    methods: Object.keys(apiRequests) as ApiMethod[],
    on: (event, listener) => events.on(event, listener),
    async call(method, payload) {
      if (typeof method !== 'string' || !Object.hasOwn(apiRequests, method)) {
        return err('BAD_REQUEST', `unknown method ${JSON.stringify(String(method).slice(0, 100))}`);
      }
      const m = method as ApiMethod;
      const parsed = apiRequests[m].safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.map(String).join('.');
        return err('BAD_REQUEST', `${m}: ${field ? `${field}: ` : ''}${issue.message}`, { field: field || null });
      }
      try {
        const handler = handlers[m] as (request: unknown) => unknown;
        return ok(await handler(parsed.data));
      } catch (e) {
        const error = toAppError(e);
        if (error.code === 'INTERNAL') console.error(`${m} failed`, e);
        return { ok: false, error };
      }
    },
  };
}
