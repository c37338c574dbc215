/**
 * The files of a run bundle among those of a chosen folder (`<input webkitdirectory>` gives every file with its
 * path under the folder): config.json at the top, the results of train.py under output/.
 */
export interface FolderFile {
  /** Path relative to the chosen folder's parent, e.g. "run-3-pytorch/output/result.json". */
  readonly path: string;
  readonly file: Blob;
}

export interface BundleFiles {
  config: Blob;
  result: Blob;
  metrics: Blob | null;
  model: Blob | null;
}

const depth = (p: string) => p.split('/').length;

/** The shallowest file with this name (inside output/ for train.py's results); null when there is none. */
function find(files: readonly FolderFile[], name: string, inOutput: boolean): Blob | null {
  const matches = files
    .filter((f) => f.path.split('/').at(-1) === name && (!inOutput || f.path.split('/').includes('output')))
    .sort((a, b) => depth(a.path) - depth(b.path));
  return matches[0]?.file ?? null;
}

/** The bundle's files, or a sentence saying what is missing. */
export function bundleFiles(files: readonly FolderFile[]): BundleFiles | string {
  const config = find(files, 'config.json', false);
  if (!config) return 'This folder has no config.json: choose the folder of a run bundle (the one with train.py).';
  const result = find(files, 'result.json', true);
  if (!result) return 'This bundle has no output/result.json yet: run train.py in it first (see its README.md).';
  return { config, result, metrics: find(files, 'metrics.jsonl', true), model: find(files, 'model.json', true) };
}
