/**
 * `npm run generate`: writes `apis/` (CRD YAML and TypeScript types) from `schemas/`.
 * `npm run check:generated` (`--check`): writes nothing, lists every generated file that is
 * missing, different or stale, and exits 1 if there is any, so CI fails on drift.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { existingGeneratedFiles, generateAll, repoRoot } from './generate.ts';

async function readOrUndefined(path: string): Promise<string | undefined> {
  return readFile(join(repoRoot, path), 'utf8').catch(() => undefined);
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const wanted = await generateAll();
  const stale = (await existingGeneratedFiles()).filter((path) => !wanted.has(path));
  const drifted: string[] = [];
  for (const [path, content] of wanted) {
    if ((await readOrUndefined(path)) !== content) drifted.push(path);
  }

  if (check) {
    for (const path of drifted) process.stderr.write(`${path}: differs from schemas/\n`);
    for (const path of stale) process.stderr.write(`${path}: not generated from schemas/\n`);
    if (drifted.length + stale.length === 0) return 0;
    process.stderr.write('apis/ is out of date with schemas/: run `npm run generate`\n');
    return 1;
  }

  for (const path of drifted) {
    await mkdir(dirname(join(repoRoot, path)), { recursive: true });
    await writeFile(join(repoRoot, path), wanted.get(path) ?? '');
  }
  for (const path of stale) await unlink(join(repoRoot, path));
  process.stdout.write(
    `generated ${wanted.size} files, ${drifted.length + stale.length} changed\n`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
