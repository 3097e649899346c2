/**
 * Sorts loaded documents into the four Asya kinds, keyed by `metadata.name`. Checks only what
 * is needed to key them (an object with `apiVersion`, `kind`, `metadata.name`); the full
 * schema check is `validate.ts`. Documents of other API groups (a Kustomization, a Namespace)
 * are returned in `others` untouched.
 */
import { isAsyaDocument, isObject } from './asya-document.ts';
import { ResourceError } from './errors.ts';
import type { LoadedDocument } from './load.ts';

export const API_VERSION = 'asya.dev/v1alpha1';

/** The kinds Asya reads, and the key of each in `ResourceGroups`. */
const kindKeys = {
  AsyncActor: 'actors',
  Pipeline: 'pipelines',
  Transport: 'transports',
  Crew: 'crews',
} as const;

export type AsyaKind = keyof typeof kindKeys;

/** An Asya resource with the fields every kind shares. `spec` is checked by `validate.ts`. */
export interface AsyaResource {
  apiVersion: string;
  kind: AsyaKind;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  spec: Record<string, unknown>;
}

/** A resource and where it was declared. */
export interface LocatedResource {
  file: string;
  line: number;
  resource: AsyaResource;
}

export interface ResourceGroups {
  actors: Map<string, LocatedResource>;
  pipelines: Map<string, LocatedResource>;
  transports: Map<string, LocatedResource>;
  crews: Map<string, LocatedResource>;
  others: LoadedDocument[];
}

/**
 * Groups documents by kind and name.
 *
 * Throws `ResourceError` (message `file:line: cause`) with reason `InvalidResource` for a
 * document that is not an object or lacks `kind` / `metadata.name`, `UnknownKind` for an
 * `asya.dev` document of a kind Asya does not know, and `DuplicateResource` when two
 * documents declare the same kind and name (the message names the first one).
 */
export function groupResources(documents: LoadedDocument[]): ResourceGroups {
  const groups: ResourceGroups = {
    actors: new Map(),
    pipelines: new Map(),
    transports: new Map(),
    crews: new Map(),
    others: [],
  };

  for (const loaded of documents) {
    const { file, line, doc } = loaded;
    const where = { file, line };
    if (!isObject(doc)) {
      throw new ResourceError('InvalidResource', 'document is not a mapping', where);
    }

    if (!isAsyaDocument(doc)) {
      groups.others.push(loaded);
      continue;
    }

    const kind = doc.kind;
    if (typeof kind !== 'string' || !(kind in kindKeys)) {
      const shown = typeof kind === 'string' ? kind : String(kind);
      throw new ResourceError('UnknownKind', `unknown kind "${shown}" in ${doc.apiVersion}`, where);
    }

    const name = isObject(doc.metadata) ? doc.metadata.name : undefined;
    if (typeof name !== 'string' || name === '') {
      throw new ResourceError('InvalidResource', `${kind} has no metadata.name`, where);
    }
    if (doc.spec !== undefined && !isObject(doc.spec)) {
      throw new ResourceError('InvalidResource', `${kind} "${name}": spec is not a mapping`, where);
    }

    const target = groups[kindKeys[kind as AsyaKind]];
    const first = target.get(name);
    if (first) {
      throw new ResourceError(
        'DuplicateResource',
        `${kind} "${name}" is declared twice (first at ${first.file}:${first.line})`,
        where,
      );
    }
    const resource = { ...doc, spec: doc.spec ?? {} } as unknown as AsyaResource;
    target.set(name, { file, line, resource });
  }
  return groups;
}
