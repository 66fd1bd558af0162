import { ApplicationKind } from '../../nodes/application/application.entity.js';
import { ApprovalStatus, DelegationChannel, DelegationDirection } from '../../nodes/delegation/delegation.entity.js';

/**
 * The figures the 2011 report states (FACTS.md, "the analyst acceptance set"). The demo records must add up
 * to them: the generated records make up what the named ones leave, so counting records gives these totals.
 */
export const REPORT_YEAR = 2011;

export interface DelegationFigure {
  /** Part of the generated records' keys and names: never change it once released. */
  slug: string;
  direction: DelegationDirection;
  channel?: DelegationChannel;
  approvalStatus?: ApprovalStatus;
  delegations: number;
  personTimes: number;
  wording: string;
}

export const delegationFigures: DelegationFigure[] = [
  { slug: 'government-and-party', direction: DelegationDirection.INBOUND, channel: DelegationChannel.GOVERNMENT_AND_PARTY, delegations: 28, personTimes: 368, wording: '接待党宾、外宾 28 批368 人次' },
  { slug: 'sister-city', direction: DelegationDirection.INBOUND, channel: DelegationChannel.SISTER_CITY, delegations: 21, personTimes: 169, wording: '接待友城渠道来访客人21批169人次' },
  { slug: 'overseas-chinese', direction: DelegationDirection.INBOUND, channel: DelegationChannel.OVERSEAS_CHINESE, delegations: 13, personTimes: 193, wording: '接待海外侨胞、港澳同胞13批193人次' },
  { slug: 'approved', direction: DelegationDirection.OUTBOUND, approvalStatus: ApprovalStatus.APPROVED, delegations: 156, personTimes: 465, wording: '批准出访团组156 批、465 人次' },
  { slug: 'held-back', direction: DelegationDirection.OUTBOUND, approvalStatus: ApprovalStatus.HELD_BACK, delegations: 6, personTimes: 7, wording: '把关团组6批、7人次' },
];

export interface ApplicationFigure {
  slug: string;
  kind: ApplicationKind;
  applications: number;
  persons: number;
  /** How many different companies applied, when the report says (each application then has its own company). */
  companies?: number;
  wording: string;
}

export const applicationFigures: ApplicationFigure[] = [
  { slug: 'foreign-expert-invitation', kind: ApplicationKind.FOREIGN_EXPERT_INVITATION, applications: 155, persons: 278, wording: '外专邀请155批、278人次' },
  { slug: 'apec-business-travel-card', kind: ApplicationKind.APEC_BUSINESS_TRAVEL_CARD, applications: 5, persons: 14, companies: 5, wording: '为我市5家企业共14人申办了APEC商务旅行卡' },
];
