import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter';

interface Events {
  tick: number;
  name: string;
}

describe('Emitter', () => {
  it('delivers each event to its own listeners until they unsubscribe', () => {
    const events = new Emitter<Events>();
    const seen: string[] = [];
    const offTick = events.on('tick', (n) => seen.push(`tick ${n}`));
    events.on('name', (s) => seen.push(`name ${s}`));
    events.emit('tick', 1);
    events.emit('name', 'a');
    expect(events.listenerCount()).toBe(2);
    offTick();
    events.emit('tick', 2);
    expect(seen).toEqual(['tick 1', 'name a']);
    expect([events.listenerCount('tick'), events.listenerCount('name'), events.listenerCount()]).toEqual([0, 1, 1]);
  });

  it('reports a listener that throws and still reaches the others', () => {
    const failures: [string, unknown][] = [];
    const events = new Emitter<Events>((event, error) => failures.push([event, error]));
    const seen: number[] = [];
    const boom = new Error('closed socket');
    events.on('tick', () => {
      throw boom;
    });
    events.on('tick', (n) => seen.push(n));
    expect(() => events.emit('tick', 7)).not.toThrow();
    expect(seen).toEqual([7]);
    expect(failures).toEqual([['tick', boom]]);
  });

  it('lets a listener unsubscribe itself while the event is delivered', () => {
    const events = new Emitter<Events>();
    const seen: number[] = [];
    const off = events.on('tick', (n) => {
      seen.push(n);
      off();
    });
    events.emit('tick', 1);
    events.emit('tick', 2);
    expect(seen).toEqual([1]);
  });
});
