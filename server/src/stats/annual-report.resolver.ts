import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graph/context.js';
import { Award } from '../nodes/award/award.entity.js';
import { Contribution } from '../nodes/contribution/contribution.entity.js';
import { Delegation } from '../nodes/delegation/delegation.entity.js';
import { Partnership } from '../nodes/partnership/partnership.entity.js';
import { annualReport, quotedBy, REPORT_LAYOUT, type AnnualReportData } from './annual-report.js';
import { AnnualReport, ApplicationFigures, DelegationFigures, ReportLine, SisterCityFigures } from './annual-report.types.js';
import { FIRST_YEAR } from './years.js';

/** The report's lines laid out as the table (`lines`) and as typed fields (`inboundForeignGuests { delegations … }`). */
export function toAnnualReport(data: AnnualReportData): AnnualReport {
  const report = Object.assign(new AnnualReport(), { year: data.year, compareTo: data.compareTo, lists: data.lists });
  const typed = report as unknown as Record<string, unknown>;
  for (const line of REPORT_LAYOUT) {
    const figures = data.lines[line.key];
    if (line.named) typed[line.key] = Object.assign(new DelegationFigures(), figures, { line, lists: data.lists });
    else if (line.key === 'sisterCities') typed[line.key] = Object.assign(new SisterCityFigures(), figures);
    else if (line.key === 'subsidyRecipients') typed[line.key] = figures.persons;
    else typed[line.key] = Object.assign(new ApplicationFigures(), figures, { line, lists: data.lists });
  }
  report.lines = REPORT_LAYOUT.map((line) =>
    Object.assign(new ReportLine(), {
      key: line.key,
      label: line.label,
      figures: line.figures.map((spec) => ({ key: spec.key, unit: spec.unit, ...data.lines[line.key][spec.key] })),
    }),
  );
  return report;
}

@Resolver(() => AnnualReport)
export class AnnualReportResolver {
  @Query(() => AnnualReport, {
    description: 'The office’s yearly summary computed from records; with compareTo, each figure also gives that year’s value and the change. BAD_USER_INPUT for a year out of range.',
  })
  async annualReport(
    @Arg('year', () => Int, { description: `The year reported, from ${FIRST_YEAR} to next year` }) year: number,
    @Ctx() ctx: RequestContext,
    @Arg('compareTo', () => Int, { nullable: true, description: 'Another year to compare each figure with, e.g. the year before' }) compareTo?: number | null,
  ): Promise<AnnualReport> {
    return toAnnualReport(await annualReport(ctx.em, year, compareTo, ctx.visibilities));
  }

  @FieldResolver(() => [Delegation], { description: 'Named (not generated) delegations of the year, by date: those a summary quotes as its main delegations' })
  mainDelegations(@Root() report: AnnualReport): Promise<Delegation[]> {
    return report.lists.mainDelegations();
  }

  @FieldResolver(() => [Partnership], { description: 'New contacts: partnerships whose contact was opened (CONTACT_OPENED step) in the year' })
  newContacts(@Root() report: AnnualReport): Promise<Partnership[]> {
    return report.lists.newContacts();
  }

  @FieldResolver(() => [Contribution], { description: 'Donations and gifts in kind dated in the year' })
  donations(@Root() report: AnnualReport): Promise<Contribution[]> {
    return report.lists.donations();
  }

  @FieldResolver(() => [Contribution], { description: 'Investments dated in the year' })
  investments(@Root() report: AnnualReport): Promise<Contribution[]> {
    return report.lists.investments();
  }

  @FieldResolver(() => [Award], { description: 'Awards of the year' })
  awards(@Root() report: AnnualReport): Promise<Award[]> {
    return report.lists.awards();
  }
}

@Resolver(() => DelegationFigures)
export class DelegationFiguresResolver {
  @FieldResolver(() => [Delegation], { description: 'The named (not generated) delegations among them, as a summary quotes them ("主要团组有")' })
  async named(@Root() figures: DelegationFigures): Promise<Delegation[]> {
    return (await figures.lists.mainDelegations()).filter((delegation) => quotedBy(figures.line, delegation));
  }
}
