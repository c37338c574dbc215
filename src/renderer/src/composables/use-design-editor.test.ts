import { describe, expect, it } from 'vitest';
import type { ModelView } from '../../../shared/api';
import type { LayerSpec } from '../../../engine/model/spec';
import { useDesignEditor } from './use-design-editor';

const dense = (units: number): LayerSpec => ({ type: 'dense', units, bias: true, initializer: 'glorotUniform' });
const relu: LayerSpec = { type: 'activation', activation: 'relu' };

describe('useDesignEditor', () => {
  it('adds, moves and removes layers, keeping the selection on the layer acted on', () => {
    const e = useDesignEditor({ id: null, name: 'n', layers: [dense(8)] });
    e.add('activation');
    expect(e.layers.value.map((l) => l.type)).toEqual(['dense', 'activation']);
    expect(e.selected.value).toBe(1);
    e.add('dropout', 0);
    expect(e.layers.value.map((l) => l.type)).toEqual(['dropout', 'dense', 'activation']);
    expect(e.selected.value).toBe(0);
    e.move(0, 2);
    expect(e.layers.value.map((l) => l.type)).toEqual(['dense', 'activation', 'dropout']);
    expect(e.selected.value).toBe(2);
    e.move(2, 3); // beyond the end: nothing happens
    expect(e.selected.value).toBe(2);
    e.remove(2);
    expect(e.selected.value).toBe(1);
    e.remove(0);
    e.remove(0);
    expect(e.layers.value).toEqual([]);
    expect(e.selected.value).toBeNull();
  });

  it("edits the selected layer through the inspector's fields and values", () => {
    const e = useDesignEditor({ id: null, name: 'n', layers: [dense(8), relu] });
    expect(e.inspectorValues.value).toEqual({});
    e.selected.value = 0;
    expect(Object.keys(e.inspectorFields.value.fields)).toEqual(['units', 'bias', 'initializer']);
    expect(e.inspectorValues.value).toEqual({ units: 8, bias: true, initializer: 'glorotUniform' });
    e.inspectorValues.value = { ...e.inspectorValues.value, units: 32 };
    expect(e.layers.value[0]).toEqual(dense(32));
    e.selected.value = 1;
    expect(e.selectedLayer.value).toEqual(relu);
  });

  it('knows whether the design differs from its saved copy', () => {
    const e = useDesignEditor({ id: null, name: 'n', layers: [dense(8)] });
    expect(e.dirty.value).toBe(true); // never saved
    const saved: ModelView = { id: 4, name: 'n', spec: { layers: [dense(8)] }, createdAt: 1, updatedAt: 1 };
    e.markSaved(saved);
    expect([e.modelId.value, e.dirty.value]).toEqual([4, false]);
    e.name.value = 'renamed';
    expect(e.dirty.value).toBe(true);
    e.open({ id: 4, name: 'n', layers: saved.spec.layers }, true);
    expect(e.dirty.value).toBe(false);
    // The editor works on its own copy: editing it leaves the stored design alone.
    e.selected.value = 0;
    e.inspectorValues.value = { units: 2, bias: true, initializer: 'glorotUniform' };
    expect(saved.spec.layers[0]).toEqual(dense(8));
    expect(e.dirty.value).toBe(true);
    e.detach();
    expect([e.modelId.value, e.dirty.value]).toEqual([null, true]);
  });

  it('knows what leaving would lose: nothing after opening a template or a saved design, the edits after that', () => {
    const e = useDesignEditor({ id: null, name: 'Template', layers: [dense(8)] });
    expect([e.dirty.value, e.edited.value]).toEqual([true, false]); // unsaved, yet nothing typed in
    e.add('activation');
    expect(e.edited.value).toBe(true);
    // A template over a saved design: a new design (saving creates one), nothing edited yet.
    e.open({ id: 4, name: 'Saved', layers: [dense(8)] }, true);
    e.open({ id: null, name: 'Other template', layers: [dense(16)] });
    expect([e.modelId.value, e.edited.value]).toEqual([null, false]);
    e.name.value = 'Mine';
    expect(e.edited.value).toBe(true);
    e.markSaved({ id: 9, name: 'Mine 2', spec: { layers: [dense(16)] }, createdAt: 1, updatedAt: 1 });
    expect([e.name.value, e.edited.value, e.dirty.value]).toEqual(['Mine 2', false, false]);
  });
});
