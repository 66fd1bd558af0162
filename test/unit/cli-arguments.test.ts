import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** The command line refuses wrong arguments before it does anything, naming what is wrong and how the command reads. */
describe('cli.js arguments', () => {
  it('names an unknown option, a missing value and an argument too many, with the usage, and exits 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['backup', '--kep', '3'], /^backup: Unknown option '--kep'/],
      [['backup', '--keep'], /^backup: Option '--keep <value>' argument missing/],
      [['restore', 'one', 'two'], /^restore: unexpected argument "two"/],
      [['migrate', 'now'], /^migrate: unexpected argument "now"/],
      [['backups', '--all'], /^backups: Unknown option '--all'/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/never' });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr, args.join(' ')).toContain(`usage: node dist/cli.js ${args[0]}`);
    }
    // Five runs of the CLI, each loading the server's modules: seconds each on a busy machine.
  }, 120_000);

  it('names an unknown command and lists the commands', async () => {
    const run = await runCli(['bakup'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^usage: node dist\/cli.js <command>/);
    for (const command of ['migrate', 'backup', 'backups', 'restore', 'create-admin']) expect(run.stderr).toContain(`  ${command} `);
  });

  it('checks what an option says: --keep takes a whole number', async () => {
    const run = await runCli(['backup', '--keep', 'seven'], { DATABASE_URL: undefined, AMITY_DATA_DIR: '/nonexistent-amity-data' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--keep must be a whole number of at least 1 \(got "seven"\)/);
  });
});
