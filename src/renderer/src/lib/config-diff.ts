/** Flattens nested settings into `path → text`, e.g. `optimizer.params.lr → 0.001`. */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out[prefix] = Array.isArray(value) ? '[]' : '{}';
    for (const [k, v] of entries) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value === undefined ? '—' : String(value);
  }
  return out;
}

export interface DiffRow {
  path: string;
  /** One cell per compared configuration; '—' where a setting is absent. */
  values: string[];
}

/** Only the settings that are not the same in every configuration, in a stable order. */
export function configDiff(configs: readonly unknown[]): DiffRow[] {
  const flat = configs.map((c) => flattenConfig(c));
  const paths = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  const rows: DiffRow[] = [];
  for (const path of paths) {
    const values = flat.map((f) => f[path] ?? '—');
    if (values.some((v) => v !== values[0])) rows.push({ path, values });
  }
  return rows;
}
