import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL client program found on this machine, with its major version. */
export interface PgTool {
  path: string;
  version: string;
  major: number;
}

/** Where Debian and Ubuntu install each PostgreSQL version's programs (`/usr/lib/postgresql/17/bin`). */
const DEBIAN_VERSIONS = '/usr/lib/postgresql';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folders to look in, in order: `AMITY_PG_BIN` alone when set, else PATH, then Debian's folders newest first. */
function candidateFolders(pgBin: string | undefined): string[] {
  if (pgBin) return [pgBin];
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const debian = existsSync(DEBIAN_VERSIONS)
    ? readdirSync(DEBIAN_VERSIONS)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
        .map((name) => path.join(DEBIAN_VERSIONS, name, 'bin'))
    : [];
  return [...onPath, ...debian];
}

async function describe(file: string): Promise<PgTool | undefined> {
  try {
    const { stdout } = await run(file, ['--version']);
    const match = /\(PostgreSQL\)\s+(\d+)(\.\d+)?/.exec(stdout);
    return match ? { path: file, version: `${match[1]}${match[2] ?? ''}`, major: Number(match[1]) } : undefined;
  } catch {
    return undefined;
  }
}

/** The major version of a `server_version_num` (170006 → 17). */
export function majorOf(serverVersionNum: number): number {
  return Math.floor(serverVersionNum / 10000);
}

/**
 * Finds `pg_dump` or `pg_restore` able to work with a server of `serverMajor`: it must be at least that version
 * (an older pg_dump refuses a newer server, and an older pg_restore cannot read a newer archive). Looks in
 * AMITY_PG_BIN only when it is set; otherwise on PATH and in /usr/lib/postgresql/<version>/bin. Fails with a
 * message naming both versions and what to install.
 */
export async function findPgTool(name: 'pg_dump' | 'pg_restore', serverMajor: number, pgBin: string | undefined): Promise<PgTool> {
  const found: PgTool[] = [];
  const seen = new Set<string>();
  for (const folder of candidateFolders(pgBin)) {
    const file = path.join(folder, name);
    if (!executable(file) || seen.has(realpathSync(file))) continue;
    seen.add(realpathSync(file));
    const tool = await describe(file);
    if (!tool) continue;
    if (tool.major >= serverMajor) return tool;
    found.push(tool);
  }
  const where = pgBin ? `in AMITY_PG_BIN (${pgBin})` : 'on PATH or in /usr/lib/postgresql/*/bin';
  const had = found.length > 0 ? `only ${found.map((tool) => `${name} ${tool.version} (${tool.path})`).join(', ')}` : `no ${name}`;
  throw new Error(
    `the database is PostgreSQL ${serverMajor} and ${name} must be version ${serverMajor} or newer, but there is ${had} ${where}. ` +
      `Install PostgreSQL ${serverMajor}'s client programs (on Debian or Ubuntu: the postgresql-client-${serverMajor} package from the ` +
      `PostgreSQL apt repository) and, if they are not on PATH, set AMITY_PG_BIN to their folder (e.g. /usr/lib/postgresql/${serverMajor}/bin).`,
  );
}
