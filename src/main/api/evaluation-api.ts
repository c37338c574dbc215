/** The evaluation views of a finished run: one call per view, each on the run's rebuilt validation or test rows. */
import { decisionBoundaryView } from '../evaluation/decision-boundary';
import { classReportView, curvesView, residualsView } from '../evaluation/evaluation-views';
import { RunDataCache } from '../evaluation/run-data';
import type { ApiContext, Handlers } from './api-context';

type EvaluationHandlers = Pick<Handlers, 'runs.classReport' | 'runs.curves' | 'runs.residuals' | 'runs.decisionBoundary'>;

export function evaluationHandlers(ctx: ApiContext): EvaluationHandlers {
  const runs = new RunDataCache(ctx.store, ctx.tables);
  return {
    'runs.classReport': ({ id, split }) => classReportView(runs.get(id), split),
    'runs.curves': ({ id, split }) => curvesView(runs.get(id), split),
    'runs.residuals': ({ id, split }) => residualsView(runs.get(id), split),
    'runs.decisionBoundary': ({ id, ...request }) => decisionBoundaryView(runs.get(id), request),
  };
}
