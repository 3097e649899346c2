/**
 * The generator of `apis/` from `schemas/`, as a library (the command is `main.ts`).
 */
export { buildCrd, crdFiles, renderCrd, CATEGORY } from './crd.ts';
export { orderKeys, toOpenApi } from './openapi.ts';
export { typeFiles } from './types.ts';
export { existingGeneratedFiles, generateAll, generatedFolders, repoRoot } from './generate.ts';
export { docFiles, fieldReference } from './docs.ts';
