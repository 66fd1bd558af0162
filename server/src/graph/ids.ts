const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Record ids are UUIDs; anything else names no record (and must not reach SQL as a uuid). */
export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
