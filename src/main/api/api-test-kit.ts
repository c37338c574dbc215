import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ApiMethod, ApiRequest, ApiResponses } from '../../shared/api';
import type { Result } from '../../shared/result';
import { makeTempDir } from '../db/test-kit';
import { forkEngineLauncher } from '../runs/engine-process';
import { createBackend, type Backend } from './backend';

export const SAMPLES = path.resolve('resources/samples');

export interface TestBackend {
  /** The backend of this test file (real store in a temp data folder, real engine processes). */
  readonly backend: Backend;
  /** Its data folder. */
  readonly dir: string;
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<Result<ApiResponses[M]>>;
  /** The call's value; a failed call throws naming the method and the error. */
  value<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponses[M]>;
}

/** One backend for the test file that calls this at its top: created before its tests, closed and removed after. */
export function useTestBackend(): TestBackend {
  let dir = '';
  let backend: Backend | null = null;
  beforeAll(() => {
    dir = makeTempDir();
    backend = createBackend({ dataDir: dir, samplesDir: SAMPLES, launch: forkEngineLauncher(), transport: 'ipc', version: 'test' });
  });
  afterAll(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const kit: TestBackend = {
    get backend() {
      if (!backend) throw new Error('the test backend is made in beforeAll');
      return backend;
    },
    get dir() {
      return dir;
    },
    call: (method, request) => kit.backend.api.call(method, request) as Promise<Result<ApiResponses[typeof method]>>,
    async value(method, request) {
      const r = await kit.call(method, request);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
  };
  return kit;
}
