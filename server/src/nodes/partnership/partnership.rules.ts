import { displayName, hasAnyName, Language } from '../../graph/names.js';
import type { TypeRules } from '../../graph/record-types.js';
import type { FieldProblem } from '../../errors.js';
import { City } from '../city/city.entity.js';
import { Partnership, PartnershipStatus } from './partnership.entity.js';

/** Orders the history and reads the current status and the signing date from it (no database needed). */
export function deriveFromHistory(partnership: Partnership): void {
  partnership.statusHistory = [...(partnership.statusHistory ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const history = partnership.statusHistory;
  partnership.status = history.length > 0 ? history[history.length - 1].status : null;
  partnership.signedOn = history.find((step) => step.status === PartnershipStatus.AGREEMENT_SIGNED)?.date ?? null;
}

export const partnershipRules: TypeRules<Partnership> = {
  derived: ['status', 'signedOn'],

  async derive(partnership, em) {
    deriveFromHistory(partnership);
    if (!hasAnyName(partnership.names) && partnership.homeCity && partnership.partnerCity) {
      const [home, partner] = await Promise.all([
        em.findOne(City, partnership.homeCity.id),
        em.findOne(City, partnership.partnerCity.id),
      ]);
      if (home && partner) {
        partnership.names.zh = `${displayName(home.names, Language.zh)}—${displayName(partner.names, Language.zh)}`;
        partnership.names.en = `${displayName(home.names, Language.en)}–${displayName(partner.names, Language.en)}`;
      }
    }
  },

  async check(partnership, em) {
    const problems: FieldProblem[] = [];
    const home = partnership.homeCity?.id;
    const partner = partnership.partnerCity?.id;
    if (home && partner && home === partner) {
      problems.push({ field: 'partnerCityId', message: 'a city cannot be partnered with itself' });
    } else if (home && partner) {
      // Two requests for the same pair must not both pass this check: the second waits here for the first to commit.
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`partnership:${[home, partner].sort().join(':')}`]);
      const existing = await em.findOne(Partnership, {
        id: { $ne: partnership.id },
        $or: [
          { homeCity: home, partnerCity: partner },
          { homeCity: partner, partnerCity: home },
        ],
      });
      if (existing) {
        problems.push({
          field: 'partnerCityId',
          message: `these two cities already have a partnership (${displayName(existing.names, Language.en)}, id ${existing.id})`,
        });
      }
    }
    return problems;
  },
};
