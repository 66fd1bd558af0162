import { ReferenceKind, type MetadataStorage } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { NodeRecord } from '../graph/node-record.entity.js';
import type { EdgeRow } from '../graph/loaders.js';
import type { SelectedFields } from '../graph/projection.js';
import { jsonRowSql } from '../graph/read-records.js';
import { NodeEntity } from '../graph/record.entity.js';
import { LocalDate } from '../graph/scalars.js';
import { Relationship, RelationshipKind } from '../nodes/relationship/relationship.entity.js';

export enum EdgeDirection {
  OUTGOING = 'OUTGOING',
  INCOMING = 'INCOMING',
}
registerEnumType(EdgeDirection, {
  name: 'EdgeDirection',
  description: 'Seen from the node asked about: OUTGOING edges start at it, INCOMING end at it',
  valuesConfig: {
    OUTGOING: { description: 'The tie starts at the node asked about' },
    INCOMING: { description: 'The tie ends at the node asked about' },
  },
});

/**
 * One tie of a node: a generic Relationship, or a typed field such as Delegation.leader. Both come from the
 * database view `edge`, so relationships, neighbours, paths and neighbourhoods see one graph.
 */
@ObjectType({ description: 'A tie between two nodes: a Relationship record, or a typed field such as Delegation.leader' })
export class Edge {
  @Field(() => RelationshipKind, { nullable: true, description: 'The kind, for a Relationship record; null for a typed field' })
  kind?: RelationshipKind | null;

  @Field(() => String, { nullable: true, description: 'The typed field this tie is, e.g. Delegation.leader; null for a Relationship record' })
  field?: string | null;

  @Field(() => EdgeDirection, { description: 'OUTGOING when the tie starts at the node it is seen from, INCOMING when it ends there' })
  direction!: EdgeDirection;

  @Field(() => NodeEntity, { description: 'The node the tie starts at' })
  from!: NodeEntity;

  @Field(() => NodeEntity, { description: 'The node the tie ends at' })
  to!: NodeEntity;

  @Field(() => NodeEntity, { description: 'The node at the other end' })
  other!: NodeEntity;

  @Field(() => String, { nullable: true, description: 'The role, e.g. vice-president or partner school' })
  role?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When the tie began (Relationship records)' })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When the tie ended (Relationship records)' })
  endDate?: string | null;

  @Field(() => Relationship, { nullable: true, description: 'The Relationship record, when the tie is one' })
  relationship?: Relationship | null;
}

/** The columns of the edge view each field of Edge reads besides the tie's ends, which every edge read has. */
const EDGE_FIELD_COLUMNS: Record<string, readonly (keyof EdgeRow)[]> = {
  kind: ['kind'],
  field: ['field'],
  direction: [],
  from: [],
  to: [],
  other: [],
  role: ['role'],
  startDate: ['start_date'],
  endDate: ['end_date'],
  relationship: ['relationship_id'],
};

/**
 * SQL: a row of the edge view (`alias`) as JSON, with the columns the operation asks of Edge (`selection`): its
 * ends, and of the rest only what is asked. Every column when nothing is known of what is asked, or a field asked
 * is not one this function knows. A neighbourhood of 500 nodes has some 650 ties, whose every column made 151 kB
 * of JSON for the hub to parse; what a graph view asks of them (kind, field, direction) 96 kB.
 */
export function edgeJsonSql(alias: string, selection: SelectedFields | undefined): string {
  const fields = selection?.get('Edge');
  if (!fields) return `to_jsonb(${alias})`;
  const columns = new Set<string>(['from_id', 'to_id']);
  for (const field of fields) {
    const read = EDGE_FIELD_COLUMNS[field];
    if (!read) return `to_jsonb(${alias})`;
    read.forEach((column) => columns.add(column));
  }
  return jsonRowSql(alias, [...columns]);
}

const quote = (name: string) => `"${name}"`;

/**
 * The SQL of the `edge` view, from the ORM's metadata: every typed reference, link and owned part between
 * nodes, and every Relationship. A migration creates it; a test checks the newest migration still matches.
 */
export function edgeViewSql(metadata: MetadataStorage): string {
  const selects: string[] = [
    `select r.id as relationship_id, r.kind::text as kind, null::text as field, r.from_id, r.to_id, r.role, r.start_date, r.end_date from relationship r`,
  ];
  const isNodeMeta = (cls: Function | undefined) => !!cls && (cls === NodeRecord || cls.prototype instanceof NodeEntity);
  const typed = (field: string, from: string, to: string, table: string, role = 'null::text') =>
    `select null::uuid, null::text, '${field}', ${from}, ${to}, ${role}, null::date, null::date from ${quote(table)} t where ${to} is not null`;
  const metas = Object.values(metadata.getAll())
    .filter((meta) => !meta.abstract && !meta.embeddable)
    .sort((a, b) => a.className.localeCompare(b.className));
  for (const meta of metas) {
    if (!isNodeMeta(meta.class) || meta.class === NodeRecord) continue;
    for (const prop of meta.props) {
      if (prop.kind === ReferenceKind.MANY_TO_ONE && isNodeMeta(prop.targetMeta?.class)) {
        selects.push(typed(`${meta.className}.${prop.name}`, 't.id', `t.${quote(prop.fieldNames[0])}`, meta.tableName));
      }
      if (prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner && isNodeMeta(prop.targetMeta?.class)) {
        selects.push(typed(`${meta.className}.${prop.name}`, `t.${quote(prop.joinColumns[0])}`, `t.${quote(prop.inverseJoinColumns[0])}`, prop.pivotTable));
      }
      if (prop.kind === ReferenceKind.ONE_TO_MANY && prop.orphanRemoval && prop.targetMeta) {
        const child = prop.targetMeta;
        const back = child.properties[prop.mappedBy as never] as { fieldNames: string[] };
        const roleColumn = child.properties['role' as never] ? 't.role' : 'null::text';
        for (const childProp of child.props) {
          if (childProp.kind === ReferenceKind.MANY_TO_ONE && childProp.name !== prop.mappedBy && isNodeMeta(childProp.targetMeta?.class)) {
            selects.push(typed(`${meta.className}.${prop.name}`, `t.${quote(back.fieldNames[0])}`, `t.${quote(childProp.fieldNames[0])}`, child.tableName, roleColumn));
          }
        }
      }
    }
  }
  return `create or replace view edge as\n${selects.join('\nunion all\n')}`;
}
