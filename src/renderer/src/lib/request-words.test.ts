import { describe, expect, it } from 'vitest';
import { prepareSettingsSchema } from '../../../shared/api';
import { plainRequestError } from './request-words';

describe('plainRequestError', () => {
  it('says a bad split in words: what (the shares and their sum) and where (the Split setting), no method or path', () => {
    // The message exactly as the API builds it from its schema (create-api: `method: field: issue`).
    const parsed = prepareSettingsSchema.safeParse({
      scaling: 'standard', oneHot: true, targetScaling: 'none', stratified: true, seed: 1,
      split: { train: 0.8, val: 0.15, test: 0.15, fixedTrainRows: null },
    });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0];
    const field = ['prepare', ...issue.path.map(String)].join('.');
    const text = plainRequestError(`datasets.update: ${field}: ${issue.message}`, field);
    expect(text).toBe('Split: the train, validation and test shares must add up to 100 % (now 110 %).');
    expect(text).not.toMatch(/datasets\.update|prepare\.split|ratios/);
  });

  it('names a typed-in prediction field by its column, and keeps an unknown path after the problem', () => {
    expect(plainRequestError('values.age: "abc" is not a number', 'values.age')).toBe('“age”: "abc" is not a number.');
    expect(plainRequestError('runs.start: trainer.epochs: too big', 'trainer.epochs')).toBe('Too big (setting trainer.epochs).');
    expect(plainRequestError('models.create: name: too long', 'name')).toBe('Name: too long.');
  });
});
