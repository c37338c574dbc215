/**
 * Spreads chart work over separate main-thread tasks: one job per frame, in request order. A page with three
 * live charts would otherwise build and redraw all of them in one long task each time a batch of points
 * lands. A chart asking again before its turn replaces its pending job (only the latest state matters).
 * Jobs given the same `group` (the live updates of one run's charts) run together in one task instead: they
 * read the same snapshot of the series and draw in the same frame, so the charts never disagree.
 */
export type ChartJob = () => void;

/** Slots in request order: a group's jobs, or one chart's job (keyed by the chart itself). */
const queue = new Map<unknown, Map<object, ChartJob>>();
let scheduled = false;

/*
 * A task after the next frame: charts draw lazily (ECharts renders in the frame after setOption), so a job
 * and the previous job's drawing never share a task, and no frame draws two charts. Outside a browser (unit
 * tests), just a later task.
 */
function nextTask(run: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  else setTimeout(run, 0);
}

function runOne(): void {
  scheduled = false;
  const next = queue.entries().next();
  if (next.done) return;
  const [key, jobs] = next.value;
  queue.delete(key);
  if (queue.size) schedule();
  for (const job of jobs.values()) job();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  nextTask(runOne);
}

function slotOf(owner: object): Map<object, ChartJob> | undefined {
  for (const jobs of queue.values()) if (jobs.has(owner)) return jobs;
  return undefined;
}

/**
 * Runs `job` in a task of its own (with the other jobs of its `group`, if given), after the jobs already
 * waiting; replaces `owner`'s pending job, if any.
 */
export function scheduleChartJob(owner: object, job: ChartJob, group?: string): void {
  // A replaced job keeps its place in line, so a chart redrawn 10× a second cannot starve the others.
  const pending = slotOf(owner);
  if (pending) {
    pending.set(owner, job);
    return;
  }
  const key = group ?? owner;
  const jobs = queue.get(key);
  if (jobs) jobs.set(owner, job);
  else queue.set(key, new Map([[owner, job]]));
  schedule();
}

/** Drops `owner`'s pending job (a chart being unmounted). */
export function cancelChartJob(owner: object): void {
  for (const [key, jobs] of queue) {
    if (jobs.delete(owner) && jobs.size === 0) queue.delete(key);
  }
}
