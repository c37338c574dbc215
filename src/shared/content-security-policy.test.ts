import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy';

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe('content security policy', () => {
  it('allows only our own scripts, styles and connections, no forms, plug-ins or <base>', () => {
    const csp = directives(contentSecurityPolicy({ asHeader: true }));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect([...csp.values()].flat().some((v) => /unsafe|^ws:$|^wss:$|^\*$|^https?:$/.test(v))).toBe(false);
  });

  it('is exactly the meta policy of index.html, which is all a file:// page in Electron gets', () => {
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(contentSecurityPolicy());
    expect(directives(meta![1]).has('frame-ancestors')).toBe(false);
  });
});
