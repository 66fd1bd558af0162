import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { BadInputError, ConflictError, DomainError, ErrorCode, NotFoundError, uniqueClash } from '../errors.js';
import type { RequestContext } from '../graph/context.js';
import { isRecordId } from '../graph/ids.js';
import { AuditAction } from '../audit/audit-entry.entity.js';
import { auditChange } from '../audit/audit.service.js';
import { AccessToken } from './access-token.entity.js';
import { Role } from './role.js';
import { User } from './user.entity.js';

@ObjectType({ description: 'A new session: the cookie is set too; the token also works as `Authorization: Bearer`' })
class LoginResult {
  @Field({ description: 'The session secret, usable as a Bearer token; shown only now' })
  token!: string;

  @Field({ description: 'When the session ends at the latest' })
  expiresAt!: Date;

  @Field(() => User, { description: 'Who signed in' })
  user!: User;
}

@ObjectType({ description: 'A personal access token and its secret, shown only once' })
class NewAccessToken {
  @Field({ description: 'The secret for `Authorization: Bearer`; it cannot be shown again' })
  token!: string;

  @Field(() => AccessToken, { description: 'The token record' })
  accessToken!: AccessToken;
}

@InputType({ description: 'A new user' })
class UserInput {
  @Field({ description: 'Sign-in name (letters, digits, . _ -)' })
  username!: string;

  @Field(() => String, { nullable: true, description: 'Name shown in the admin' })
  displayName?: string | null;

  @Field(() => Role, { description: 'What the user may do' })
  role!: Role;

  @Field({ description: 'At least 10 characters, not containing the username' })
  password!: string;
}

@InputType({ description: 'Changes to a user: only the fields given change' })
class UserPatch {
  @Field(() => String, { nullable: true, description: 'Name shown in the admin' })
  displayName?: string | null;

  @Field(() => Role, { nullable: true, description: 'What the user may do' })
  role?: Role | null;

  @Field(() => Boolean, { nullable: true, description: 'False disables the account and ends its sessions' })
  active?: boolean | null;

  @Field(() => String, { nullable: true, description: 'A new password; ends the user’s sessions' })
  password?: string | null;
}

const USERNAME = /^[a-z0-9._-]{2,64}$/;

/** A user as the audit trail keeps it: no password hash. */
function accountSnapshot(user: User): Record<string, unknown> {
  return { username: user.username, displayName: user.displayName ?? null, role: user.role, active: user.active, version: user.version };
}

