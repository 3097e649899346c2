/**
 * Checks between resources, which no single schema can see: every Pipeline actor has an
 * AsyncActor, every `transportRef` names a Transport, and no kind declares a name twice. The
 * same rules `asya dev` needs to start a folder, reported here as located problems so
 * `asya validate` catches them offline. Documents that are not Asya resources are ignored;
 * documents without a kind or a name are left to the schema check.
 */
import { isAsyaDocument, isObject } from './asya-document.ts';
import type { LoadedDocument } from './load.ts';
import type { ResourceProblem } from './validate.ts';

interface Declared {
  kind: string;
  name: string;
  spec: Record<string, unknown>;
  at: LoadedDocument;
}

/** Returns one problem per dangling reference or duplicate name, in document order. */
export function checkReferences(documents: LoadedDocument[]): ResourceProblem[] {
  const declared = documents.flatMap((d) => {
    const found = declaredOf(d);
    return found ? [found] : [];
  });
  const problems: ResourceProblem[] = [];
  const names = new Map<string, Declared>();

  for (const item of declared) {
    const key = `${item.kind}/${item.name}`;
    const first = names.get(key);
    if (first) {
      problems.push(
        problemAt(
          item,
          'metadata.name',
          'Duplicate',
          `${item.kind} "${item.name}" is declared twice ` +
            `(first at ${first.at.file}:${first.at.line})`,
        ),
      );
      continue;
    }
    names.set(key, item);
  }

  for (const item of declared) {
    if (item.kind === 'Pipeline') {
      const actors = Array.isArray(item.spec.actors) ? item.spec.actors : [];
      actors.forEach((actor, index) => {
        if (typeof actor === 'string' && !names.has(`AsyncActor/${actor}`)) {
          problems.push(
            problemAt(
              item,
              `spec.actors[${index}]`,
              'UnknownActor',
              `no AsyncActor named "${actor}"`,
            ),
          );
        }
      });
    }

    const ref = item.spec.transportRef;
    const transport = isObject(ref) && typeof ref.name === 'string' ? ref.name : undefined;
    if (transport !== undefined && !names.has(`Transport/${transport}`)) {
      problems.push(
        problemAt(
          item,
          'spec.transportRef.name',
          'UnknownTransport',
          `no Transport named "${transport}"`,
        ),
      );
    }
  }
  return problems;
}

function declaredOf(at: LoadedDocument): Declared | undefined {
  const doc = at.doc;
  if (!isAsyaDocument(doc)) return undefined;
  const name = isObject(doc.metadata) ? doc.metadata.name : undefined;
  if (typeof doc.kind !== 'string' || typeof name !== 'string') return undefined;
  return { kind: doc.kind, name, spec: isObject(doc.spec) ? doc.spec : {}, at };
}

function problemAt(item: Declared, path: string, reason: string, message: string): ResourceProblem {
  return { file: item.at.file, line: item.at.line, path, reason, message };
}
