import { describe, expect, it } from 'vitest';
import { workloadTable } from './report';

const cells = (markdown: string, rowStart: string): string[] => {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${rowStart}`));
  if (!line) throw new Error(`no row ${rowStart}`);
  return line.split('|').slice(1, -1).map((c) => c.trim());
};

describe('workloadTable', () => {
  const markdown = workloadTable(
    {
      engine: { W1: { samplesPerSec: 6000 }, W2: { ridgeSec: 2, ridgeHiddenSec: 1, ridgeSolveSec: 0.5 } },
      engineJs: { W1: { samplesPerSec: 1500 } },
      peers: { tfjsWasm: { W1: { samplesPerSec: 2000 }, W2: { hiddenSec: 4, gramSec: 1.5 } }, tfjsCpu: { W1: { samplesPerSec: 400 } } },
    },
    { kernels: 'wasm-relaxed-simd' },
  );

  it('divides rates engine ÷ peer: more samples per second is a speed-up above 1', () => {
    const [, engine, js, wasm, cpu, vsWasm, vsCpu] = cells(markdown, 'W1 ');
    expect([engine, js, wasm, cpu]).toEqual(['6,000', '1,500', '2,000', '400']);
    expect(vsWasm).toBe(`${(6000 / 2000).toPrecision(2)}×`);
    expect(vsCpu).toBe(`${(6000 / 400).toPrecision(2)}×`);
  });

  it('divides times peer ÷ engine, pairing the engine key with the peer key of the same step', () => {
    expect(cells(markdown, 'W2 hidden')[5]).toBe(`${(4 / 1).toPrecision(2)}×`);
    expect(cells(markdown, 'W2 HᵀH')[5]).toBe(`${(1.5 / 0.5).toPrecision(2)}×`);
  });

  it('shows a dash where a figure is missing and leaves out workloads nobody measured', () => {
    const ridge = cells(markdown, 'W2 ELM ridge');
    expect(ridge[2]).toBe('–'); // no JS-kernel run of W2
    expect(ridge[5]).toBe('–'); // TF.js has no ridge solve
    expect(markdown).not.toContain('| W3 matmul');
    expect(markdown).not.toContain('| W1s');
  });
});
