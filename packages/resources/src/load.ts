/**
 * Reads the resource files of a folder: every `*.yaml` / `*.yml` file below it, in sorted
 * order, each possibly holding several `---`-separated documents. This file owns reading and
 * YAML syntax only; what a document must contain is checked by `group.ts` (shape needed to
 * run) and `validate.ts` (the full JSON Schema).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { ResourceError } from './errors.ts';

/** One YAML document and where it came from. */
export interface LoadedDocument {
  /** Path of the file, as given by the folder argument plus the relative path. */
  file: string;
  /** 1-based line where the document starts. */
  line: number;
  /** The parsed document (any JSON value). */
  doc: unknown;
}

/** Folders never searched: state of `asya dev`, dependencies, hidden folders. */
function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules' || name === '__pycache__';
}

/**
 * Loads every YAML document under `folder`. Empty documents (a lone `---`, comments only) are
 * skipped.
 *
 * Throws `ResourceError` with reason `UnreadableFolder` when the folder cannot be listed, and
 * `InvalidYaml` (message `file:line: cause`) on the first syntax error.
 */
export async function loadResources(folder: string): Promise<LoadedDocument[]> {
  const files = await listYamlFiles(folder);
  const documents: LoadedDocument[] = [];
  for (const file of files) {
    documents.push(...parseYamlFile(file, await readFile(file, 'utf8')));
  }
  return documents;
}

/** Parses the text of one file (exported for tests and for `asya validate` on stdin). */
export function parseYamlFile(file: string, text: string): LoadedDocument[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const result: LoadedDocument[] = [];

  for (const document of docs) {
    const firstError = document.errors[0];
    if (firstError) {
      const line = lineCounter.linePos(firstError.pos[0]).line;
      const cause = firstError.message.split('\n')[0] ?? firstError.code;
      throw new ResourceError('InvalidYaml', `invalid YAML: ${cause}`, { file, line });
    }

    const start = document.contents?.range[0] ?? document.range[0];
    let doc: unknown;
    try {
      // Throws on an alias without its anchor and on an alias count meant to exhaust memory.
      doc = document.toJS();
    } catch (err) {
      const line = lineCounter.linePos(start).line;
      throw new ResourceError('InvalidYaml', `invalid YAML: ${(err as Error).message}`, {
        file,
        line,
      });
    }
    if (doc === null || doc === undefined) continue;
    result.push({ file, line: lineCounter.linePos(start).line, doc });
  }
  return result;
}

async function listYamlFiles(folder: string): Promise<string[]> {
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) {
      return isYaml(folder) ? [folder] : [];
    }
  } catch (err) {
    throw new ResourceError(
      'UnreadableFolder',
      `cannot read resources "${folder}": ${(err as Error).message}`,
      undefined,
      { cause: err },
    );
  }

  const found: string[] = [];
  await walk(folder, found);
  // Plain code-point order: the same on every machine, whatever the locale.
  return found.sort((a, b) => {
    const [ra, rb] = [relative(folder, a), relative(folder, b)];
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  });
}

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedFolder(entry.name)) await walk(path, found);
    } else if (entry.isFile() && isYaml(entry.name)) {
      found.push(path);
    }
  }
}

function isYaml(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}
