import { useCallback } from 'react';
import { useTranslate } from 'react-admin';

/** A kind's label: a Relationship kind from the enum's labels, a typed field as "type · field" in the UI's language. */
export function useKindLabel(): (kind: string) => string {
  const translate = useTranslate();
  return useCallback(
    (kind: string) => {
      const [type, field] = kind.split('.');
      if (!field) return translate(`enums.RelationshipKind.${kind}`);
      return `${translate(`resources.${type}.name`, { smart_count: 1 })} · ${translate(`resources.${type}.fields.${field}`)}`;
    },
    [translate],
  );
}
