import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./packages/', import.meta.url));
// Tests run against the TypeScript sources, not the built dist/:
// `@fedrank/x` -> packages/x/src/index.ts, `@fedrank/x/sub` -> packages/x/src/sub.ts.
const alias = [
  { find: /^@fedrank\/([a-z-]+)$/, replacement: `${root}$1/src/index.ts` },
  { find: /^@fedrank\/([a-z-]+)\/(.+)$/, replacement: `${root}$1/src/$2.ts` },
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          setupFiles: ['./vitest.setup.ts'],
          include: ['packages/*/src/**/*.test.ts'],
          exclude: [
            '**/*.data.test.ts',
            '**/*.queue.test.ts',
            '**/*.webgpu.test.ts',
            '**/*.e2e.test.ts',
            '**/node_modules/**',
            '**/dist/**',
          ],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        resolve: { alias },
        test: {
          // The long end-to-end suites through the built CLI: kill-and-resume, sweeps, hostile input.
          name: 'e2e',
          setupFiles: ['./vitest.setup.ts'],
          include: ['packages/*/src/**/*.e2e.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          pool: 'forks',
        },
      },
      {
        resolve: { alias },
        test: {
          // Against a real Redis that each test file starts (Debian's redis-server must be installed).
          name: 'queue',
          include: ['packages/*/src/**/*.queue.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          pool: 'forks',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'data',
          setupFiles: ['./vitest.setup.ts'],
          include: ['packages/*/src/**/*.data.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
          pool: 'forks',
        },
      },
      {
        resolve: { alias },
        // WebGPU on SwiftShader: `npm run test:webgpu` sets the Vulkan environment before vitest starts.
        test: {
          name: 'webgpu',
          setupFiles: ['./vitest.setup.ts'],
          include: ['packages/*/src/**/*.webgpu.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
