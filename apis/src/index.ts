/**
 * Generated and derived artefacts of `schemas/`: the TypeScript types of every resource, the
 * CRD objects, and `validateResource`, which checks a document offline as the API server
 * would (schema, defaults, CEL rules).
 */
export type * from './generated/index.ts';
export { crdFile, crds, crdsDir } from './crds.ts';
export { validateResource, type ValidationResult } from './validate/validator.ts';
export { formatPath, type ValidationIssue, type ValidationReason } from './validate/issues.ts';
export { compileCel, CelEvalError, CelSyntaxError, type CompiledRule } from './cel/index.ts';
