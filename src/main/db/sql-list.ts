/** Constants of ours as an SQL list, `'a', 'b'` (for CHECK … IN and WHERE … IN; never for user input). */
export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
}
