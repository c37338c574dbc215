import { describe, expect, it } from 'vitest';
import { benchNativePeers, nativePeersAvailable } from './native';

const found = nativePeersAvailable();

describe('numpy and PyTorch peers', () => {
  it('names what is missing instead of failing when the Python is absent', () => {
    expect(nativePeersAvailable('/nonexistent/python3')).toEqual({ missing: '/nonexistent/python3 not found' });
  });

  it.skipIf('missing' in found || !found.torch)('runs the script with 1 and 2 threads and reads back its figures (W3)', async () => {
    const lines: string[] = [];
    const r = await benchNativePeers({ runs: 1, wanted: (w) => w === 'W3', log: (l) => lines.push(l) });
    expect(r).not.toBeNull();
    for (const key of ['numpy1', 'numpy2', 'torch1', 'torch2']) {
      expect(r?.figures[key].W3.gflops1024).toBeGreaterThan(0);
      expect(r?.figures[key].W3.gflops64x784x256).toBeGreaterThan(0);
      expect(r?.labels[key]).toMatch(/^(numpy|PyTorch) .*, [12] threads?$/);
    }
    expect(lines.some((l) => l.includes('torch W3 1024³'))).toBe(true);
  });
});
