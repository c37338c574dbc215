/**
 * Spreads chart work over separate main-thread tasks: one job per frame, in request order. A page with three
 * live charts would otherwise build and redraw all of them in one long task each time a batch of points
 * lands. A chart asking again before its turn replaces its pending job (only the latest state matters).
 */
export type ChartJob = () => void;

const queue = new Map<object, ChartJob>();
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
  const [owner, job] = next.value;
  queue.delete(owner);
  if (queue.size) schedule();
  job();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  nextTask(runOne);
}

/** Runs `job` in a task of its own, after the jobs already waiting; replaces `owner`'s pending job, if any. */
export function scheduleChartJob(owner: object, job: ChartJob): void {
  const waiting = queue.has(owner);
  queue.set(owner, job);
  // A replaced job keeps its place in line, so a chart redrawn 10× a second cannot starve the others.
  if (!waiting) schedule();
}

/** Drops `owner`'s pending job (a chart being unmounted). */
export function cancelChartJob(owner: object): void {
  queue.delete(owner);
}
