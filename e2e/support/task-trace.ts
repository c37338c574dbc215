/**
 * Wall and CPU time of the page's main-thread tasks, from a Chromium trace of the `toplevel` category (cheap:
 * one event per task). A long task whose CPU time is short spent its wall time waiting for a core, which the
 * PerformanceObserver figure cannot tell apart from work of our own.
 */
import type { Page } from '@playwright/test';

export interface TaskTime { wallMs: number; cpuMs: number }

interface TraceEvent { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } }

const TASK = 'ThreadControllerImpl::RunTask';

/** Starts tracing the page's browser; `stop` returns the renderer main thread's tasks of at least `minMs`. Null where there is no browser to trace (Electron). */
export async function traceTasks(page: Page): Promise<{ stop(minMs: number): Promise<TaskTime[]> } | null> {
  const browser = page.context().browser();
  if (!browser) return null;
  await browser.startTracing(page, { categories: ['toplevel'] });
  return {
    async stop(minMs) {
      const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
      const mains = new Set(traceEvents.filter((e) => e.ph === 'M' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
      const byThread = new Map<string, TraceEvent[]>();
      for (const e of traceEvents) {
        const key = `${e.pid}:${e.tid}`;
        if (e.name !== TASK || e.ph !== 'X' || !mains.has(key)) continue;
        const list = byThread.get(key);
        if (list) list.push(e);
        else byThread.set(key, [e]);
      }
      // The page's renderer is the busiest one (the others are idle helper frames, if any).
      const tasks = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
      return tasks
        .filter((e) => (e.dur ?? 0) >= minMs * 1000)
        .map((e) => ({ wallMs: Math.round((e.dur ?? 0) / 1000), cpuMs: Math.round((e.tdur ?? 0) / 1000) }));
    },
  };
}
