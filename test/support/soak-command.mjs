// `npm run soak -- --minutes 5 --rate 50 [--max-requests N] [--warmup SECONDS]`: builds the server when its
// sources are newer than its build, then runs the soak (test/reliability/soak.run.ts) with those settings.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const options = { '--minutes': 'SOAK_MINUTES', '--rate': 'SOAK_RATE', '--max-requests': 'SOAK_MAX_REQUESTS', '--warmup': 'SOAK_WARMUP_SECONDS' };
const usage = 'usage: npm run soak -- [--minutes 5] [--rate 50] [--max-requests N] [--warmup SECONDS]';

const env = { ...process.env };
const args = process.argv.slice(2);
for (let index = 0; index < args.length; index += 2) {
  const name = args[index];
  const value = args[index + 1];
  if (!(name in options) || value === undefined || !/^\d+(\.\d+)?$/.test(value)) {
    process.stderr.write(`${name in options ? `${name} needs a number` : `unknown option ${name}`}\n${usage}\n`);
    process.exit(2);
  }
  env[options[name]] = value;
}

function newest(folder) {
  let latest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return latest;
}

const built = path.join(root, 'server/dist/main.js');
if (!existsSync(built) || newest(path.join(root, 'server/src')) > statSync(built).mtimeMs) {
  process.stdout.write('building the server…\n');
  const build = spawnSync('npx', ['pnpm', '--filter', '@amity/server', 'run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const run = spawnSync('npx', ['pnpm', '--filter', '@amity/test', 'exec', 'vitest', 'run', '--config', 'vitest.soak.config.ts'], { cwd: root, stdio: 'inherit', env });
process.exit(run.status ?? 1);
