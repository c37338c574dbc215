import { computed, ref, watch } from 'vue';
import type { DatasetView } from '../../../shared/api';
import type { LossId } from '../../../engine/catalog/losses';
import { useDatasetsStore } from '../stores/datasets';

/** The dataset last chosen, kept for the session so the designer shows it again on the next visit. */
let remembered: number | null = null;

/**
 * The dataset whose shapes the model designer shows (inputs, task, outputs): the one chosen (on this visit or
 * the last), by default the first with a target; without one, an Iris-sized example (4 inputs, 3 classes).
 */
export function useShapeDataset() {
  const datasets = useDatasetsStore();
  const datasetId = ref<number | null>(null);
  const dataset = ref<DatasetView | null>(null);
  const inputs = computed(() => dataset.value?.encodedWidth ?? 4);
  const task = computed(() => dataset.value?.task ?? 'classification');
  const outputs = computed(() => (task.value === 'classification' ? Math.max(2, dataset.value?.classes.length ?? 3) : 1));
  const lossId = computed((): LossId => (task.value === 'classification' ? 'crossEntropy' : 'mse'));
  const outputLabel = computed(() => (task.value === 'classification' ? `${outputs.value} classes · softmax` : `${outputs.value} value · linear`));

  watch(datasetId, async (id) => {
    remembered = id;
    dataset.value = id === null ? null : await datasets.get(id).catch(() => null);
  });
  /** Picks the default once the dataset list has loaded (the view loads it). */
  function chooseDefault(): void {
    if (datasetId.value !== null) return;
    const usable = datasets.list.filter((d) => d.target);
    datasetId.value = usable.find((d) => d.id === remembered)?.id ?? usable[0]?.id ?? null;
  }
  return { datasetId, dataset, inputs, task, outputs, lossId, outputLabel, chooseDefault };
}
