import { describe, expect, it } from 'vitest';
import { visibleNotices } from './dataset-notices';

describe('visibleNotices', () => {
  const oneClass = { code: 'unusable-target', column: 'kind', message: 'target "kind" has only one class ("a"), so there is nothing to tell apart; choose another target column' };

  it('says a one-class target once: the message names its column, so no "(column …)" repeats it', () => {
    const shown = visibleNotices([oneClass, { ...oneClass }], 'kind');
    expect(shown.map((n) => n.text)).toEqual([oneClass.message]);
  });

  it('drops the target warning once another target is chosen, and names a column a message leaves out', () => {
    const other = { code: 'high-missing', column: 'age', message: 'more than half of the values are missing' };
    expect(visibleNotices([oneClass, other], 'size').map((n) => n.text)).toEqual(['more than half of the values are missing (column “age”)']);
  });
});
