import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { User } from './user.entity.js';

/**
 * A signed-in browser or script: the row is keyed by the SHA-256 of the secret the client holds (in the
 * HttpOnly cookie or as a Bearer token), so a copy of the database gives no working session.
 */
@Entity()
@Index({ properties: ['user'] })
export class Session {
  @PrimaryKey({ type: 'text' })
  tokenHash!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  lastSeenAt: Date = new Date();

  /** The absolute end, whatever the activity. */
  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;
}
