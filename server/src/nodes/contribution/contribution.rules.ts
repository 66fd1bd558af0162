import type { TypeRules } from '../../graph/record-types.js';
import type { FieldProblem } from '../../errors.js';
import { ContributionKind, type Contribution } from './contribution.entity.js';

export const contributionRules: TypeRules<Contribution> = {
  check(contribution) {
    const problems: FieldProblem[] = [];
    if (contribution.amount != null && !contribution.currency) {
      problems.push({ field: 'currency', message: 'is required when an amount is given' });
    }
    if (contribution.kind === ContributionKind.IN_KIND && !contribution.inKindDescription) {
      problems.push({ field: 'inKindDescription', message: 'is required for a contribution in kind' });
    }
    if (contribution.donor && contribution.recipient && contribution.donor.id === contribution.recipient.id) {
      problems.push({ field: 'recipientId', message: 'the recipient cannot be the donor' });
    }
    return problems;
  },
};
