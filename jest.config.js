/** One jest run: unit specs beside the code, end-to-end suites in test/. */
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/api/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swc, swcrc: false }] },
  // @fastify/static's content-disposition, jose (federation signing) and openid-client with its oauth4webapi (OIDC sign-in) are
  // ESM only: Node 20 requires them natively, jest needs them compiled.
  transformIgnorePatterns: ['/node_modules/(?!(@fastify/static/node_modules/)?content-disposition/|jose/|openid-client/|oauth4webapi/)'],
  moduleNameMapper: { '^@app/([^/]+)/core$': '<rootDir>/libs/$1/src/core', '^@app/([^/]+)$': '<rootDir>/libs/$1/src' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
