import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Visibility } from './visibility.js';

/**
 * The supertype table `node`: one row for every node of every type, kept by database triggers on each node
 * table. Generic edges (Relationship, a contribution's donor) point here, so both ends are real foreign keys,
 * and cross-type search, paths and neighbourhoods read it. The application never writes it.
 */
@Entity({ tableName: 'node', readonly: true })
@Index({ properties: ['type'] })
@Index({ name: 'node_search_text_trgm', expression: 'create index "node_search_text_trgm" on "node" using gin ("search_text" gin_trgm_ops)' })
export class NodeRecord {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'text', nullable: true })
  nameZh?: string;

  @Property({ type: 'text', nullable: true })
  nameEn?: string;

  @Property({ type: 'text', nullable: true })
  nameLocal?: string;

  @Property({ type: 'text', default: '' })
  searchText!: string;

  @Enum({ items: () => Visibility, nativeEnumName: 'visibility' })
  visibility!: Visibility;
}
