/**
 * Produces every file generated from `schemas/` (`apis/` and the field reference in `docs/`),
 * code formatted with the repository's Prettier settings (Markdown is left as written, like
 * every Markdown file of the repository), in a fixed order, so that two runs on the same
 * schemas give byte-identical output (what `--check` compares).
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { crdFiles } from './crd.ts';
import { docFiles } from './docs.ts';
import { typeFiles } from './types.ts';

/** Absolute path of the repository root. */
export const repoRoot = join(dirname(new URL(import.meta.url).pathname), '../../..');

/** Folders owned entirely by the generator: any other file in them is stale. */
export const generatedFolders = ['apis/crds', 'apis/src/generated'];

/** Every generated file: path relative to the repository root -> formatted content. */
export async function generateAll(): Promise<Map<string, string>> {
  const files = new Map([...crdFiles(), ...(await typeFiles()), ...docFiles()]);
  const formatted = new Map<string, string>();
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const absolute = join(repoRoot, path);
    if (path.endsWith('.md')) {
      formatted.set(path, content.endsWith('\n') ? content : `${content}\n`);
      continue;
    }
    const config = (await resolveConfig(absolute)) ?? {};
    formatted.set(path, await format(content, { ...config, filepath: absolute }));
  }
  return formatted;
}

/** Files currently present in the generated folders, relative to the repository root. */
export async function existingGeneratedFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const folder of generatedFolders) {
    const entries = await readdir(join(repoRoot, folder)).catch(() => [] as string[]);
    found.push(...entries.map((name) => `${folder}/${name}`));
  }
  return found.sort();
}
