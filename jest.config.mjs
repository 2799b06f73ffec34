// Jest in ESM mode: NestJS 12 packages are ESM-only (see README, Development).
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: false }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testEnvironment: 'node',
};
export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
      // CI runs them beside the browser suite: a slow test is not a failed one.
      setupFilesAfterEnv: ['<rootDir>/test/setup-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup-timeout.ts'],
    },
    {
      // Services on a real database, no HTTP: atomicity and races (npm test, npm run test:pg).
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup-timeout.ts'],
    },
    {
      ...common,
      displayName: 'faults',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      setupFiles: ['<rootDir>/test/setup-env.ts'],
    },
  ],
};
