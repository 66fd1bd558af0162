import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../auth/user.entity.js';

@ObjectType({ description: 'An API key for the embeddable widgets of another office: it runs only the persisted widget operations, reads PUBLIC records only, from its allowed origins, under its rate limit; the secret is shown once, at creation' })
@Entity()
export class WidgetKey {
  @Field(() => ID, { description: 'The key id (not the secret)' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'What the key is for, e.g. "tourism bureau home page"' })
  @Property({ type: 'text' })
  name!: string;

  @Field({ description: 'The office that owns the key and the pages it is used on, e.g. "Municipal Tourism Bureau"' })
  @Property({ type: 'text' })
  office!: string;

  @Field(() => [String], { description: 'The web origins (scheme://host[:port]) whose pages may use the key, for scripts and for framing the /embed pages' })
  @Property({ type: 'text[]' })
  allowedOrigins: string[] = [];

  @Field(() => Int, { description: 'Widget requests the key may make per minute' })
  @Property({ type: 'int' })
  rateLimitPerMinute: number = 600;

  /** SHA-256 of the secret; the secret itself is never stored. */
  @Property({ type: 'text', hidden: true })
  @Unique()
  keyHash!: string;

  @Field({ description: 'The first characters of the secret, to recognise it' })
  @Property({ type: 'text' })
  prefix!: string;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: Rel<User> | null;

  @Field({ description: 'When it was made' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'When it stops working; null for never' })
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was revoked; null while it works' })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
