import { fileURLToPath, URL } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The Django API; `./run.sh` serves it here.
const apiTarget = 'http://127.0.0.1:8000';

export default defineConfig(({ mode }) => ({
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
    // Vitest resolves packages like Node but without `module-sync`, so `react-router` would load
    // as CommonJS while `react-router/dom` requires its ESM build: two copies, two router contexts.
    ...(mode === 'test' && { conditions: ['module-sync'] }),
  },
  server: {
    proxy: { '/api': apiTarget, '/fhir': apiTarget },
  },
  preview: {
    proxy: { '/api': apiTarget, '/fhir': apiTarget },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup-tests.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // Its waits for pages (5 s each, setup-tests.ts) can add up on a loaded machine.
    testTimeout: 20000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.{ts,tsx}'],
      exclude: ['src/**/*.test.{ts,tsx}', 'src/**/*.d.ts', 'src/testing/**', 'src/main.tsx'],
    },
  },
}));
