import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ModelView } from '../../../shared/api';
import type { ModelSpec } from '../../../engine/model/spec';
import { call } from '../api/client';
import { designDetail, namesakeLabels } from '../lib/namesakes';

/** Saved model designs. */
export const useModelsStore = defineStore('models', () => {
  const list = ref<ModelView[]>([]);
  const loaded = ref(false);
  /** What a menu shows for each design: its name, with what tells it apart from namesakes (lib/namesakes.ts). */
  const labelOf = namesakeLabels(list, designDetail);

  async function load(): Promise<void> {
    list.value = await call('models.list', {});
    loaded.value = true;
  }

  async function save(id: number | null, name: string, spec: ModelSpec): Promise<ModelView> {
    const m = id === null ? await call('models.create', { name, spec }) : await call('models.update', { id, name, spec });
    list.value = [m, ...list.value.filter((x) => x.id !== m.id)];
    return m;
  }

  async function remove(id: number): Promise<void> {
    await call('models.delete', { id });
    list.value = list.value.filter((m) => m.id !== id);
  }

  return { list, labelOf, loaded, load, save, remove };
});
