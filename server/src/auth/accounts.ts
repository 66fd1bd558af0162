import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { Role } from './role.js';
import { User } from './user.entity.js';

/** Makes the first ADMIN when none exists (AMITY_ADMIN_USERNAME/PASSWORD or `cli.js create-admin`). */
export async function ensureAdmin(em: EntityManager, admin: { username: string; password: string }, log: Logger): Promise<boolean> {
  if (await em.count(User, { role: Role.ADMIN, active: true })) return false;
  const problem = passwordProblem(admin.password, admin.username);
  if (problem) throw new Error(`The admin password ${problem}`);
  const existing = await em.findOne(User, { username: admin.username });
  const user = existing ?? Object.assign(new User(), { username: admin.username });
  Object.assign(user, { role: Role.ADMIN, active: true, passwordHash: await hashPassword(admin.password) });
  await em.persistAndFlush(user);
  log.info({ username: admin.username }, 'made the first ADMIN');
  return true;
}

/** The demo data set's accounts, one per role; only ever made together with the demo data. */
export async function ensureDemoAccounts(em: EntityManager, password: string, log: Logger): Promise<void> {
  const roles: Array<[string, Role, string]> = [
    ['admin', Role.ADMIN, 'Demo administrator'],
    ['editor', Role.EDITOR, 'Demo editor'],
    ['analyst', Role.ANALYST, 'Demo analyst'],
    ['viewer', Role.VIEWER, 'Demo viewer'],
  ];
  const existing = new Set((await em.find(User, { username: { $in: roles.map(([name]) => name) } })).map((user) => user.username));
  const hash = await hashPassword(password);
  let made = 0;
  for (const [username, role, displayName] of roles) {
    if (existing.has(username)) continue;
    em.persist(Object.assign(new User(), { username, role, displayName, passwordHash: hash }));
    made += 1;
  }
  await em.flush();
  if (made > 0) log.info({ accounts: made }, 'made the demo accounts');
}
