import { describe, expect, it } from 'vitest';
import {
  COLUMN_ROLE_IDS, COLUMN_TYPE_IDS, COLUMN_TYPES, isUsableFeatureType, MAX_CLASSES_FOR_INTEGER_TARGET, STORAGE_KIND_IDS, suggestedTask,
  targetStorage,
} from './column-vocabulary';

describe('column vocabulary', () => {
  it('lists every entry once, in the order the menus and CHECK lists show', () => {
    expect(COLUMN_TYPE_IDS).toEqual(['numeric', 'integer', 'categorical', 'boolean', 'text', 'constant']);
    expect(COLUMN_ROLE_IDS).toEqual(['feature', 'target', 'ignored']);
    expect(STORAGE_KIND_IDS).toEqual(['numeric', 'categorical']);
  });

  it('says what a type implies: numbers or categories, and whether it can be an input', () => {
    expect(COLUMN_TYPE_IDS.filter((t) => COLUMN_TYPES[t].storage === 'numeric')).toEqual(['numeric', 'integer']);
    expect(COLUMN_TYPE_IDS.filter((t) => !isUsableFeatureType(t))).toEqual(['text', 'constant']);
    expect([targetStorage('classification'), targetStorage('regression')]).toEqual(['categorical', 'numeric']);
  });

  it('suggests classification for words and few whole numbers, regression for other numbers', () => {
    expect(suggestedTask('numeric', 3)).toBe('regression');
    expect(suggestedTask('integer', MAX_CLASSES_FOR_INTEGER_TARGET)).toBe('classification');
    expect(suggestedTask('integer', MAX_CLASSES_FOR_INTEGER_TARGET + 1)).toBe('regression');
    expect(suggestedTask('integer', null)).toBe('regression');
    for (const type of ['categorical', 'boolean', 'text', 'constant'] as const) expect(suggestedTask(type, 1000)).toBe('classification');
  });
});
