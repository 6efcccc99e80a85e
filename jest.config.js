/**
 * Test tiers:
 * - unit: specs next to the code that need nothing running (no Redis, no network, no child
 *   process);
 * - driver: specs next to the code that need Redis or a loopback server (`*.driver.spec.ts`);
 * - e2e and e2e-redis: suites that boot the real app.
 */
const tsJest = ['ts-jest', {}];
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.driver\\.spec\\.ts$'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'driver',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.driver.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      // The suites that exercise the outbox, again on the Redis driver (Redis on 127.0.0.1:6379).
      displayName: 'e2e-redis',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: [
        '<rootDir>/test/{ingest,delivery,lifecycle-admin,external-events,crash,metrics,contracts}.e2e-spec.ts',
      ],
      transform: { '^.+\\.ts$': tsJest },
      globals: { TEST_OUTBOX_DRIVER: 'redis' },
    },
  ],
};
