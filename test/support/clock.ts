/**
 * Fakes `Date` only, for tests of expiry: timers, sockets and promises keep running on real time,
 * so HTTP to the sandbox and the app's own timers work as usual, while everything that reads the
 * time (token caches, JWT checks) sees `advance` move it forward at once instead of a sleep.
 */
export function movableClock(): { advance(ms: number): void; restore(): void } {
  jest.useFakeTimers({
    now: Date.now(),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  return {
    advance: (ms) => jest.setSystemTime(Date.now() + ms),
    restore: () => jest.useRealTimers(),
  };
}
