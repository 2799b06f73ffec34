import { jest } from '@jest/globals';

/**
 * A test waits at most this long: a hang fails it instead of the suite, and a loaded machine
 * (CI on 2 cores with the browser suite beside, a PostgreSQL database per file, apps restarted
 * on keys) does not fail a test that is only slow. Speed itself is measured by `npm run bench`,
 * never asserted here.
 */
jest.setTimeout(30_000);
