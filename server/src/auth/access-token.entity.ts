import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from './user.entity.js';

@ObjectType({ description: 'A personal access token for scripts (Authorization: Bearer …); the secret is shown once, at creation' })
@Entity()
export class AccessToken {
  @Field(() => ID, { description: 'The token id (not the secret)' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Field({ description: 'What the token is for, e.g. "yearly report notebook"' })
  @Property({ type: 'text' })
  name!: string;

  /** SHA-256 of the secret; the secret itself is never stored. */
  @Property({ type: 'text', hidden: true })
  @Unique()
  tokenHash!: string;

  @Field({ description: 'The first characters of the secret, to recognise it' })
  @Property({ type: 'text' })
  prefix!: string;

  @Field({ description: 'When it was made' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'When it was last used' })
  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;

  /**
   * The end it was given; null only for tokens made before every token had one. When it stops working is
   * `AuthService.accessTokenEnd`, which the API answers as `expiresAt`.
   */
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was revoked; null while it works' })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
