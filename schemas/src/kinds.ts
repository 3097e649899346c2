/**
 * The four custom resource kinds and how each is described: spec and status schema files,
 * names, printer columns and whole-object CEL rules (`<kind>/<kind>.crd.json`). Also builds
 * the schema of a whole resource document (apiVersion, kind, metadata, spec, status), which
 * offline validation and the TypeScript types use; the CRD uses the same spec and status.
 */
import { bundleSchema, readSchemaFile, type BundleOptions, type JsonSchema } from './bundle.ts';

export const API_GROUP = 'asya.dev';
export const API_VERSION_NAME = 'v1alpha1';
export const API_VERSION = `${API_GROUP}/${API_VERSION_NAME}`;

export type KindName = 'AsyncActor' | 'Transport' | 'Pipeline' | 'Crew';

/** One CEL rule as written in `x-kubernetes-validations`. */
export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?:
    'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
}

/** A column of `kubectl get`. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface KindDefinition {
  kind: KindName;
  plural: string;
  singular: string;
  shortNames: string[];
  description: string;
  printerColumns: PrinterColumn[];
  /** Rules over the whole object (they may read `self.metadata.name`). */
  rootValidations: CelRule[];
  /** Schema files relative to the schemas folder. */
  specFile: string;
  statusFile: string;
}

const kindFolders: Record<KindName, string> = {
  AsyncActor: 'asyncactor',
  Transport: 'transport',
  Pipeline: 'pipeline',
  Crew: 'crew',
};

function loadKind(kind: KindName): KindDefinition {
  const folder = kindFolders[kind];
  const meta = readSchemaFile(`${folder}/${folder}.crd.json`) as unknown as Omit<
    KindDefinition,
    'specFile' | 'statusFile'
  >;
  if (meta.kind !== kind)
    throw new Error(`cannot load kind "${kind}": crd.json names ${meta.kind}`);
  return {
    ...meta,
    specFile: `${folder}/${folder}.spec.schema.json`,
    statusFile: `${folder}/${folder}.status.schema.json`,
  };
}

/** Every kind, in a fixed order (the order of generated files and docs). */
export const kinds: readonly KindDefinition[] = (
  ['AsyncActor', 'Transport', 'Pipeline', 'Crew'] as const
).map(loadKind);

/** The definition of `kind`; throws for a name that is not one of the four kinds. */
export function kindDefinition(kind: string): KindDefinition {
  const found = kinds.find((k) => k.kind === kind);
  if (!found) throw new Error(`cannot find kind "${kind}": not an ${API_GROUP} kind`);
  return found;
}

/**
 * The schema of a whole resource document of `kind`: `apiVersion` and `kind` fixed,
 * `metadata` as ObjectMeta, `spec` required, `status` optional, root CEL rules attached.
 */
export function resourceSchema(kind: KindName, options: BundleOptions = {}): JsonSchema {
  const def = kindDefinition(kind);
  const metaFile = 'common/object-meta.schema.json';
  const metadata =
    options.replaceRef?.({ file: metaFile, title: 'ObjectMeta' }) ??
    bundleSchema(metaFile, options);
  const spec = bundleSchema(def.specFile, options);
  const status = bundleSchema(def.statusFile, options);
  const schema: JsonSchema = {
    title: kind,
    description: def.description,
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: { description: 'API group and version.', type: 'string', enum: [API_VERSION] },
      kind: { description: 'Resource kind.', type: 'string', enum: [kind] },
      metadata: { ...metadata, description: 'Standard object metadata.' },
      spec,
      status,
    },
    additionalProperties: false,
  };
  if (def.rootValidations.length > 0) schema['x-kubernetes-validations'] = def.rootValidations;
  return schema;
}
