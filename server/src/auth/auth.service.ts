import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { AuditAction } from '../audit/audit-entry.entity.js';
import { auditEvent } from '../audit/audit.service.js';
import { databaseFaultOf } from '../db/faults.js';
import { BadInputError, DomainError, ErrorCode, type FieldProblem } from '../errors.js';
import type { Logger } from '../logger.js';
import { GenerationCache, MemoryGenerations, type Generations } from '../shared/generations.js';
import { AccessToken } from './access-token.entity.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import type { Role } from './role.js';
import { newSecret, secretHash } from './secrets.js';
import { Session } from './session.entity.js';
import { User } from './user.entity.js';
import type { Viewer } from './viewer.js';

export interface CredentialSettings {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, whatever its use. */
  maxMs: number;
  /** A personal access token ends this many days after it was made at the latest, whatever end it was given. */
  accessTokenMaxDays: number;
}

interface CredentialRow {
  user_id: string;
  username: string;
  role: Role;
  active: boolean;
  ended: boolean;
  expires_at: Date | null;
  created_at: Date;
  last_seen_at: Date | null;
}

/**
 * How long a checked credential is trusted without asking the database again. A sign-out, a revocation or a
 * disabled user moves the shared generation on, which every hub reads per request: they take effect at once.
 */
const CACHE_MS = 5_000;
/** How stale `lastSeenAt` may get before a request writes it again. */
const TOUCH_MS = 60_000;

const DAY_MS = 86_400_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sign-in, sessions and personal access tokens. Secrets are only ever stored as SHA-256 hashes. */
export class AuthService {
  private readonly cache: GenerationCache<Viewer>;
  /** The sign-in attempts on each account now being checked or waiting, and the end of their line. */
  private readonly attempts = new Map<string, { waiting: number; last: Promise<void> }>();

  constructor(
    private readonly orm: MikroORM,
    private readonly credentials: CredentialSettings,
    private readonly throttle: LoginThrottle,
    private readonly log: Logger,
    generations: Generations = new MemoryGenerations(),
  ) {
    this.cache = new GenerationCache(generations, 'credentials', CACHE_MS);
  }

  /** The viewer a secret (session cookie or Bearer) stands for, or undefined when it is unknown, ended or expired. */
  async authenticate(secret: string): Promise<Viewer | undefined> {
    const kind = secret.startsWith('amity_s_') ? 'session' : secret.startsWith('amity_pat_') ? 'token' : undefined;
    if (!kind) return undefined;
    const hash = secretHash(secret);
    const now = Date.now();
    const cached = await this.cache.lookup(hash);
    if (cached.value) return cached.value;

    const connection = this.orm.em.getConnection();
    const rows: CredentialRow[] =
      kind === 'session'
        ? await connection.execute(
            `select u.id as user_id, u.username, u.role, u.active, s.ended_at is not null as ended, s.expires_at, s.created_at, s.last_seen_at
               from session s join app_user u on u.id = s.user_id where s.token_hash = ?`,
            [hash],
          )
        : await connection.execute(
            `select u.id as user_id, u.username, u.role, u.active, t.revoked_at is not null as ended, t.expires_at, t.created_at, t.last_used_at as last_seen_at
               from access_token t join app_user u on u.id = t.user_id where t.token_hash = ?`,
            [hash],
          );
    const row = rows[0];
    if (!row || !row.active || row.ended) return undefined;
    const expiresAt = kind === 'token' ? this.accessTokenEnd({ createdAt: row.created_at, expiresAt: row.expires_at }) : row.expires_at;
    if (expiresAt && new Date(expiresAt).getTime() <= now) return undefined;
    const lastSeen = row.last_seen_at ? new Date(row.last_seen_at).getTime() : 0;
    if (kind === 'session' && now - lastSeen > this.credentials.idleMs) return undefined;

    if (now - lastSeen > TOUCH_MS) {
      const table = kind === 'session' ? 'session set last_seen_at' : 'access_token set last_used_at';
      // A read-only database (maintenance, a standby) must not lock readers out: last use is then left as it was.
      await connection.execute(`update ${table} = now() where token_hash = ?`, [hash]).catch((error: unknown) => {
        if (databaseFaultOf(error) !== 'READ_ONLY') throw error;
      });
    }
    const viewer: Viewer = { userId: row.user_id, username: row.username, role: row.role, via: kind, credentialHash: hash };
    cached.keep(viewer, expiresAt ? new Date(expiresAt).getTime() : undefined);
    return viewer;
  }

