import type { EntityManager } from '@mikro-orm/postgresql';
import { asOneHubAtStart } from '../db/database.js';
import type { Logger } from '../logger.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { Role } from './role.js';
import { User } from './user.entity.js';

/** Makes the first ADMIN when none exists (AMITY_ADMIN_USERNAME/PASSWORD or `cli.js create-admin`). */
export async function ensureAdmin(em: EntityManager, admin: { username: string; password: string }, log: Logger): Promise<boolean> {
  const made = await asOneHubAtStart(em, async (tx) => {
    if (await tx.count(User, { role: Role.ADMIN, active: true })) return false;
    const problem = passwordProblem(admin.password, admin.username);
    if (problem) throw new Error(`The admin password ${problem}`);
    const existing = await tx.findOne(User, { username: admin.username });
    const user = existing ?? Object.assign(new User(), { username: admin.username });
    Object.assign(user, { role: Role.ADMIN, active: true, passwordHash: await hashPassword(admin.password) });
    tx.persist(user);
    return true;
  });
  if (made) log.info({ username: admin.username }, 'made the first ADMIN');
  return made;
}

/** The demo data set's accounts, one per role; only ever made together with the demo data. */
export async function ensureDemoAccounts(em: EntityManager, password: string, log: Logger): Promise<void> {
  const roles: Array<[string, Role, string]> = [
    ['admin', Role.ADMIN, 'Demo administrator'],
    ['editor', Role.EDITOR, 'Demo editor'],
    ['analyst', Role.ANALYST, 'Demo analyst'],
    ['viewer', Role.VIEWER, 'Demo viewer'],
  ];
  const made = await asOneHubAtStart(em, async (tx) => {
    const existing = new Set((await tx.find(User, { username: { $in: roles.map(([name]) => name) } })).map((user) => user.username));
    const missing = roles.filter(([username]) => !existing.has(username));
    if (missing.length === 0) return 0;
    const hash = await hashPassword(password);
    for (const [username, role, displayName] of missing) tx.persist(Object.assign(new User(), { username, role, displayName, passwordHash: hash }));
    return missing.length;
  });
  if (made > 0) log.info({ accounts: made }, 'made the demo accounts');
}
