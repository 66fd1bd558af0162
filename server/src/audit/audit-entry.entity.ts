import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { JSONObject } from '../graph/scalars.js';

export enum AuditAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  READ_PERSONAL_DATA = 'READ_PERSONAL_DATA',
  SIGN_IN = 'SIGN_IN',
  SIGN_IN_FAILED = 'SIGN_IN_FAILED',
  SIGN_OUT = 'SIGN_OUT',
}
registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What an audit entry records',
  valuesConfig: {
    CREATE: { description: 'A record was created' },
    UPDATE: { description: 'A record was changed' },
    DELETE: { description: 'A record was deleted' },
    READ_PERSONAL_DATA: { description: 'Personal data of a record was read' },
    SIGN_IN: { description: 'A user signed in' },
    SIGN_IN_FAILED: { description: 'A sign-in was refused' },
    SIGN_OUT: { description: 'A user signed out' },
  },
});

/**
 * One line of the audit trail. Written in the same transaction as the change it records; the database refuses
 * to update or delete it (a trigger), so the application cannot rewrite the past.
 */
@ObjectType({ description: 'An entry of the audit trail: who did what to which record, when, with the fields before and after' })
@Entity()
@Index({ properties: ['recordId', 'at'] })
@Index({ properties: ['at'] })
export class AuditEntry {
  @Field(() => ID, { description: 'The entry id' })
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field({ description: 'When it happened' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at: Date = new Date();

  @Field(() => ID, { nullable: true, description: 'The user who did it; null for the system (demo data, imports run by the CLI)' })
  @Property({ type: 'uuid', nullable: true })
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'The username at the time' })
  @Property({ type: 'text', nullable: true })
  actorUsername?: string | null;

  @Field(() => AuditAction, { description: 'What was done' })
  @Enum({ items: () => AuditAction, nativeEnumName: 'audit_action' })
  action!: AuditAction;

  @Field(() => String, { nullable: true, description: 'The type of the record, e.g. Delegation' })
  @Property({ type: 'text', nullable: true })
  recordType?: string | null;

  @Field(() => ID, { nullable: true, description: 'The id of the record' })
  @Property({ type: 'uuid', nullable: true })
  recordId?: string | null;

  @Field(() => JSONObject, { nullable: true, description: 'The fields before the change (personal data only for those who may read it)' })
  @Property({ type: 'jsonb', nullable: true })
  before?: Record<string, unknown> | null;

  @Field(() => JSONObject, { nullable: true, description: 'The fields after the change, or for a read the fields read' })
  @Property({ type: 'jsonb', nullable: true })
  after?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'The request it came from, as in the server log' })
  @Property({ type: 'text', nullable: true })
  requestId?: string | null;
}