/** Sign-in, sign-out, the current user, personal access tokens, and (ADMIN) user management. */
@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult, { description: 'Sign in: sets the HttpOnly session cookie and returns the same session as a Bearer token' })
  async login(@Arg('username', { description: 'Sign-in name' }) username: string, @Arg('password', { description: 'Password' }) password: string, @Ctx() ctx: RequestContext): Promise<LoginResult> {
    const http = ctx.http;
    if (!http || !ctx.auth) throw new DomainError(ErrorCode.INTERNAL, 'Sign-in needs an HTTP request');
    // A session the browser already had must not live on next to the new one (session fixation).
    if (http.sessionCookie) await ctx.auth.endSession(ctx.em, http.sessionCookie);
    const { secret, session, user } = await ctx.auth.login(ctx.em.fork(), username, password, http.address, ctx.requestId);
    http.setSessionCookie(secret, session.expiresAt);
    return { token: secret, expiresAt: session.expiresAt, user };
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Sign out: ends this session (or revokes nothing for a personal token) and clears the cookie' })
  async logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    if (ctx.viewer && ctx.auth) await ctx.auth.logout(ctx.em.fork(), ctx.viewer, ctx.requestId);
    ctx.http?.clearSessionCookie();
    return true;
  }

  @Query(() => User, { nullable: true, description: 'The signed-in user' })
  async me(@Ctx() ctx: RequestContext): Promise<User | null> {
    return ctx.viewer ? ctx.em.findOne(User, ctx.viewer.userId) : null;
  }

  @Authorized()
  @Mutation(() => NewAccessToken, { description: 'Make a personal access token for scripts; its secret is shown only in this answer' })
  async createAccessToken(
    @Arg('name', { description: 'What the token is for' }) name: string,
    @Arg('expiresAt', () => Date, {
      nullable: true,
      description: 'When it stops working: at most AMITY_ACCESS_TOKEN_MAX_DAYS (365 by default) from now; null or absent for that longest lifetime',
    })
    expiresAt: Date | null,
    @Ctx() ctx: RequestContext,
  ): Promise<NewAccessToken> {
    const { secret, token } = await ctx.auth!.createAccessToken(ctx.em, ctx.viewer!, name, expiresAt ?? null);
    return { token: secret, accessToken: token };
  }

  @Authorized()
  @Query(() => [AccessToken], { description: 'Personal access tokens: your own, or (ADMIN) any user’s' })
  async accessTokens(@Arg('userId', () => ID, { nullable: true, description: 'ADMIN: whose tokens' }) userId: string | null, @Ctx() ctx: RequestContext): Promise<AccessToken[]> {
    const owner = userId ?? ctx.viewer!.userId;
    if (owner !== ctx.viewer!.userId && ctx.viewer!.role !== Role.ADMIN) throw new DomainError(ErrorCode.FORBIDDEN, 'Only an ADMIN sees other users’ tokens');
    if (!isRecordId(owner)) return [];
    return ctx.em.find(AccessToken, { user: owner }, { orderBy: { createdAt: 'desc' } });
  }

  @Authorized()
  @Mutation(() => AccessToken, { description: 'Revoke a personal access token: yours, or (ADMIN) anyone’s' })
  async revokeAccessToken(@Arg('id', () => ID, { description: 'The token id' }) id: string, @Ctx() ctx: RequestContext): Promise<AccessToken> {
    const token = isRecordId(id) ? await ctx.em.findOne(AccessToken, id, { populate: ['tokenHash'] as never }) : null;
    if (!token) throw new NotFoundError('AccessToken', id);
    if (token.user.id !== ctx.viewer!.userId && ctx.viewer!.role !== Role.ADMIN) throw new DomainError(ErrorCode.FORBIDDEN, 'Only an ADMIN revokes other users’ tokens');
    await ctx.auth!.revokeAccessToken(ctx.em, token);
    return token;
  }

  @Authorized(Role.ADMIN)
  @Query(() => [User], { description: 'ADMIN: every user' })
  async users(@Ctx() ctx: RequestContext): Promise<User[]> {
    return ctx.em.find(User, {}, { orderBy: { username: 'asc' } });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User, { description: 'ADMIN: make a user' })
  async createUser(@Arg('input', () => UserInput, { description: 'The new user' }) input: UserInput, @Ctx() ctx: RequestContext): Promise<User> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) throw BadInputError.field('username', 'must be 2 to 64 of a-z, 0-9, dot, underscore or hyphen');
    if (await ctx.em.count(User, { username })) throw uniqueClash('app_user_username_unique', username);
    const user = Object.assign(new User(), {
      username,
      displayName: input.displayName?.trim() || null,
      role: input.role,
      passwordHash: await ctx.auth!.newPasswordHash(input.password, username),
    });
    ctx.em.persist(user);
    auditChange(ctx.em, { viewer: ctx.viewer, requestId: ctx.requestId }, AuditAction.CREATE, 'User', user.id, null, accountSnapshot(user));
    await ctx.em.flush();
    return user;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => User, { description: 'ADMIN: change a user; disabling or a new password ends the user’s sessions' })
  async updateUser(
    @Arg('id', () => ID, { description: 'The user id' }) id: string,
    @Arg('input', () => UserPatch, { description: 'What changes' }) input: UserPatch,
    @Arg('expectedVersion', () => Int, { description: 'The version the change was made against' }) expectedVersion: number,
    @Ctx() ctx: RequestContext,
  ): Promise<User> {
    const user = isRecordId(id) ? await ctx.em.findOne(User, id) : null;
    if (!user) throw new NotFoundError('User', id);
    if (user.version !== expectedVersion) throw new ConflictError(`User ${user.username} is at version ${user.version}, not ${expectedVersion}`, accountSnapshot(user));
    const before = accountSnapshot(user);
    if (input.displayName !== undefined) user.displayName = input.displayName?.trim() || null;
    if (input.role) user.role = input.role;
    let endSessions = false;
    if (input.active != null) {
      endSessions ||= user.active && !input.active;
      user.active = input.active;
    }
    if (input.password) {
      user.passwordHash = await ctx.auth!.newPasswordHash(input.password, user.username);
      endSessions = true;
    }
    // The audit entry says that the password changed, never what it is.
    auditChange(ctx.em, { viewer: ctx.viewer, requestId: ctx.requestId }, AuditAction.UPDATE, 'User', user.id, before, {
      ...accountSnapshot(user),
      ...(input.password ? { passwordChanged: true } : {}),
    });
    await ctx.em.flush();
    if (endSessions) await ctx.auth!.endAllFor(ctx.em, user.id);
    // A new role holds from the user's next request, on every hub.
    else if (user.role !== before.role) await ctx.auth!.forget();
    return user;
  }
}

@Resolver(() => AccessToken)
export class AccessTokenResolver {
  @FieldResolver(() => Date, { description: 'When it stops working: the end it was given, and never later than AMITY_ACCESS_TOKEN_MAX_DAYS after it was made' })
  expiresAt(@Root() token: AccessToken, @Ctx() ctx: RequestContext): Date {
    return ctx.auth!.accessTokenEnd(token);
  }
}
