import { registerEnumType } from 'type-graphql';
import { Visibility } from '../graph/visibility.js';

export enum Role {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  ANALYST = 'ANALYST',
  VIEWER = 'VIEWER',
}
registerEnumType(Role, {
  name: 'Role',
  description:
    'ADMIN: everything, users and API keys; EDITOR: create, edit and delete, sees personal data; ANALYST: reads everything but personal data; VIEWER: reads PUBLIC and INTERNAL records',
  valuesConfig: {
    ADMIN: { description: 'Everything, including users, tokens and the audit trail' },
    EDITOR: { description: 'Creates, edits and deletes records; reads personal data' },
    ANALYST: { description: 'Reads every record, but no personal data' },
    VIEWER: { description: 'Reads PUBLIC and INTERNAL records' },
  },
});

/** Roles allowed to change records. */
export const WRITERS: readonly Role[] = [Role.ADMIN, Role.EDITOR];

/** Roles allowed to read personal data (passport numbers, birth dates, phones, emails). */
export const PERSONAL_DATA_READERS: readonly Role[] = [Role.ADMIN, Role.EDITOR];

/** The visibilities a role reads; widget keys (no role) read PUBLIC only. */
export function visibilitiesFor(role: Role | undefined): Visibility[] {
  switch (role) {
    case Role.ADMIN:
    case Role.EDITOR:
    case Role.ANALYST:
      return [Visibility.PUBLIC, Visibility.INTERNAL, Visibility.RESTRICTED];
    case Role.VIEWER:
      return [Visibility.PUBLIC, Visibility.INTERNAL];
    default:
      return [Visibility.PUBLIC];
  }
}
