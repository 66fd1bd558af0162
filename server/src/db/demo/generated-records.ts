import { Visibility } from '../../graph/visibility.js';
import { Application, ApplicationKind, ApplicationStatus } from '../../nodes/application/application.entity.js';
import { City } from '../../nodes/city/city.entity.js';
import { Delegation, DelegationChannel, DelegationDirection, DelegationPurpose } from '../../nodes/delegation/delegation.entity.js';
import { Organisation, OrganisationKind } from '../../nodes/organisation/organisation.entity.js';
import { PartnershipLevel } from '../../nodes/partnership/partnership.entity.js';
import type { DemoSet } from './demo-set.js';
import { delegations as namedDelegations, partnerCities, partnerships, type DelegationFact } from './facts.js';
import { fillDelegation, HOME_CITY, OFFICE } from './named-records.js';
import { addDays, datesOverYear, pick, seededRandom, spreadTotal } from './prng.js';
import { applicationFigures, delegationFigures, REPORT_YEAR, type DelegationFigure } from './report-figures.js';

/**
 * The records the report only counts: delegations and applications made up (generated: true, placeholder
 * names, no named members) so that counting records gives exactly the report's figures. Deterministic: a
 * seeded generator per figure, so every load makes the same records with the same ids.
 */
export function addGeneratedRecords(set: DemoSet): void {
  addGeneratedDelegations(set, DelegationDirection.INBOUND, { zh: '入境团组', en: 'inbound delegation' });
  addGeneratedDelegations(set, DelegationDirection.OUTBOUND, { zh: '出访团组', en: 'outbound delegation' });
  addGeneratedApplications(set);
}

const year = REPORT_YEAR;
const inYear = (date: string | null | undefined) => !!date && date.startsWith(`${year}-`);

const GOVERNMENT_GUEST_COUNTRIES = ['US', 'JP', 'KR', 'DE', 'FR', 'GB', 'IT', 'AU', 'CA', 'SG', 'RU', 'NL', 'IL', 'TH', 'IN', 'VN', 'PK', 'NZ'];
const OVERSEAS_CHINESE_ORIGINS = ['HK', 'MO', 'TW', 'SG', 'MY', 'TH', 'ID', 'PH', 'US', 'CA', 'AU', 'FR', 'IT', 'NL'];
const OUTBOUND_DESTINATIONS = ['HK', 'MO', 'US', 'DE', 'JP', 'KR', 'FR', 'GB', 'IT', 'SG', 'AU', 'CA', 'ES', 'NL', 'FI', 'RU', 'TH', 'AT', 'BR', 'ZA', 'TW', 'MY', 'NZ'];
const OUTBOUND_CHANNELS = [DelegationChannel.GOVERNMENT_AND_PARTY, DelegationChannel.BUSINESS, DelegationChannel.BUSINESS, DelegationChannel.ACADEMIC, DelegationChannel.SISTER_CITY, DelegationChannel.OTHER];
const PURPOSES: Record<string, DelegationPurpose[]> = {
  [DelegationChannel.GOVERNMENT_AND_PARTY]: [DelegationPurpose.OFFICIAL_VISIT, DelegationPurpose.OFFICIAL_VISIT, DelegationPurpose.TRADE_AND_INVESTMENT, DelegationPurpose.CONFERENCE, DelegationPurpose.STUDY],
  [DelegationChannel.SISTER_CITY]: [DelegationPurpose.OFFICIAL_VISIT, DelegationPurpose.EDUCATION, DelegationPurpose.CULTURE, DelegationPurpose.TRADE_AND_INVESTMENT],
  [DelegationChannel.OVERSEAS_CHINESE]: [DelegationPurpose.TRADE_AND_INVESTMENT, DelegationPurpose.OFFICIAL_VISIT, DelegationPurpose.CULTURE],
  [DelegationChannel.BUSINESS]: [DelegationPurpose.TRADE_AND_INVESTMENT, DelegationPurpose.CONFERENCE],
  [DelegationChannel.ACADEMIC]: [DelegationPurpose.EDUCATION, DelegationPurpose.CONFERENCE, DelegationPurpose.STUDY],
  [DelegationChannel.OTHER]: [DelegationPurpose.TRAINING, DelegationPurpose.STUDY, DelegationPurpose.OTHER],
};
/** Sister-city-channel visitors come from Nanchang's sister and friendly-exchange cities. */
const PARTNER_CITIES = partnerships
  .filter((partnership) => partnership.level !== PartnershipLevel.PROSPECT)
  .map((partnership) => partnerCities.find((city) => city.key === partnership.partner)!);

function matches(figure: DelegationFigure, fact: DelegationFact): boolean {
  return (
    fact.direction === figure.direction &&
    (!figure.channel || fact.channel === figure.channel) &&
    (!figure.approvalStatus || fact.approvalStatus === figure.approvalStatus) &&
    inYear(fact.startDate)
  );
}

/** What is left of a figure once the named delegations are counted: how many more, with how many people. */
function remainder(figure: DelegationFigure): { delegations: number; personTimes: number } {
  const named = namedDelegations.filter((fact) => matches(figure, fact));
  const left = {
    delegations: figure.delegations - named.length,
    personTimes: figure.personTimes - named.reduce((sum, fact) => sum + fact.headcount, 0),
  };
  if (left.delegations < 0 || left.personTimes < left.delegations) {
    throw new Error(`demo data: the named ${figure.slug} delegations exceed the report's ${figure.delegations} delegations / ${figure.personTimes} person-times`);
  }
  return left;
}

