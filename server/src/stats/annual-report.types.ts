import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { Figure, Label, LayoutLine, ReportLists } from './annual-report.js';

@ObjectType({ description: 'One figure of the annual report; with compareTo, also the other year’s value and the change' })
export class ReportFigure implements Figure {
  @Field(() => Int, { description: 'The figure for the report’s year' })
  value!: number;

  @Field(() => Int, { nullable: true, description: 'The figure for the compareTo year; null without compareTo' })
  compareValue!: number | null;

  @Field(() => Int, { nullable: true, description: 'value − compareValue; null without compareTo' })
  change!: number | null;

  @Field(() => Float, { nullable: true, description: 'The change in per cent of compareValue, to one decimal; null without compareTo or when compareValue is 0' })
  changePercent!: number | null;
}

@ObjectType({ description: 'A label in Chinese and English, as the summary words it' })
export class ReportLabel implements Label {
  @Field({ description: 'Chinese' })
  zh!: string;

  @Field({ description: 'English' })
  en!: string;
}

/** What the line resolvers need besides the figures: the layout line and the report's lists. */
interface LineRoot {
  line: LayoutLine;
  lists: ReportLists;
}

@ObjectType({ description: 'Delegations of one line of the report: batches (批) and person-times (人次), and the named ones among them' })
export class DelegationFigures implements LineRoot {
  @Field(() => ReportFigure, { description: 'Delegations (批)' })
  delegations!: ReportFigure;

  @Field(() => ReportFigure, { description: 'Person-times (人次): the sum of their headcounts' })
  personTimes!: ReportFigure;

  line!: LayoutLine;
  lists!: ReportLists;
}

@ObjectType({ description: 'Applications of one line of the report' })
export class ApplicationFigures implements LineRoot {
  @Field(() => ReportFigure, { description: 'Applications (批); for APEC cards the summary counts companies instead' })
  applications!: ReportFigure;

  @Field(() => ReportFigure, { description: 'Different applicant organisations: the companies (家企业) of APEC card applications' })
  applicants!: ReportFigure;

  @Field(() => ReportFigure, { description: 'Persons (人次) the applications cover' })
  persons!: ReportFigure;

  line!: LayoutLine;
  lists!: ReportLists;
}

@ObjectType({ description: 'The office’s formal sister cities at the year’s end: signed by then and not ended' })
export class SisterCityFigures {
  @Field(() => ReportFigure, { description: 'Sister cities' })
  cities!: ReportFigure;

  @Field(() => ReportFigure, { description: 'Different countries they are in' })
  countries!: ReportFigure;
}

@ObjectType({ description: 'One figure of a line, with its unit' })
export class ReportLineFigure extends ReportFigure {
  @Field(() => String, { description: 'Which figure of the line, e.g. delegations or personTimes' })
  key!: string;

  @Field(() => ReportLabel, { description: 'Its unit, e.g. 批 / delegations' })
  unit!: ReportLabel;
}

@ObjectType({ description: 'One line of the report’s table of figures, as the downloads lay it out' })
export class ReportLine {
  @Field(() => String, { description: 'The AnnualReport field with the same figures, e.g. inboundForeignGuests' })
  key!: string;

  @Field(() => ReportLabel, { description: 'What the line counts, in the summary’s words' })
  label!: ReportLabel;

  @Field(() => [ReportLineFigure], { description: 'Its figures, in order' })
  figures!: ReportLineFigure[];
}

@ObjectType({
  description:
    'The office’s yearly summary computed from records, in the layout of its figures (FACTS.md): every figure from one statement of grouped SQL; ' +
    'the named lists (main delegations, new contacts, donations, investments, awards) load only when asked for. Downloads: /reports/annual/{year}.xlsx and .csv.',
})
export class AnnualReport {
  @Field(() => Int, { description: 'The year reported' })
  year!: number;

  @Field(() => Int, { nullable: true, description: 'The year compared with, if any' })
  compareTo!: number | null;

  @Field(() => DelegationFigures, { description: '接待党宾、外宾: party and foreign guests received (INBOUND, channel GOVERNMENT_AND_PARTY, by start date)' })
  inboundForeignGuests!: DelegationFigures;

  @Field(() => DelegationFigures, { description: '接待友城渠道来访客人: visitors through sister-city channels (INBOUND, channel SISTER_CITY)' })
  sisterCityVisitors!: DelegationFigures;

  @Field(() => DelegationFigures, { description: '接待海外侨胞、港澳同胞: overseas Chinese and Hong Kong/Macao compatriots received (INBOUND, channel OVERSEAS_CHINESE)' })
  overseasChineseVisitors!: DelegationFigures;

  @Field(() => ApplicationFigures, { description: '外专邀请: foreign-expert invitation applications handled (submitted in the year, not withdrawn)' })
  foreignExpertInvitations!: ApplicationFigures;

  @Field(() => ApplicationFigures, { description: '申办APEC商务旅行卡: APEC business travel cards applied for: companies (different applicants) and persons' })
  apecBusinessTravelCards!: ApplicationFigures;

  @Field(() => DelegationFigures, { description: '批准出访团组: outbound delegations approved (by decision date, else start date)' })
  outboundApproved!: DelegationFigures;

  @Field(() => DelegationFigures, { description: '把关团组: outbound delegations held back on review' })
  outboundHeldBack!: DelegationFigures;

  @Field(() => SisterCityFigures, { description: '友好城市: formal sister cities of the office’s home cities at the year’s end, and their countries' })
  sisterCities!: SisterCityFigures;

  @Field(() => ReportFigure, { description: '发放归侨生活补贴: returned overseas Chinese paid the living subsidy (beneficiaries of the year’s SUBSIDY contributions)' })
  subsidyRecipients!: ReportFigure;

  @Field(() => [ReportLine], { description: 'The table of figures in the summary’s order, with Chinese and English labels' })
  lines!: ReportLine[];

  lists!: ReportLists;
}
