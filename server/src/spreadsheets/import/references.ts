import type { EntityManager } from '@mikro-orm/postgresql';
import { isRecordId } from '../../graph/ids.js';
import { readableRowSql } from '../../graph/visible.js';
import type { RecordType } from '../../nodes/registry.js';
import type { Parsed } from '../cell-values.js';


export function tableOf(em: EntityManager, type: RecordType | undefined): string {
  return type ? em.getMetadata().get(type.entity.name).tableName : 'node';
}

interface Candidate {
  id: string;
  name_zh: string | null;
  name_en: string | null;
}

/**
 * Finds the record a cell names: by id, a country by its ISO code, any record by one of its names (Chinese
 * exactly; English, local name or alias ignoring case and accents). Each distinct text is looked up once.
 */
export class ReferenceResolver {
  private readonly cache = new Map<string, Parsed<string>>();

  constructor(
    private readonly em: EntityManager,
    private readonly visibilities: readonly string[],
  ) {}

  async resolve(target: RecordType | undefined, text: string): Promise<Parsed<string>> {
    const key = `${target?.name ?? 'node'}\u0000${text}`;
    let found = this.cache.get(key);
    if (!found) {
      found = await this.lookUp(target, text);
      this.cache.set(key, found);
    }
    return found;
  }

  private async lookUp(target: RecordType | undefined, text: string): Promise<Parsed<string>> {
    const label = target?.name ?? 'record';
    const given: unknown = text;
    if (isRecordId(given)) return { value: given.toLowerCase() };
    const table = tableOf(this.em, target);
    const visible = readableRowSql('e', this.visibilities);
    if (target?.naturalKey && /^[A-Za-z]{2,3}$/.test(text)) {
      const key = (this.em.getMetadata().get(target.entity.name).properties as Record<string, { fieldNames: string[] }>)[target.naturalKey].fieldNames[0];
      const rows: Array<{ id: string }> = await this.em.execute(`select e.id from "${table}" e where upper(e."${key}") = ? and ${visible.sql}`, [text.toUpperCase(), ...visible.params]);
      if (rows.length === 1) return { value: rows[0].id };
    }
    const aliases = target ? ` or amity_fold(?) = any(select amity_fold(a) from unnest(e.aliases) a)` : '';
    const typeCondition = target ? '' : ' and e.type <> \'Relationship\'';
    const rows: Candidate[] = await this.em.execute(
      `select e.id, e.name_zh, e.name_en from "${table}" e
        where (e.name_zh = ? or amity_fold(e.name_en) = amity_fold(?) or amity_fold(e.name_local) = amity_fold(?)${aliases}) and ${visible.sql}${typeCondition}
        limit 6`,
      [text, text, text, ...(target ? [text] : []), ...visible.params],
    );
    if (rows.length === 1) return { value: rows[0].id };
    if (rows.length === 0) return { problem: `no ${label} named "${text}"${target?.naturalKey ? ` or with ${target.naturalKey} "${text}"` : ''}` };
    const names = rows.slice(0, 5).map((row) => `${[row.name_zh, row.name_en].filter(Boolean).join(' / ')} (${row.id})`);
    return { problem: `"${text}" is ambiguous: it names ${rows.length > 5 ? 'more than 5' : rows.length} ${label} records: ${names.join('; ')}. Give the id instead` };
  }
}
