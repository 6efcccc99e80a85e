/** Two projects: fast unit specs next to the code, and e2e suites that boot the real app. */
const tsJest = ['ts-jest', {}];
module.exports = {
  testTimeout: 60000,
  // A failed e2e test can leave a sandbox socket open; never let that hang CI for its whole budget.
  forceExit: true,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
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
