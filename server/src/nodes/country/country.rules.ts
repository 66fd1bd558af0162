import type { TypeRules } from '../../graph/record-types.js';
import type { Country } from './country.entity.js';
import { isoCountry } from './iso-countries.js';

/** A country is reference data: its code must be an ISO 3166-1 code, and everything else follows from it. */
export const countryRules: TypeRules<Country> = {
  derived: ['code3', 'continent', 'region', 'subregion', 'intermediateRegion'],
  derive(country) {
    const iso = country.code ? isoCountry(country.code) : undefined;
    if (!iso) return;
    country.code = iso.code;
    country.code3 = iso.code3;
    country.continent = iso.continent;
    country.region = iso.region;
    country.subregion = iso.subregion;
    country.intermediateRegion = iso.intermediateRegion;
  },
  check(country) {
    return isoCountry(country.code ?? '') ? [] : [{ field: 'code', message: `"${country.code}" is not an ISO 3166-1 country code` }];
  },
};
