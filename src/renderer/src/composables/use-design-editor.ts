import { computed, ref } from 'vue';
import type { ModelView } from '../../../shared/api';
import { fieldSet, type FieldValue } from '../../../engine/catalog/fields';
import type { LayerSpec, LayerType } from '../../../engine/model/spec';
import { defaultLayer, insertLayer, layerFields, layerSettings, moveLayer, removeLayer, withSettings } from '../lib/layer-ops';

/** What the editor shows: a saved design (its id) or a new one (id null), by name and layers. */
export interface Design {
  id: number | null;
  name: string;
  layers: readonly LayerSpec[];
}

const copyLayers = (layers: readonly LayerSpec[]): LayerSpec[] => layers.map((l) => ({ ...l }));
const savedForm = (name: string, layers: readonly LayerSpec[]): string => JSON.stringify({ name, layers });

/**
 * The network design being edited in the model designer: its layers, the selected layer and the inspector's
 * view of it, and whether it differs from its saved copy. No store or router: the view saves and navigates.
 */
export function useDesignEditor(initial: Design) {
  const modelId = ref<number | null>(initial.id);
  const name = ref(initial.name);
  const layers = ref<LayerSpec[]>(copyLayers(initial.layers));
  const selected = ref<number | null>(null);
  /** The saved design as last loaded or saved ('' when nothing of it is saved). */
  const savedJson = ref('');
  const dirty = computed(() => savedForm(name.value, layers.value) !== savedJson.value);
  /** The design as last opened or saved: `edited` is what leaving the page would lose (a template just opened is not). */
  const openedJson = ref(savedForm(initial.name, initial.layers));
  const edited = computed(() => savedForm(name.value, layers.value) !== openedJson.value);

  const selectedLayer = computed(() => (selected.value !== null ? layers.value[selected.value] ?? null : null));
  const inspectorFields = computed(() => (selectedLayer.value ? layerFields(selectedLayer.value) : fieldSet({})));
  const inspectorValues = computed<Record<string, FieldValue>>({
    get: () => (selectedLayer.value ? layerSettings(selectedLayer.value) : {}),
    set: (values) => {
      const i = selected.value;
      if (i === null) return;
      layers.value = layers.value.map((l, j) => (j === i ? withSettings(l, values) : l));
    },
  });

  /** A new layer of `type` at `at` (by default the end), selected. */
  function add(type: LayerType, at = layers.value.length): void {
    layers.value = insertLayer(layers.value, at, defaultLayer(type));
    selected.value = at;
  }
  function move(from: number, to: number): void {
    if (to < 0 || to >= layers.value.length) return;
    layers.value = moveLayer(layers.value, from, to);
    selected.value = to;
  }
  function remove(i: number): void {
    layers.value = removeLayer(layers.value, i);
    selected.value = layers.value.length ? Math.min(i, layers.value.length - 1) : null;
  }

  /** Shows another design, nothing selected; a saved one (from the store) counts as unchanged. */
  function open(design: Design, saved = false): void {
    modelId.value = design.id;
    name.value = design.name;
    layers.value = copyLayers(design.layers);
    selected.value = null;
    savedJson.value = saved ? savedForm(design.name, layers.value) : '';
    openedJson.value = savedForm(design.name, layers.value);
  }

  /** The design as the store saved it (with its id and the layers as stored). */
  function markSaved(m: ModelView): void {
    modelId.value = m.id;
    layers.value = copyLayers(m.spec.layers);
    name.value = m.name;
    savedJson.value = savedForm(m.name, layers.value);
    openedJson.value = savedJson.value;
  }

  /** The saved design was deleted: what is on screen becomes a new, unsaved design. */
  function detach(): void {
    modelId.value = null;
    savedJson.value = '';
  }

  return {
    modelId, name, layers, selected, dirty, edited, selectedLayer, inspectorFields, inspectorValues,
    add, move, remove, open, markSaved, detach,
  };
}
