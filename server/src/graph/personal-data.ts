/**
 * Marks a property as personal data (passport or ID number, date of birth, phone, email):
 * readable by ADMIN and EDITOR only. The access layer and its schema-driven test read this registry.
 */
const personalFields = new Map<Function, Set<string>>();

export function PersonalData(): PropertyDecorator {
  return (target, property) => {
    const owner = target.constructor;
    const fields = personalFields.get(owner) ?? new Set<string>();
    fields.add(String(property));
    personalFields.set(owner, fields);
  };
}

export function personalDataFields(entity: Function): ReadonlySet<string> {
  return personalFields.get(entity) ?? new Set();
}
