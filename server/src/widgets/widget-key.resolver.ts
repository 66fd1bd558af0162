import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { AuditAction } from '../audit/audit-entry.entity.js';
import { auditChange } from '../audit/audit.service.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { secretHash } from '../auth/secrets.js';
import { Role } from '../auth/role.js';
import { User } from '../auth/user.entity.js';
import type { RequestContext } from '../graph/context.js';
import { isRecordId } from '../graph/ids.js';
import { WidgetKey } from './widget-key.entity.js';
import { newWidgetKeySecret, normalOrigin, widgetKeyStore } from './widget-keys.service.js';

@InputType({ description: 'A new widget API key for another office' })
class WidgetKeyInput {
  @Field({ description: 'What the key is for, e.g. "tourism bureau home page"' })
  name!: string;

  @Field({ description: 'The office that owns the key' })
  office!: string;

  @Field(() => [String], { description: 'Origins (scheme://host[:port]) whose pages may show the widgets, e.g. "https://tourism.example.gov.cn"' })
  allowedOrigins!: string[];

  @Field(() => Int, { nullable: true, description: 'Widget requests per minute; 600 when absent' })
  rateLimitPerMinute?: number | null;

  @Field(() => Date, { nullable: true, description: 'When it stops working; null for never' })
  expiresAt?: Date | null;
}

@ObjectType({ description: 'A widget API key and its secret, shown only once' })
class NewWidgetKey {
  @Field({ description: 'The secret for the widgets’ key attribute (or ?key=…); it cannot be shown again' })
  key!: string;

  @Field(() => WidgetKey, { description: 'The key record' })
  widgetKey!: WidgetKey;
}

/** What the audit trail keeps of a key. */
function described(key: WidgetKey): Record<string, unknown> {
  const { id, name, office, allowedOrigins, rateLimitPerMinute, prefix, expiresAt, revokedAt } = key;
  return { id, name, office, allowedOrigins, rateLimitPerMinute, prefix, expiresAt: expiresAt ?? null, revokedAt: revokedAt ?? null };
}

/** ADMIN: the API keys other offices' pages use to show widgets. */
@Resolver()
export class WidgetKeyResolver {
  @Authorized(Role.ADMIN)
  @Query(() => [WidgetKey], { description: 'ADMIN: every widget API key, newest first' })
  async widgetKeys(@Ctx() ctx: RequestContext): Promise<WidgetKey[]> {
    return ctx.em.find(WidgetKey, {}, { orderBy: { createdAt: 'desc' } });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => NewWidgetKey, { description: 'ADMIN: make a widget API key; its secret is shown only in this answer' })
  async createWidgetKey(@Arg('input', () => WidgetKeyInput, { description: 'The new key' }) input: WidgetKeyInput, @Ctx() ctx: RequestContext): Promise<NewWidgetKey> {
    const problems = [];
    const name = input.name.trim();
    const office = input.office.trim();
    if (!name || name.length > 200) problems.push({ field: 'name', message: 'must be 1 to 200 characters' });
    if (!office || office.length > 200) problems.push({ field: 'office', message: 'must be 1 to 200 characters' });
    if (input.allowedOrigins.length === 0 || input.allowedOrigins.length > 20) problems.push({ field: 'allowedOrigins', message: 'give 1 to 20 origins' });
    const origins = input.allowedOrigins.map((origin, index) => {
      const normal = normalOrigin(origin);
      if (!normal) problems.push({ field: `allowedOrigins[${index}]`, message: `"${origin}" is not an origin like https://www.example.org (scheme, host and port only)` });
      return normal ?? '';
    });
    const rate = input.rateLimitPerMinute ?? 600;
    if (rate < 1 || rate > 100_000) problems.push({ field: 'rateLimitPerMinute', message: 'must be between 1 and 100000' });
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) problems.push({ field: 'expiresAt', message: 'must be in the future' });
    if (problems.length > 0) throw new BadInputError(problems);

    const secret = newWidgetKeySecret();
    const key = Object.assign(new WidgetKey(), {
      name,
      office,
      allowedOrigins: [...new Set(origins)],
      rateLimitPerMinute: rate,
      expiresAt: input.expiresAt ?? null,
      keyHash: secretHash(secret),
      prefix: secret.slice(0, 13),
      createdBy: ctx.viewer ? ctx.em.getReference(User, ctx.viewer.userId) : null,
    });
    // The key and its audit entry in one transaction (flush); the entry keeps no secret and no hash.
    ctx.em.persist(key);
    auditChange(ctx.em, { viewer: ctx.viewer, requestId: ctx.requestId }, AuditAction.CREATE, 'WidgetKey', key.id, null, described(key));
    await ctx.em.flush();
    await widgetKeyStore.forget();
    return { key: secret, widgetKey: key };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => WidgetKey, { description: 'ADMIN: revoke a widget API key; the widgets using it stop at once' })
  async revokeWidgetKey(@Arg('id', () => ID, { description: 'The key id' }) id: string, @Ctx() ctx: RequestContext): Promise<WidgetKey> {
    const key = isRecordId(id) ? await ctx.em.findOne(WidgetKey, id) : null;
    if (!key) throw new NotFoundError('WidgetKey', id);
    if (!key.revokedAt) {
      const before = described(key);
      key.revokedAt = new Date();
      auditChange(ctx.em, { viewer: ctx.viewer, requestId: ctx.requestId }, AuditAction.UPDATE, 'WidgetKey', key.id, before, described(key));
      await ctx.em.flush();
    }
    await widgetKeyStore.forget();
    return key;
  }
}
