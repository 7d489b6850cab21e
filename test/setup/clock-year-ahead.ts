/**
 * Setup of the `unit-year-ahead` project: every unit test runs again with the system clock a year ahead, so a
 * test that mixes a fixed date with the real clock fails today instead of on the day the calendar passes it.
 * Only Date is faked: timers, microtasks and performance.now stay real, so nothing else about the tests changes.
 * The fake clock keeps ticking (shouldAdvanceTime), so code that measures elapsed time still sees it pass.
 * Registers hooks on import: import `yearAhead` from ./year-ahead, never from here.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { yearAhead } from './year-ahead';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(yearAhead());
});

afterEach(() => {
  vi.useRealTimers();
});
