import type { TypeRules } from '../../graph/record-types.js';
import type { FieldProblem } from '../../errors.js';
import { countOf } from '../../graph/collections.js';
import { DelegationDirection, type Delegation } from './delegation.entity.js';

export const delegationRules: TypeRules<Delegation> = {
  async check(delegation) {
    const problems: FieldProblem[] = [];
    const members = await countOf(delegation.members);
    if (delegation.headcount < members) {
      problems.push({ field: 'headcount', message: `is ${delegation.headcount}, below the ${members} named members` });
    }
    const hasApproval = delegation.approvalStatus || delegation.approvalNumber || delegation.approvalDate || delegation.greenChannel;
    if (delegation.direction === DelegationDirection.INBOUND && hasApproval) {
      problems.push({ field: 'approvalStatus', message: 'only OUTBOUND delegations have an approval (status, number, date, green channel)' });
    }
    return problems;
  },
};
