import type { EntityManager } from '@mikro-orm/postgresql';
import { Visibility } from '../graph/visibility.js';
import { pinyinOf } from '../graph/names.js';
import { Country } from '../nodes/country/country.entity.js';
import { isoCountries } from '../nodes/country/iso-countries.js';

/** Inserts every ISO 3166-1 country that is missing; existing rows (perhaps edited by staff) are left alone. */
export async function loadCountries(em: EntityManager): Promise<number> {
  const existing = new Set((await em.find(Country, {}, { fields: ['code'] })).map((country) => country.code));
  let added = 0;
  for (const iso of isoCountries) {
    if (existing.has(iso.code)) continue;
    const country = new Country();
    Object.assign(country, {
      code: iso.code,
      code3: iso.code3,
      continent: iso.continent,
      region: iso.region,
      subregion: iso.subregion,
      intermediateRegion: iso.intermediateRegion,
      visibility: Visibility.PUBLIC,
    });
    country.names.en = iso.nameEn;
    country.names.zh = iso.nameZh;
    country.names.pinyin = pinyinOf(iso.nameZh);
    em.persist(country);
    added += 1;
  }
  await em.flush();
  return added;
}