  /**
   * Checks a username and password, slowing down after failures per account and per address; an unknown user
   * costs a password check too, so timing tells nothing. Returns a new session's secret.
   */
  async login(em: EntityManager, username: string, password: string, address: string, requestId: string): Promise<{ secret: string; session: Session; user: User }> {
    const name = username.trim().toLowerCase();
    const accountKey = `user:${name}`;
    // Attempts on one account take turns: guesses sent in parallel each wait for the failures before them. Only a
    // few may wait: one more is refused at once, so that a flood of guesses answers quickly instead of queueing
    // for minutes. (Counted and refused alike for unknown names: the answer tells nothing of who exists.)
    const line = this.attempts.get(name) ?? { waiting: 0, last: Promise.resolve() };
    if (line.waiting >= this.throttle.attemptsAtOnce) {
      const retryAfterSeconds = await this.throttle.retryAfterSeconds(accountKey, line.waiting);
      // The name as typed is not logged: it may be a password typed in the wrong box (the attempts that wait name
      // the account, once it is known to exist).
      this.log.warn({ requestId, address, waiting: line.waiting }, 'sign-in refused: too many attempts on the account at once');
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many sign-in attempts on this account at once; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    const previous = line.last;
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    line.waiting += 1;
    line.last = previous.then(() => turn);
    this.attempts.set(name, line);
    await previous;
    try {
      return await this.checkPassword(em, accountKey, name, password, address, requestId);
    } finally {
      release();
      line.waiting -= 1;
      if (line.waiting === 0 && this.attempts.get(name) === line) this.attempts.delete(name);
    }
  }

  private async checkPassword(em: EntityManager, accountKey: string, name: string, password: string, address: string, requestId: string): Promise<{ secret: string; session: Session; user: User }> {
    const keys = [accountKey, `address:${address}`];
    const delay = await this.throttle.delayFor(keys);
    if (delay > 0) {
      this.log.info({ requestId, address, delayMs: delay }, 'sign-in slowed down after failures');
      await sleep(delay);
    }

    const user = await em.findOne(User, { username: name }, { populate: ['passwordHash'] as never });
    const valid = await verifyPassword(user?.active ? user.passwordHash : undefined, password);
    if (!user || !valid) {
      await this.throttle.failed(keys);
      // A name that is no account is kept out of the audit trail and the log: people type their password in the
      // username box, and such a name would be a password in clear. An account's own name is kept.
      const account = user ? { username: user.username } : { unknownAccount: true };
      await auditEvent(em, { requestId }, AuditAction.SIGN_IN_FAILED, { ...account, address });
      this.log.warn({ requestId, ...account, address }, 'sign-in refused');
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong username or password');
    }
    await this.throttle.succeeded(keys);

    const secret = newSecret('session');
    const session = Object.assign(new Session(), {
      tokenHash: secretHash(secret),
      user,
      expiresAt: new Date(Date.now() + this.credentials.maxMs),
    });
    em.persist(session);
    await em.flush();
    await auditEvent(em, { requestId, viewer: { userId: user.id, username: user.username, role: user.role, via: 'session', credentialHash: session.tokenHash } }, AuditAction.SIGN_IN, { address });
    return { secret, session, user };
  }

  /** Ends the session or revokes the token the viewer signed in with. */
  async logout(em: EntityManager, viewer: Viewer, requestId: string): Promise<void> {
    if (viewer.via === 'session') {
      await em.nativeUpdate(Session, { tokenHash: viewer.credentialHash }, { endedAt: new Date() });
    }
    await this.forget();
    await auditEvent(em, { viewer, requestId }, AuditAction.SIGN_OUT);
  }

  /** Ends a session by its secret (a cookie presented at sign-in: the old session must not live on). */
  async endSession(em: EntityManager, secret: string): Promise<void> {
    const hash = secretHash(secret);
    await em.nativeUpdate(Session, { tokenHash: hash, endedAt: null }, { endedAt: new Date() });
    await this.forget();
  }

  /**
   * Makes a personal access token ending at `expiresAt`, or when none is given at the longest lifetime allowed
   * (AMITY_ACCESS_TOKEN_MAX_DAYS): a secret that works for ever is one that outlives the reason it was made.
   */
  async createAccessToken(em: EntityManager, viewer: Viewer, name: string, expiresAt: Date | null): Promise<{ secret: string; token: AccessToken }> {
    const problems: FieldProblem[] = [];
    if (!name.trim()) problems.push({ field: 'name', message: 'must not be empty' });
    const now = Date.now();
    const latest = now + this.credentials.accessTokenMaxDays * DAY_MS;
    if (expiresAt && expiresAt.getTime() <= now) problems.push({ field: 'expiresAt', message: 'must be in the future' });
    else if (expiresAt && expiresAt.getTime() > latest) {
      const days = this.credentials.accessTokenMaxDays;
      problems.push({ field: 'expiresAt', message: `must be at most ${days} days from now (AMITY_ACCESS_TOKEN_MAX_DAYS), i.e. no later than ${new Date(latest).toISOString()}` });
    }
    if (problems.length > 0) throw new BadInputError(problems);
    const secret = newSecret('token');
    const token = Object.assign(new AccessToken(), {
      user: em.getReference(User, viewer.userId),
      name: name.trim(),
      tokenHash: secretHash(secret),
      prefix: secret.slice(0, 14),
      createdAt: new Date(now),
      expiresAt: expiresAt ?? new Date(latest),
    });
    em.persist(token);
    await em.flush();
    return { secret, token };
  }

  /**
   * When a token stops working: its own end, but never later than the longest lifetime after it was made. So a
   * token made without an end (before there was a longest lifetime), or made under a longer one than is set now,
   * ends too.
   */
  accessTokenEnd(token: { createdAt: Date; expiresAt?: Date | null }): Date {
    const latest = new Date(token.createdAt).getTime() + this.credentials.accessTokenMaxDays * DAY_MS;
    return new Date(token.expiresAt ? Math.min(new Date(token.expiresAt).getTime(), latest) : latest);
  }

  async revokeAccessToken(em: EntityManager, token: AccessToken): Promise<void> {
    token.revokedAt = new Date();
    await em.flush();
    await this.forget();
  }

  /** Ends every session and revokes every token of a user (disabled, or a password set by an admin). */
  async endAllFor(em: EntityManager, userId: string): Promise<void> {
    await em.nativeUpdate(Session, { user: userId, endedAt: null }, { endedAt: new Date() });
    await em.nativeUpdate(AccessToken, { user: userId, revokedAt: null }, { revokedAt: new Date() });
    await this.forget();
  }

  async newPasswordHash(password: string, username: string, field = 'password'): Promise<string> {
    const problem = passwordProblem(password, username);
    if (problem) throw BadInputError.field(field, problem);
    return hashPassword(password);
  }

  /**
   * Forgets every checked credential, here and on every other hub: after a sign-out, a revocation, a disabled
   * user or a changed role. (All of them rather than one: such changes are rare, and the cost is one query per
   * credential in use.)
   */
  forget(): Promise<void> {
    return this.cache.invalidate();
  }
}
