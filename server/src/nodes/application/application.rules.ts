import type { TypeRules } from '../../graph/record-types.js';
import { countOf } from '../../graph/collections.js';
import type { Application } from './application.entity.js';

export const applicationRules: TypeRules<Application> = {
  async check(application) {
    const persons = await countOf(application.persons);
    return application.personCount < persons
      ? [{ field: 'personCount', message: `is ${application.personCount}, below the ${persons} named persons` }]
      : [];
  },
};