function generatedNote(wording: string): string {
  return `Generated for the demo data set: the report gives only the total (${wording}); this placeholder makes up the rest of it.`;
}

function addGeneratedDelegations(set: DemoSet, direction: DelegationDirection, label: { zh: string; en: string }): void {
  const planned: Array<{ key: string; fact: DelegationFact }> = [];
  for (const figure of delegationFigures.filter((candidate) => candidate.direction === direction)) {
    const random = seededRandom(`amity-demo:delegations:${year}:${figure.slug}`);
    const left = remainder(figure);
    const headcounts = spreadTotal(left.personTimes, left.delegations, random);
    const dates = datesOverYear(year, left.delegations, random);
    headcounts.forEach((headcount, index) => {
      const startDate = dates[index];
      const fact: DelegationFact = {
        key: `generated-${year}-${figure.slug}-${index + 1}`,
        zh: '',
        en: '',
        direction,
        channel: figure.channel ?? pick(random, OUTBOUND_CHANNELS),
        purpose: DelegationPurpose.OFFICIAL_VISIT,
        headcount,
        startDate,
        endDate: addDays(startDate, 1 + Math.floor(random() * (direction === DelegationDirection.INBOUND ? 5 : 10))),
        notes: generatedNote(figure.wording),
      };
      fact.purpose = pick(random, PURPOSES[fact.channel]);
      if (direction === DelegationDirection.INBOUND) {
        fact.hostOrganisation = OFFICE.slice('organisation:'.length);
        if (fact.channel === DelegationChannel.SISTER_CITY) {
          const city = pick(random, PARTNER_CITIES);
          fact.originCity = city.key;
          fact.originCountry = city.country;
        } else {
          fact.originCountry = pick(random, fact.channel === DelegationChannel.OVERSEAS_CHINESE ? OVERSEAS_CHINESE_ORIGINS : GOVERNMENT_GUEST_COUNTRIES);
        }
      } else {
        fact.originCity = HOME_CITY.slice('city:'.length);
        fact.originCountry = 'CN';
        fact.destinationCountry = pick(random, OUTBOUND_DESTINATIONS);
        fact.approvalStatus = figure.approvalStatus;
        const decided = addDays(startDate, -(5 + Math.floor(random() * 20)));
        fact.approvalDate = inYear(decided) ? decided : `${year}-01-01`;
      }
      planned.push({ key: `delegation:${fact.key}`, fact });
    });
  }
  // Numbered in date order across the figures, as a register would be.
  planned.sort((a, b) => a.fact.startDate.localeCompare(b.fact.startDate) || a.key.localeCompare(b.key));
  planned.forEach(({ key, fact }, index) => {
    fact.zh = `${year}年${label.zh} #${index + 1}`;
    fact.en = `${year} ${label.en} #${index + 1}`;
    set.add(Delegation, key, (delegation, refs) => fillDelegation(delegation, fact, refs), { generated: true });
  });
}

function addGeneratedApplications(set: DemoSet): void {
  for (const figure of applicationFigures) {
    const random = seededRandom(`amity-demo:applications:${year}:${figure.slug}`);
    const personCounts = spreadTotal(figure.persons, figure.applications, random);
    const dates = datesOverYear(year, figure.applications, random);
    const label = figure.kind === ApplicationKind.APEC_BUSINESS_TRAVEL_CARD
      ? { zh: 'APEC商务旅行卡申请', en: 'APEC business travel card application' }
      : { zh: '外专邀请申请', en: 'foreign-expert invitation application' };
    personCounts.forEach((personCount, index) => {
      const number = index + 1;
      let applicant: string | undefined;
      if (figure.companies) {
        // One company an application: the report counts the companies, and names none of them.
        applicant = `organisation:generated-${year}-${figure.slug}-company-${number}`;
        set.add(
          Organisation,
          applicant,
          (company, refs) => {
            company.names.zh = `${year}年APEC商务旅行卡申办企业 #${number}（示例）`;
            company.names.en = `${year} APEC business travel card applicant company #${number} (placeholder)`;
            company.kind = OrganisationKind.COMPANY;
            company.city = refs.get(City, HOME_CITY);
            company.visibility = Visibility.INTERNAL;
            company.notes = generatedNote(figure.wording);
          },
          { generated: true },
        );
      }
      const submittedOn = dates[index];
      const decidedOn = addDays(submittedOn, 2 + Math.floor(random() * 9));
      set.add(
        Application,
        `application:generated-${year}-${figure.slug}-${number}`,
        (application, refs) => {
          application.names.zh = `${year}年${label.zh} #${number}`;
          application.names.en = `${year} ${label.en} #${number}`;
          application.kind = figure.kind;
          application.personCount = personCount;
          application.applicant = applicant ? refs.get(Organisation, applicant) : null;
          application.status = ApplicationStatus.APPROVED;
          application.submittedOn = submittedOn;
          application.decidedOn = decidedOn;
          application.visibility = Visibility.INTERNAL;
          application.notes = generatedNote(figure.wording);
        },
        { generated: true },
      );
    });
  }
}
