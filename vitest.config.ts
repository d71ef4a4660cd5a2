import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkgs = ['random', 'tensor', 'voting', 'data', 'supermask', 'server', 'rewards', 'mechanisms', 'cli'];
// Tests run against the TypeScript sources, not the built dist/.
const alias = Object.fromEntries(
  pkgs.map((p) => [`@fedrank/${p}`, fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url))]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          exclude: ['**/*.data.test.ts', '**/node_modules/**', '**/dist/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'data',
          include: ['packages/*/src/**/*.data.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
          pool: 'forks',
        },
      },
    ],
  },
});
