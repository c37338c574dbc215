/**
 * Where a run was trained when it was not trained by this app: a run bundle trained elsewhere (PyTorch, one
 * process or many) and brought back with "Import run". Local runs have no origin (null). Zod-free so the
 * renderer can import it.
 */
export interface RunOrigin {
  /** One line for lists and Compare, e.g. "PyTorch 1.13.0 · 2 processes (gloo, cpu)". */
  label: string;
  engine: string;
  engineVersion: string;
  processes: number;
  backend: string;
  device: string;
  hosts: string[];
  /** The local run the bundle was exported from, when known. */
  sourceRunId: number | null;
  importedAt: number;
}
