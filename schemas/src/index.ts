/**
 * The JSON Schemas that are the single source of truth for the envelope and for every
 * custom resource. Code generation (`npm run generate`) turns them into `apis/`; runtime code
 * that needs a schema imports it from here rather than reading files by path.
 */
import { readSchemaFile } from './bundle.ts';

export const envelopeSchema = readSchemaFile('envelope/envelope.schema.json');

export {
  bundleSchema,
  isSchema,
  readSchemaFile,
  schemasDir,
  type BundleOptions,
  type JsonSchema,
  type RefTarget,
} from './bundle.ts';
export {
  API_GROUP,
  API_VERSION,
  API_VERSION_NAME,
  kindDefinition,
  kinds,
  resourceSchema,
  type CelRule,
  type KindDefinition,
  type KindName,
  type PrinterColumn,
} from './kinds.ts';
export { commonSchemaFiles, commonSchemas, specSchemas, statusSchemas } from './catalogue.ts';
