import type { ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './paths.js';

/** Where every hub of the run keeps its whole output (support/hub.ts), for the check after the run. */
export const hubLogFolder = path.join(repositoryRoot, 'test/.results/hub-logs');
/** Secrets the run handed out or used (session and token secrets, passwords of its own), one a line. */
const secretsFile = path.join(hubLogFolder, 'secrets.txt');

/** Empties the folder at the start of a run: the check reads only this run's output. */
export function clearHubLogs(): void {
  rmSync(hubLogFolder, { recursive: true, force: true });
  mkdirSync(hubLogFolder, { recursive: true });
}

let processesKept = 0;

/**
 * A file for one hub's (or command's) whole output, for the check after the run, named after the test file that
 * started it (found in the call's stack: a hub may be started from a helper).
 */
export function keptLogFile(): string {
  const caller = /([\w.-]+)\.test\.ts/.exec(new Error().stack ?? '')?.[1] ?? 'process';
  mkdirSync(hubLogFolder, { recursive: true });
  processesKept += 1;
  return path.join(hubLogFolder, `${caller}-${process.pid}-${processesKept}.log`);
}

/** Keeps every line a process writes in a file of its own; the file is closed once its output is read to the end. */
export function keepOutput(child: ChildProcess): (line: string) => void {
  let file: number | undefined = openSync(keptLogFile(), 'w');
  child.once('close', () => {
    if (file !== undefined) closeSync(file);
    file = undefined;
  });
  return (line) => {
    if (file !== undefined) writeSync(file, `${line}\n`);
  };
}

/** Tells the check after the run a secret that no log may hold (a token the run signed in for, a password it used). */
export function keepSecret(secret: string): void {
  mkdirSync(hubLogFolder, { recursive: true });
  appendFileSync(secretsFile, `${secret}\n`);
}

/** The demo accounts' password in test databases (the default of AMITY_DEMO_PASSWORD). */
export const DEMO_PASSWORD = 'amity-demo';

/** What no line of a hub's output may hold, whoever wrote it. */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['an argon2 hash', /\$argon2(?:id|i|d)\$/],
  ['the demo password', new RegExp(DEMO_PASSWORD)],
  // secrets.ts: a prefix saying which kind, then 32 random bytes in base64url.
  ['a session, token or widget key secret', /amity_(?:s|pat|wk)_[A-Za-z0-9_-]{20,}/],
  ['a Bearer credential', /bearer\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/i],
  ['SQL text (insert into)', /\binsert\s+into\b/i],
  ['SQL text (select … from)', /\bselect\s[\s\S]{0,1000}?\sfrom\s/i],
  ['SQL text (update … set)', /\bupdate\s+"?[\w.]+"?\s+set\b/i],
  ['SQL text (delete from)', /\bdelete\s+from\b/i],
];

/** Where a warning or error outside any request may come from (server/src/logger.ts). */
const OUTSIDE_REQUESTS = new Set(['start', 'stop', 'background', 'command']);

export interface LogProblem {
  file: string;
  line: number;
  problem: string;
  text: string;
}

/** The random part of a secret of secrets.ts (32 bytes in base64url), to find one in a line without its prefix too. */
const SECRET_BODY = /[A-Za-z0-9_-]{43}/g;
const SECRET_SHAPE = /^amity_(?:s|pat|wk)_([A-Za-z0-9_-]{43})$/;

/** The problems of one hub's output: secrets, SQL, and warnings or errors tied neither to a request nor to a phase outside requests. */
export function problemsOf(file: string, text: string, secrets: string[]): LogProblem[] {
  const problems: LogProblem[] = [];
  // Issued secrets (many: every sign-in of the run) are looked up by their random part; passwords (few) one by one.
  const bodies = new Set(secrets.map((secret) => SECRET_SHAPE.exec(secret)?.[1]).filter((body) => body !== undefined));
  const others = secrets.filter((secret) => !SECRET_SHAPE.test(secret));
  text.split('\n').forEach((line, index) => {
    if (!line) return;
    const found = (problem: string) => problems.push({ file, line: index + 1, problem, text: line.slice(0, 400) });
    for (const [problem, pattern] of FORBIDDEN) if (pattern.test(line)) found(`holds ${problem}`);
    if (bodies.size > 0 && line.match(SECRET_BODY)?.some((candidate) => bodies.has(candidate))) found('holds a secret the run issued');
    for (const secret of others) if (line.includes(secret)) found('holds a password the run used');
    let entry: { level?: unknown; requestId?: unknown; phase?: unknown } | undefined;
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return; // Not a log line of the hub's (a crash's stack on stderr): only searched for secrets above.
    }
    if (typeof entry?.level === 'number' && entry.level >= 40 && entry.requestId === undefined && !OUTSIDE_REQUESTS.has(String(entry.phase))) {
      found(`a ${entry.level >= 50 ? 'error' : 'warning'} without requestId (phase ${String(entry.phase)})`);
    }
  });
  return problems;
}

/** Every problem in every hub's output of the run. */
export function checkHubLogs(folder = hubLogFolder): LogProblem[] {
  if (!existsSync(folder)) return [];
  const secrets = existsSync(secretsFile) ? [...new Set(readFileSync(secretsFile, 'utf8').split('\n').filter((secret) => secret.length >= 8))] : [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.log'))
    .flatMap((name) => problemsOf(name, readFileSync(path.join(folder, name), 'utf8'), secrets));
}

/** The problems as a failure message: how many of each, and the first few lines. */
export function describeProblems(problems: LogProblem[]): string {
  const counts = new Map<string, number>();
  for (const { problem } of problems) counts.set(problem, (counts.get(problem) ?? 0) + 1);
  return [
    `The hubs' logs of this run hold what they must not (${hubLogFolder}):`,
    ...[...counts].map(([problem, count]) => `  ${count} × ${problem}`),
    ...problems.slice(0, 15).map(({ file, line, problem, text }) => `  ${file}:${line} ${problem}: ${text}`),
  ].join('\n');
}
