/**
 * Checks resource documents against the Asya schemas offline (`asya validate`), reporting
 * each problem with the file and line of the offending field. Documents of other API groups
 * (a Namespace, a Kustomization, an Argo CD Application) and non-mapping documents (a patch
 * list) are skipped, not judged. The checks
 * themselves (schema, defaults, CEL rules) are `validateResource` from `@asya/apis`, the same
 * schemas the CRDs are generated from.
 */
import { readFileSync } from 'node:fs';
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
} from 'yaml';
import { validateResource } from '@asya/apis';
import { isAsyaDocument } from './asya-document.ts';
import { ResourceError } from './errors.ts';
import { loadResources, type LoadedDocument } from './load.ts';

/** One problem, located. */
export interface ResourceProblem {
  file: string;
  /** 1-based line of the offending field, or of the document when the field is absent. */
  line: number;
  /** Field path such as `spec.scaling.minReplicas`; `''` for the whole document. */
  path: string;
  /** Stable CamelCase reason (`UnsupportedValue`, `RequiredValue`, `UnknownField`, ...). */
  reason: string;
  message: string;
}

export interface ValidationReport {
  problems: ResourceProblem[];
  /** Asya documents checked. */
  checked: number;
  /** Documents of other API groups, not checked. */
  skipped: number;
  /** Every document loaded, for checks across files (see `checkReferences`). */
  documents?: LoadedDocument[];
}

/** Formats a problem as `file:line: Reason path: message`. */
export function formatProblem(problem: ResourceProblem): string {
  const where = problem.path === '' ? '' : ` ${problem.path}`;
  return `${problem.file}:${problem.line}: ${problem.reason}${where}: ${problem.message}`;
}

/**
 * Validates loaded documents. `readSource` returns a file's text, to find the line of each
 * field (default: read it from disk; a file that cannot be read falls back to document lines).
 */
export function validateDocuments(
  documents: LoadedDocument[],
  readSource: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): ValidationReport {
  const report: ValidationReport = { problems: [], checked: 0, skipped: 0 };
  const lines = new SourceLines(readSource);

  for (const loaded of documents) {
    if (!isAsyaDocument(loaded.doc)) {
      report.skipped += 1;
      continue;
    }
    report.checked += 1;
    const result = validateResource(loaded.doc);
    if (result.ok) continue;
    for (const issue of result.errors) {
      report.problems.push({
        file: loaded.file,
        line: lines.lineOf(loaded, issue.segments),
        path: issue.path,
        reason: issue.reason,
        message: issue.message,
      });
    }
  }
  return report;
}

/**
 * Loads and validates every resource file under `folder`. A file that cannot be parsed
 * becomes one `InvalidYaml` problem; an unreadable folder throws `ResourceError`.
 */
export async function validateFolder(folder: string): Promise<ValidationReport> {
  try {
    const documents = await loadResources(folder);
    return { ...validateDocuments(documents), documents };
  } catch (err) {
    if (!(err instanceof ResourceError) || err.reason !== 'InvalidYaml' || err.file === undefined) {
      throw err;
    }
    const message = err.message.slice(`${err.file}:${err.line ?? 0}: `.length);
    const problem = { file: err.file, line: err.line ?? 1, path: '', reason: err.reason, message };
    return { problems: [problem], checked: 0, skipped: 0 };
  }
}

/** Maps field paths to lines, parsing each file once. */
class SourceLines {
  private readonly parsed = new Map<
    string,
    { documents: Document[]; counter: LineCounter } | null
  >();

  constructor(private readonly readSource: (file: string) => string) {}

  lineOf(loaded: LoadedDocument, segments: ReadonlyArray<string | number>): number {
    const source = this.parse(loaded.file);
    if (!source) return loaded.line;
    const { documents, counter } = source;
    const document = documents.find((d) => {
      const start = d.contents?.range?.[0] ?? d.range?.[0] ?? 0;
      return counter.linePos(start).line === loaded.line;
    });
    const offset = document?.contents ? deepestOffset(document.contents, segments) : undefined;
    return offset === undefined ? loaded.line : counter.linePos(offset).line;
  }

  private parse(file: string): { documents: Document[]; counter: LineCounter } | null {
    let entry = this.parsed.get(file);
    if (entry === undefined) {
      try {
        const counter = new LineCounter();
        entry = {
          documents: parseAllDocuments(this.readSource(file), { lineCounter: counter }),
          counter,
        };
      } catch {
        entry = null;
      }
      this.parsed.set(file, entry);
    }
    return entry;
  }
}

/** Offset of the deepest node (or map key) along `segments` that exists in the YAML tree. */
function deepestOffset(root: Node, segments: ReadonlyArray<string | number>): number | undefined {
  let node: unknown = root;
  let offset = root.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? offset) : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!item || typeof item !== 'object' || !('range' in item)) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
