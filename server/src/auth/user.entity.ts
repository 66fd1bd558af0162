import { randomUUID } from 'node:crypto';
import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from './role.js';

@ObjectType({ description: 'A person who signs in to Amity, with one role' })
@Entity({ tableName: 'app_user' })
export class User {
  @Field(() => ID, { description: 'The user id' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Sign-in name, lower case' })
  @Property({ type: 'text' })
  @Unique()
  username!: string;

  @Field(() => String, { nullable: true, description: 'Name shown in the admin' })
  @Property({ type: 'text', nullable: true })
  displayName?: string | null;

  @Field(() => Role, { description: 'What the user may do' })
  @Enum({ items: () => Role, nativeEnumName: 'role' })
  role!: Role;

  @Field({ description: 'False when the account is disabled: it cannot sign in and its sessions and tokens stop working' })
  @Property({ default: true })
  active: boolean = true;

  /** Argon2id hash; never selected unless asked for, never a GraphQL field. */
  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @Field({ description: 'When the account was made' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field({ description: 'When the account last changed' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: 'Optimistic-lock version' })
  @Property({ version: true })
  version!: number;
}
