/**
 * The two shape tests every resource check starts from: a YAML mapping, and a mapping of
 * the `asya.dev` API group. Documents of other groups are left to their own tools.
 */

/** True for a plain mapping (not null, not a list). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a mapping whose `apiVersion` is in the `asya.dev` group (any version). */
export function isAsyaDocument(
  doc: unknown,
): doc is Record<string, unknown> & { apiVersion: string } {
  return (
    isObject(doc) && typeof doc.apiVersion === 'string' && doc.apiVersion.startsWith('asya.dev/')
  );
}
