import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { badFields, create } from './records.js';

/** Lists: `q` in any script, ids, enums, ranges, references and booleans; sorting on several keys; paging. */
describe('lists: filters, sorting and paging', () => {
  let hub: Hub;
  const ids: Record<string, string> = {};

  const cityNames = async (filter: Record<string, unknown>, sort: unknown[] = [{ field: 'names_en' }]) => {
    const data = await hub.query(`query ($filter: CityFilter, $sort: [CitySort!]) { cities(filter: $filter, sort: $sort, perPage: 100) { total items { names { en } } } }`, { filter, sort });
    expect(data.cities.total).toBe(data.cities.items.length);
    return (data.cities.items as Array<{ names: { en: string } }>).map((city) => city.names.en);
  };
  const organisationNames = async (filter: Record<string, unknown>) => {
    const data = await hub.query(`query ($filter: OrganisationFilter) { organisations(filter: $filter, sort: [{ field: names_zh }], perPage: 100) { total items { names { zh } } } }`, { filter });
    expect(data.organisations.total).toBe(data.organisations.items.length);
    return (data.organisations.items as Array<{ names: { zh: string } }>).map((organisation) => organisation.names.zh);
  };
  const eventNames = async (filter: Record<string, unknown>, sort: unknown[] = [{ field: 'names_en' }]) => {
    const data = await hub.query(`query ($filter: EventFilter, $sort: [EventSort!]) { events(filter: $filter, sort: $sort, perPage: 100) { total items { names { en } } } }`, { filter, sort });
    expect(data.events.total).toBe(data.events.items.length);
    return (data.events.items as Array<{ names: { en: string } }>).map((event) => event.names.en);
  };

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    const cities: Array<[string, Record<string, unknown>]> = [
      ['nanchang', { names: { zh: '南昌', en: 'Nanchang' }, countryCode: 'CN', isHomeCity: true, aliases: ['Hongdu', '洪都'] }],
      ['kragero', { names: { zh: '克拉格勒', en: 'Kragerø', local: 'Kragerø', localLang: 'no' }, countryCode: 'NO' }],
      ['takamatsu', { names: { zh: '高松', en: 'Takamatsu', local: '高松市', localLang: 'ja' }, countryCode: 'JP' }],
      ['gwangju', { names: { zh: '光州', en: 'Gwangju', local: '광주', localLang: 'ko' }, countryCode: 'KR' }],
      ['saoPaulo', { names: { zh: '圣保罗', en: 'São Paulo', local: 'São Paulo', localLang: 'pt' }, countryCode: 'BR' }],
    ];
    for (const [key, input] of cities) ids[key] = (await create(hub, 'City', input)).id;
    const organisations: Array<[string, Record<string, unknown>]> = [
      ['school3', { names: { zh: '南昌三中', en: 'Nanchang No. 3 Middle School' }, kind: 'SCHOOL', cityId: ids.nanchang }],
      ['school2', { names: { zh: '南昌二中', en: 'Nanchang No. 2 Middle School' }, kind: 'SCHOOL', cityId: ids.nanchang }],
      ['university', { names: { zh: '南昌大学', en: 'Nanchang University' }, kind: 'UNIVERSITY', cityId: ids.nanchang, aliases: ['NCU'] }],
      ['kagawa', { names: { zh: '香川大学', en: 'Kagawa University' }, kind: 'UNIVERSITY', cityId: ids.takamatsu }],
    ];
    for (const [key, input] of organisations) ids[key] = (await create(hub, 'Organisation', input)).id;
    const events: Array<[string, Record<string, unknown>]> = [
      ['tradeFair', { names: { en: 'Trade fair' }, kind: 'FAIR', startDate: '2011-03-01', cityId: ids.nanchang }],
      ['dragonBoat', { names: { en: 'Dragon boat race' }, kind: 'GAMES', startDate: '2011-06-06', cityId: ids.nanchang }],
      ['artShow', { names: { en: 'Art show' }, kind: 'FESTIVAL', startDate: '2011-06-06', cityId: ids.takamatsu }],
      ['forum', { names: { en: 'Forum on friendship' }, kind: 'CONFERENCE', startDate: '2011-10-01', cityId: ids.gwangju }],
      ['newYear', { names: { en: 'New Year gala' }, kind: 'GALA', startDate: '2012-01-15', cityId: ids.nanchang }],
      ['undated', { names: { en: 'Undated camp' }, kind: 'CAMP' }],
    ];
    for (const [key, input] of events) ids[key] = (await create(hub, 'Event', input)).id;
    const teacher = await create(hub, 'Person', { names: { zh: '李老师', en: 'Teacher Li' }, category: 'STAFF' });
    ids.teacher = teacher.id;
    ids.worksFor = (await create(hub, 'Relationship', { kind: 'WORKS_FOR', fromId: teacher.id, toId: ids.school3 })).id;
  });
  afterAll(async () => hub?.stop());

  describe('q', () => {
    it('finds a part of a Chinese name', async () => {
      expect(await organisationNames({ q: '三中' })).toEqual(['南昌三中']);
      expect(await organisationNames({ q: '大学' })).toEqual(['南昌大学', '香川大学']);
    });

    it('finds a part of a Latin name ignoring case and accents', async () => {
      expect(await cityNames({ q: 'kragero' })).toEqual(['Kragerø']);
      expect(await cityNames({ q: 'KRAGERØ' })).toEqual(['Kragerø']);
      expect(await cityNames({ q: 'sao paulo' })).toEqual(['São Paulo']);
      expect(await cityNames({ q: 'AKAMA' })).toEqual(['Takamatsu']);
    });

    it('finds the name in its own script, and aliases', async () => {
      expect(await cityNames({ q: '광주' })).toEqual(['Gwangju']);
      expect(await cityNames({ q: 'hongdu' })).toEqual(['Nanchang']);
      expect(await cityNames({ q: '洪都' })).toEqual(['Nanchang']);
      expect(await organisationNames({ q: 'ncu' })).toEqual(['南昌大学']);
    });

    it('finds pinyin, with or without spaces between syllables', async () => {
      expect(await organisationNames({ q: 'chang san' })).toEqual(['南昌三中']);
      expect(await organisationNames({ q: 'SanZhong' })).toEqual(['南昌三中']);
      expect(await cityNames({ q: 'guang zhou' })).toEqual(['Gwangju']);
    });

    it('matches % and _ as themselves, not as wildcards', async () => {
      expect(await cityNames({ q: '%' })).toEqual([]);
      expect(await cityNames({ q: 'N_nchang' })).toEqual([]);
    });

    it('finds relationships by the names at either end', async () => {
      const data = await hub.query(`{ byPlace: relationships(filter: { q: "三中" }) { total items { id } } byPerson: relationships(filter: { q: "teacher li" }) { total items { id } } none: relationships(filter: { q: "Kragerø" }) { total } }`);
      expect(data.byPlace).toEqual({ total: 1, items: [{ id: ids.worksFor }] });
      expect(data.byPerson).toEqual({ total: 1, items: [{ id: ids.worksFor }] });
      expect(data.none.total).toBe(0);
    });

    it('combines with the other filters', async () => {
      expect(await organisationNames({ q: '南昌', kind: ['SCHOOL'] })).toEqual(['南昌二中', '南昌三中']);
    });
  });

  it('filters by ids', async () => {
    expect(await cityNames({ ids: [ids.kragero, ids.gwangju] })).toEqual(['Gwangju', 'Kragerø']);
    expect(await cityNames({ ids: [] })).toEqual([]);
  });

  it('takes what is not a record id as naming no record', async () => {
    expect(await cityNames({ ids: ['not-an-id', ids.kragero] })).toEqual(['Kragerø']);
    expect(await cityNames({ countryId: ['CN'] })).toEqual([]);
  });

  it('filters by a list of enum values', async () => {
    expect(await eventNames({ kind: ['GAMES', 'FAIR'] })).toEqual(['Dragon boat race', 'Trade fair']);
    expect(await organisationNames({ kind: ['UNIVERSITY'] })).toEqual(['南昌大学', '香川大学']);
  });

  it('filters by a date range, ends included', async () => {
    expect(await eventNames({ startDateFrom: '2011-06-06', startDateTo: '2011-10-01' })).toEqual(['Art show', 'Dragon boat race', 'Forum on friendship']);
    expect(await eventNames({ startDateFrom: '2011-10-02' })).toEqual(['New Year gala']);
    expect(await eventNames({ startDateTo: '2011-03-01' })).toEqual(['Trade fair']);
  });

  it('filters by a reference', async () => {
    const japan = await hub.query(`{ countries(filter: { code: ["JP"] }) { items { id } } }`);
    expect(await cityNames({ countryId: [japan.countries.items[0].id] })).toEqual(['Takamatsu']);
    expect(await eventNames({ cityId: [ids.nanchang, ids.gwangju] })).toEqual(['Dragon boat race', 'Forum on friendship', 'New Year gala', 'Trade fair']);
    expect(await organisationNames({ cityId: [ids.takamatsu] })).toEqual(['香川大学']);
  });

  it('filters by a boolean', async () => {
    expect(await cityNames({ isHomeCity: true })).toEqual(['Nanchang']);
    expect(await cityNames({ isHomeCity: false })).toEqual(['Gwangju', 'Kragerø', 'São Paulo', 'Takamatsu']);
  });

  describe('sort', () => {
    it('sorts by English name', async () => {
      expect(await cityNames({}, [{ field: 'names_en' }])).toEqual(['Gwangju', 'Kragerø', 'Nanchang', 'São Paulo', 'Takamatsu']);
      expect(await cityNames({}, [{ field: 'names_en', order: 'DESC' }])).toEqual(['Takamatsu', 'São Paulo', 'Nanchang', 'Kragerø', 'Gwangju']);
    });

    it('sorts by Chinese name in pinyin order', async () => {
      // gāo sōng, guāng zhōu, kè lā gé lè, nán chāng, shèng bǎo luó
      expect(await cityNames({}, [{ field: 'names_zh' }])).toEqual(['Takamatsu', 'Gwangju', 'Kragerø', 'Nanchang', 'São Paulo']);
    });

    it('sorts by a date, latest first, then by name; records without a date last', async () => {
      expect(await eventNames({}, [{ field: 'startDate', order: 'DESC' }, { field: 'names_en' }])).toEqual([
        'New Year gala',
        'Forum on friendship',
        'Art show',
        'Dragon boat race',
        'Trade fair',
        'Undated camp',
      ]);
      expect(await eventNames({}, [{ field: 'startDate', order: 'DESC' }, { field: 'names_en', order: 'DESC' }])).toEqual([
        'New Year gala',
        'Forum on friendship',
        'Dragon boat race',
        'Art show',
        'Trade fair',
        'Undated camp',
      ]);
    });
  });

  describe('paging', () => {
    const page = async (page: number, perPage: number) => {
      const data = await hub.query(`query ($page: Int!, $perPage: Int!) { cities(sort: [{ field: names_en }], page: $page, perPage: $perPage) { total page perPage items { names { en } } } }`, { page, perPage });
      return { ...data.cities, items: (data.cities.items as Array<{ names: { en: string } }>).map((city) => city.names.en) };
    };

    it('cuts the sorted list into pages, each with the total of all pages', async () => {
      expect(await page(1, 2)).toEqual({ total: 5, page: 1, perPage: 2, items: ['Gwangju', 'Kragerø'] });
      expect(await page(2, 2)).toEqual({ total: 5, page: 2, perPage: 2, items: ['Nanchang', 'São Paulo'] });
      expect(await page(3, 2)).toEqual({ total: 5, page: 3, perPage: 2, items: ['Takamatsu'] });
      expect(await page(4, 2)).toEqual({ total: 5, page: 4, perPage: 2, items: [] });
    });

    it('gives 25 a page unless asked', async () => {
      const data = await hub.query(`{ countries { total page perPage items { id } } }`);
      expect(data.countries.page).toBe(1);
      expect(data.countries.perPage).toBe(25);
      expect(data.countries.items).toHaveLength(25);
      expect(data.countries.total).toBeGreaterThanOrEqual(249);
    });

    it('gives up to 500 a page, and refuses more', async () => {
      const data = await hub.query(`{ countries(perPage: 500) { total items { id } } }`);
      expect(data.countries.items).toHaveLength(data.countries.total);
      const response = await hub.request(`{ countries(perPage: 501) { total items { id } } }`);
      expect(badFields(response)).toEqual(['perPage']);
      expect(response.data).toBeNull();
    });

    it('refuses a page below 1 and an empty page size', async () => {
      expect(badFields(await hub.request(`{ cities(page: 0) { total } }`))).toEqual(['page']);
      expect(badFields(await hub.request(`{ cities(perPage: 0) { total } }`))).toEqual(['perPage']);
    });
  });
});
