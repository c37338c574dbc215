import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// NW_TEST_SCOPE=engine runs only the engine's tests (CI's second pass with NW_KERNELS=js).
const engineOnly = process.env.NW_TEST_SCOPE === 'engine';

export default defineConfig({
  plugins: [vue()],
  test: {
    include: engineOnly ? ['src/engine/**/*.test.ts'] : ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['vitest.setup.ts'],
    // Safety nets against a hang, not speed limits: the integration tests start real engine and host processes,
    // which take several times longer on a loaded 2-core CI machine than here.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
