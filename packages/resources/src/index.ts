export { loadResources, parseYamlFile, type LoadedDocument } from './load.ts';
export {
  groupResources,
  API_VERSION,
  type AsyaKind,
  type AsyaResource,
  type LocatedResource,
  type ResourceGroups,
} from './group.ts';
export { ResourceError, type ResourceErrorReason } from './errors.ts';
export {
  formatProblem,
  validateDocuments,
  validateFolder,
  type ResourceProblem,
  type ValidationReport,
} from './validate.ts';
export { checkReferences } from './references.ts';
export { isAsyaDocument } from './asya-document.ts';
