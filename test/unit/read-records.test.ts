import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/dist/config.js';
import { openDatabase, type Database } from '../../server/dist/db/database.js';
import { findRecords } from '../../server/dist/graph/read-records.js';
import { idsSql } from '../../server/dist/graph/record-sql.js';
import { City } from '../../server/dist/nodes/city/city.entity.js';
import { Country } from '../../server/dist/nodes/country/country.entity.js';
import { createLogger } from '../../server/dist/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/**
 * The hub's seam with MikroORM's entities (server/src/graph/read-records.ts): records read only to be answered are
 * made from their rows with their entity's prototype, outside the ORM. A MikroORM that changes what it puts on
 * entity prototypes (the setters that make a record managed) fails here first: such a record must be an instance
 * of its entity, and yet carry no ORM state, so that the ORM never tracks or saves it.
 */
let database: TestDatabase;
let opened: Database;
let cityId: string;

beforeAll(async () => {
  database = await createTestDatabase('empty');
  opened = await openDatabase(loadConfig({ DATABASE_URL: database.url }, []), createLogger('warn'), { migrate: false });
  const em = opened.orm.em.fork();
  const city = em.create(City, { country: await em.findOneOrFail(Country, { code: 'NO' }), province: 'Vestland' } as never);
  city.names.en = 'Read-only town';
  await em.flush();
  cityId = city.id;
});
afterAll(async () => {
  await opened?.close();
  await database?.drop();
});

describe('records made from rows', () => {
  it('are instances of their entity, with its values and references, and no ORM state of their own', async () => {
    const em = opened.orm.em.fork();
    const [city] = (await findRecords(em, City, [idsSql([cityId])])) as unknown as Array<City & Record<string, unknown>>;
    expect(city).toBeInstanceOf(City);
    expect(city.province).toBe('Vestland');
    expect(city.names.en).toBe('Read-only town');
    // A reference is the record's id with its type's prototype; the relation resolvers load it when asked.
    expect(city.country).toBeInstanceOf(Country);
    expect(Object.keys(city.country)).toEqual(['id']);
    // Every value is a plain own property: none went through the setters MikroORM defines on the prototype, which
    // would have made the record an ORM wrapper (`__helper`) and accessors of their own.
    for (const name of Object.getOwnPropertyNames(city)) {
      const descriptor = Object.getOwnPropertyDescriptor(city, name)!;
      expect(descriptor.get ?? descriptor.set, `${name} is a plain property`).toBeUndefined();
    }
    expect(Object.getOwnPropertyNames(city)).not.toContain('__helper');
    expect(Object.getOwnPropertyNames(city.names)).not.toContain('__helper');
  });

  it('are never tracked, so never saved: the ORM\'s flush leaves their row as it was', async () => {
    const em = opened.orm.em.fork();
    const [city] = (await findRecords(em, City, [idsSql([cityId])])) as unknown as City[];
    city.province = 'Changed in memory only';
    expect(em.getUnitOfWork().getIdentityMap().values()).not.toContain(city);
    await em.flush();
    const rows = (await opened.orm.em.getConnection().execute('select province from city where id = ?', [cityId])) as Array<{ province: string }>;
    expect(rows).toEqual([{ province: 'Vestland' }]);
  });
});
