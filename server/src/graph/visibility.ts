import { registerEnumType } from 'type-graphql';

export enum Visibility {
  PUBLIC = 'PUBLIC',
  INTERNAL = 'INTERNAL',
  RESTRICTED = 'RESTRICTED',
}
registerEnumType(Visibility, {
  name: 'Visibility',
  description: 'Who may read a record: PUBLIC (anyone, widgets too), INTERNAL (signed-in users), RESTRICTED (admins, editors and analysts).',
  valuesConfig: {
    PUBLIC: { description: 'Anyone may read it, widgets included' },
    INTERNAL: { description: 'Signed-in users of every role' },
    RESTRICTED: { description: 'Admins, editors and analysts; not viewers' },
  },
});
