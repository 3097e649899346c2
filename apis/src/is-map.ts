/** True for a mapping of a resource document or CEL value (not null, not a list). */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
