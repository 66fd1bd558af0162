import type { EntityManager } from '@mikro-orm/postgresql';
import { readSql } from '../db/read-sql.js';
import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { BadInputError } from '../errors.js';
import { likePattern } from '../graph/record-sql.js';
import { NodeEntity } from '../graph/record.entity.js';
import { nodeTypes } from '../nodes/registry.js';
import { namedSql, sqlArray } from '../graph/sql.js';
import { visibilitiesParam, visibleRowSql } from '../graph/visible.js';

export const MAX_SEARCH_HITS = 100;

/**
 * The node types by their GraphQL enum value (CITY), whose internal value is the type's name (City). Filled when
 * the schema is built (registerNodeTypeEnum), so that it holds every type registered by then, a type a test
 * registers after the application's included.
 */
export const NodeType: Record<string, string> = {};
const nodeTypeValues: Record<string, { description: string }> = {};
let nodeTypeRegistered = false;

/**
 * Fills NodeType with the node types registered now, and registers it with type-graphql once; type-graphql reads
 * its values when it builds the schema (buildAmitySchema calls this first).
 */
export function registerNodeTypeEnum(): void {
  for (const key of Object.keys(NodeType)) {
    delete NodeType[key];
    delete nodeTypeValues[key];
  }
  for (const type of nodeTypes()) {
    NodeType[type.singular.toUpperCase()] = type.name;
    nodeTypeValues[type.singular.toUpperCase()] = { description: `${type.name} records` };
  }
  if (nodeTypeRegistered) return;
  registerEnumType(NodeType, { name: 'NodeType', description: 'A type of node, to narrow a search', valuesConfig: nodeTypeValues });
  nodeTypeRegistered = true;
}

@ObjectType({ description: 'A node found by search, with how well it matched' })
export class SearchHit {
  @Field(() => NodeEntity, { description: 'The node found' })
  node!: NodeEntity;

  @Field(() => Float, {
    description:
      'How well it matched, higher first: 3 when a name is exactly the text, 2 when a name or one of its words starts with it, ' +
      '1 when a name or alias contains it, 0 for a similar spelling; plus half the trigram word similarity (0 to 1) of text and names',
  })
  score!: number;

  @Field(() => String, { description: 'The GraphQL type of the node, e.g. City' })
  type!: string;
}

/** What a search returns before its nodes load: their ids and types, ranked. */
export interface SearchRow {
  id: string;
  type: string;
  score: number;
}

/**
 * Nodes of every type whose names, aliases or pinyin match `q`, best first, in one SQL statement over the
 * `node` supertype table. Text is folded as the table folds it (lower case, no accents), so `kragero` finds
 * Kragerø; a part of a Chinese name finds the whole (三中 finds 南昌三中). The trigram index serves both the
 * substring test and the similar-spelling test.
 */
export async function searchNodes(
  em: EntityManager,
  q: string,
  types: readonly string[] | null | undefined,
  first: number,
  visibilities?: readonly string[],
): Promise<SearchRow[]> {
  const text = q.trim();
  if (text === '') throw BadInputError.field('q', 'must not be empty');
  if (!Number.isInteger(first) || first < 1 || first > MAX_SEARCH_HITS) throw BadInputError.field('first', `must be from 1 to ${MAX_SEARCH_HITS}`);
  if (types && types.length === 0) return [];

  const contains = likePattern(text);
  // Trigrams need three characters: a shorter text has no similar spellings, only names that contain it.
  const similar = [...text].length >= 3;
  const visible = visibilitiesParam(visibilities);
  const { sql, params } = namedSql(
    `select n.id, n.type,
       (case
          when amity_fold(:text) in (amity_fold(n.name_zh), amity_fold(n.name_en), amity_fold(n.name_local)) then 3
          when ' ' || n.search_text like amity_fold(:wordStart) escape '\\' then 2
          when n.search_text like amity_fold(:contains) escape '\\' then 1
          else 0
        end) + word_similarity(amity_fold(:text), n.search_text) / 2 as score
     from node n
     where (n.search_text like amity_fold(:contains) escape '\\'${similar ? ' or amity_fold(:text) <% n.search_text' : ''})
       ${types ? 'and n.type = any(:types::text[])' : ''}
       ${visible ? `and ${visibleRowSql('n')}` : ''}
     order by score desc, length(n.search_text), n.id
     limit :first`,
    { text, contains, wordStart: `% ${contains.slice(1)}`, first, ...(types ? { types: sqlArray(types) } : {}), ...(visible ? { visibilities: visible } : {}) },
  );
  const rows = await readSql<{ id: string; type: string; score: number | string }>(em, sql, params);
  return rows.map((row) => ({ id: row.id, type: row.type, score: Number(row.score) }));
}
