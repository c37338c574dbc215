/**
 * Menu labels that tell namesakes apart. Two datasets imported from the same file, or two designs saved under
 * one name, read the same in a drop-down; a name used once keeps its plain label, a shared name gets the
 * detail that differs (rows, import time, save time) and, where even that is the same, its place among them
 * in the order they were made ("2 of 3").
 */
import { computed, type Ref } from 'vue';
import type { DatasetSummaryView, ModelView } from '../../../shared/api';
import { formatDate, formatInteger } from './format';

export interface Named { id: number; name: string }

export function distinctLabels<T extends Named>(items: readonly T[], detail: (item: T) => string): Map<number, string> {
  const labels = new Map<number, string>();
  for (const group of groupBy(items, (item) => item.name.trim())) {
    if (group.length === 1) {
      labels.set(group[0].id, group[0].name);
      continue;
    }
    for (const same of groupBy(group, detail)) {
      const ordered = [...same].sort((a, b) => a.id - b.id);
      ordered.forEach((item, i) => {
        const place = ordered.length > 1 ? `, ${i + 1} of ${ordered.length}` : '';
        labels.set(item.id, `${item.name} (${detail(item)}${place})`);
      });
    }
  }
  return labels;
}

/** A store's menu label for each of its items: `fallback` for an item the list does not (yet) hold. */
export function namesakeLabels<T extends Named>(list: Ref<T[]>, detail: (item: T) => string): (id: number, fallback: string) => string {
  const labels = computed(() => distinctLabels(list.value, detail));
  return (id, fallback) => labels.value.get(id) ?? fallback;
}

export const datasetDetail = (d: Pick<DatasetSummaryView, 'rowCount' | 'createdAt'>): string =>
  `${formatInteger(d.rowCount)} rows, imported ${formatDate(d.createdAt)}`;

export const designDetail = (m: Pick<ModelView, 'updatedAt'>): string => `saved ${formatDate(m.updatedAt)}`;

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}
