import { expect, it } from 'vitest';
import { checkHubLogs, describeProblems } from '../support/log-check.js';

/**
 * Every hub of the run kept its whole output (support/hub.ts); none may hold a password, a hash, a secret or SQL,
 * and every warning or error names its request, or the phase outside requests it came from.
 */
it('no hub of the run logged a secret, SQL, or a warning tied to no request', () => {
  const problems = checkHubLogs();
  expect(problems.length, describeProblems(problems)).toBe(0);
});
