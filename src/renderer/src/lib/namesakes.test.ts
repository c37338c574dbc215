import { describe, expect, it } from 'vitest';
import { datasetDetail, designDetail, distinctLabels } from './namesakes';

const dataset = (id: number, name: string, rowCount: number, createdAt: number) => ({ id, name, rowCount, createdAt });
const DAY = 24 * 3600 * 1000;
const T = Date.UTC(2026, 11, 3, 12, 0);

describe('distinctLabels', () => {
  it('keeps a name used once as it is, and tells every namesake apart', () => {
    const list = [dataset(1, 'iris', 150, T), dataset(2, 'iris', 150, T + DAY), dataset(3, 'vehicle', 846, T), dataset(4, 'iris', 120, T)];
    const labels = distinctLabels(list, datasetDetail);
    expect(labels.get(3)).toBe('vehicle');
    const iris = [1, 2, 4].map((id) => labels.get(id)!);
    expect(new Set(iris).size).toBe(3);
    for (const label of iris) expect(label.startsWith('iris (')).toBe(true);
    expect(labels.get(4)).toContain('120 rows');
    expect(labels.get(1)).toContain('150 rows');
  });

  it('numbers namesakes whose details are the same too, in the order they were made', () => {
    const list = [dataset(9, 'x', 1000, T), dataset(5, 'x', 1000, T), dataset(7, 'x', 1000, T)];
    const labels = distinctLabels(list, datasetDetail);
    expect(labels.get(5)).toMatch(/^x \(1,000 rows, imported .+, 1 of 3\)$/);
    expect(labels.get(7)).toMatch(/, 2 of 3\)$/);
    expect(labels.get(9)).toMatch(/, 3 of 3\)$/);
  });

  it('treats names that differ only by surrounding spaces as namesakes, and labels every item', () => {
    const models = [{ id: 1, name: 'My network', updatedAt: T }, { id: 2, name: 'My network ', updatedAt: T + DAY }, { id: 3, name: '', updatedAt: T }];
    const labels = distinctLabels(models, designDetail);
    expect(labels.size).toBe(3);
    expect(labels.get(1)).not.toBe(labels.get(2));
    expect(labels.get(1)).toContain('saved ');
    expect(labels.get(3)).toBe('');
  });
});
