import { ReferenceKind, type Collection, type EntityManager } from '@mikro-orm/postgresql';
import { validate } from 'class-validator';
import { pinyinOf } from '../../graph/names.js';
import { NodeRecord } from '../../graph/node-record.entity.js';
import { NodeEntity, type RecordEntity } from '../../graph/record.entity.js';
import { Country } from '../../nodes/country/country.entity.js';
import { demoId } from './demo-ids.js';

type RecordClass<T extends RecordEntity = RecordEntity> = new () => T;

interface Planned<T extends RecordEntity = RecordEntity> {
  entity: RecordClass<T>;
  key: string;
  id: string;
  generated: boolean;
  fill(record: T, refs: DemoRefs): void;
}

/** How references between demo records are written: by key, resolved to the record made now or already stored. */
export interface DemoRefs {
  /** A record of a known type by its key, e.g. `refs.get(City, 'city:nanchang')`. */
  get<T extends RecordEntity>(entity: RecordClass<T>, key: string): T;
  /** Any node by its key, for generic edges (a relationship's ends, a contribution's donor). */
  node(key: string): NodeRecord;
  /** A country of the reference data by its ISO 3166-1 alpha-2 code. */
  country(code: string): Country;
  /** The id a key stands for. */
  id(key: string): string;
}

/**
 * The demo records as a plan: each has a stable key (its id is derived from it) and a function that fills a
 * new entity. Writing the plan skips every record whose id is already stored, so loading twice adds nothing; a
 * stored record keeps its fields, but gets the links the plan gives it that it lacks (a database seeded by an
 * earlier version gets the members added to a delegation since).
 */
export class DemoSet {
  private readonly planned = new Map<string, Planned>();

  add<T extends RecordEntity>(entity: RecordClass<T>, key: string, fill: (record: T, refs: DemoRefs) => void, options: { generated?: boolean } = {}): void {
    if (this.planned.has(key)) throw new Error(`demo data: the key ${key} is used twice`);
    this.planned.set(key, { entity, key, id: demoId(key), generated: options.generated ?? false, fill } as unknown as Planned);
  }

  get size(): number {
    return this.planned.size;
  }

  /**
   * Writes the records not stored yet, through the entities (so defaults, version and the node triggers
   * apply), validated as the API validates, with one query per type to find what exists and one flush.
   * Returns how many records of each type were added.
   */
  async write(em: EntityManager): Promise<Record<string, number>> {
    const byEntity = new Map<RecordClass, Planned[]>();
    for (const planned of this.planned.values()) byEntity.set(planned.entity, [...(byEntity.get(planned.entity) ?? []), planned]);

    const stored = new Set<string>();
    for (const [entity, items] of byEntity) {
      const rows: Array<{ id: string }> = await em
        .createQueryBuilder(entity as RecordClass, 'e')
        .select('e.id')
        .where({ id: { $in: items.map((item) => item.id) } })
        .execute('all');
      for (const row of rows) stored.add(row.id);
    }
    const countryRows: Array<{ id: string; code: string }> = await em.createQueryBuilder(Country, 'c').select(['c.id', 'c.code']).execute('all');
    const countryIds = new Map(countryRows.map((row) => [row.code, row.id]));

    const made = new Map<string, RecordEntity>();
    const making = new Set<string>();
    const planned = this.planned;
    const make = (item: Planned): RecordEntity => {
      if (making.has(item.key)) throw new Error(`demo data: ${item.key} refers to itself through its references`);
      making.add(item.key);
      const record = new item.entity();
      record.id = item.id;
      record.generated = item.generated;
      item.fill(record, refs);
      if (record instanceof NodeEntity && record.names.zh && !record.names.pinyin) record.names.pinyin = pinyinOf(record.names.zh);
      em.persist(record);
      made.set(item.key, record);
      making.delete(item.key);
      return record;
    };
    const known = (key: string): Planned => {
      const item = planned.get(key);
      if (!item) throw new Error(`demo data: nothing has the key ${key}`);
      return item;
    };
    const refs: DemoRefs = {
      get<T extends RecordEntity>(entity: RecordClass<T>, key: string): T {
        const item = known(key);
        if (item.entity !== entity) throw new Error(`demo data: ${key} is a ${item.entity.name}, not a ${entity.name}`);
        if (stored.has(item.id)) return em.getReference(entity, item.id as never);
        return (made.get(key) ?? make(item)) as T;
      },
      node(key: string): NodeRecord {
        const item = known(key);
        if (!(item.entity.prototype instanceof NodeEntity)) throw new Error(`demo data: ${key} is not a node`);
        // The node row appears when the record is inserted (a trigger); the foreign keys to it are deferred.
        if (!stored.has(item.id) && !made.has(key)) make(item);
        return em.getReference(NodeRecord, item.id);
      },
      country(code: string): Country {
        const id = countryIds.get(code);
        if (!id) throw new Error(`demo data: no country with the code ${code}; load the countries first`);
        return em.getReference(Country, id as never);
      },
      id: (key: string) => known(key).id,
    };

    const added: Record<string, number> = {};
    for (const item of planned.values()) {
      if (stored.has(item.id)) continue;
      const record = made.get(item.key) ?? make(item);
      added[item.entity.name] = (added[item.entity.name] ?? 0) + 1;
      await assertValid(item.key, record);
    }
    await em.flush();
    await this.addMissingLinks(em, stored, refs, added);
    return added;
  }

  /**
   * The many-to-many links the plan gives records already stored, written through their pivot tables where they
   * are missing (the record itself, which staff may have edited since, is left as it is). Each stored record's
   * plan is filled into an entity that is never persisted, only to read its links.
   */
  private async addMissingLinks(em: EntityManager, stored: Set<string>, refs: DemoRefs, added: Record<string, number>): Promise<void> {
    const rows = new Map<string, { name: string; ownerColumn: string; targetColumn: string; pairs: string[] }>();
    for (const item of this.planned.values()) {
      if (!stored.has(item.id)) continue;
      const links = em.getMetadata().find(item.entity.name)?.props.filter((prop) => prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner) ?? [];
      if (links.length === 0) continue;
      const plan = new item.entity();
      item.fill(plan, refs);
      for (const link of links) {
        const targets = (plan as unknown as Record<string, Collection<RecordEntity>>)[link.name].getItems();
        if (targets.length === 0) continue;
        const table = rows.get(link.pivotTable) ?? { name: `${item.entity.name}.${link.name}`, ownerColumn: link.joinColumns[0], targetColumn: link.inverseJoinColumns[0], pairs: [] };
        rows.set(link.pivotTable, table);
        for (const target of targets) table.pairs.push(item.id, target.id);
      }
    }
    for (const [pivotTable, table] of rows) {
      const values = Array.from({ length: table.pairs.length / 2 }, () => '(?, ?)').join(', ');
      const inserted: unknown[] = await em.execute(
        `insert into "${pivotTable}" ("${table.ownerColumn}", "${table.targetColumn}") values ${values} on conflict do nothing returning 1`,
        table.pairs,
      );
      if (inserted.length > 0) added[table.name] = inserted.length;
    }
  }
}

/** The same field constraints the API applies (class-validator), so demo data never holds what staff could not enter. */
async function assertValid(key: string, record: RecordEntity): Promise<void> {
  const errors = await validate(record, { skipMissingProperties: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.map((error) => `${error.property}: ${Object.values(error.constraints ?? {}).join(', ')}`);
    throw new Error(`demo data: ${key} is invalid: ${problems.join('; ')}`);
  }
}
