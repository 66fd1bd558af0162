import { registerEnumType } from 'type-graphql';

export enum Visibility {
  PUBLIC = 'PUBLIC',
  INTERNAL = 'INTERNAL',
  RESTRICTED = 'RESTRICTED',
}
registerEnumType(Visibility, {
  name: 'Visibility',
  description: 'Who may read a record: PUBLIC (anyone, widgets too), INTERNAL (signed-in staff), RESTRICTED (editors and admins).',
});
