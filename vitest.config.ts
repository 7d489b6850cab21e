/// <reference types="vitest/config" />
// Tests get their own config: the crx plugin would otherwise empty dist/ while the browser tests use it.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          // The same unit tests with the clock a year ahead: a date written into a test or fixture that the calendar
          // will overtake fails here today, not in everyone's CI on the day it passes.
          name: 'unit-year-ahead',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['test/setup/clock-year-ahead.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Checks on the built extension in dist/ (npm test builds first).
          name: 'build',
          include: ['test/build/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
