import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResources, parseYamlFile, ResourceError } from '../src/index.ts';

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'asya-resources-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

describe('loadResources', () => {
  it('reads every yaml file recursively in sorted order with document lines', async () => {
    const dir = await folderWith({
      'b.yaml': 'kind: B\n',
      'a/z.yml': '# comment\nkind: Z1\n---\nkind: Z2\n',
      'a/notes.txt': 'kind: ignored\n',
      '.asya/state.yaml': 'kind: hidden\n',
      'node_modules/x.yaml': 'kind: dependency\n',
    });

    const docs = await loadResources(dir);

    expect(docs.map((d) => [d.file.slice(dir.length + 1), d.line, d.doc])).toEqual([
      ['a/z.yml', 2, { kind: 'Z1' }],
      ['a/z.yml', 4, { kind: 'Z2' }],
      ['b.yaml', 1, { kind: 'B' }],
    ]);
  });

  it('skips empty documents', () => {
    const docs = parseYamlFile('x.yaml', '---\n# nothing\n---\na: 1\n---\n');
    expect(docs).toEqual([{ file: 'x.yaml', line: 4, doc: { a: 1 } }]);
  });

  it('reports a syntax error as file:line with reason InvalidYaml', () => {
    const text = 'a: 1\n---\nb: [1, 2\nc: 3\n';
    const error = captureError(() => parseYamlFile('bad.yaml', text));
    expect(error).toBeInstanceOf(ResourceError);
    expect(error).toMatchObject({ reason: 'InvalidYaml', file: 'bad.yaml' });
    expect((error as ResourceError).message).toMatch(/^bad\.yaml:\d+: /);
    expect((error as ResourceError).line).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['an alias without its anchor', 'kind: A\n---\na: &x 1\nb: *y\n', 3],
    ['an alias count meant to exhaust memory', 'kind: A\n---\n%s', 3],
  ])('reports %s as file:line with reason InvalidYaml', (_reason, text, line) => {
    const bomb = Array.from({ length: 4 }, (_, i) =>
      i === 0
        ? 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]'
        : `l${i}: &l${i} [${Array(10)
            .fill(`*l${i - 1}`)
            .join(', ')}]`,
    ).join('\n');
    const error = captureError(() => parseYamlFile('bad.yaml', text.replace('%s', bomb)));
    expect(error).toBeInstanceOf(ResourceError);
    expect(error).toMatchObject({ reason: 'InvalidYaml', file: 'bad.yaml', line });
  });

  it('rejects a folder that does not exist with reason UnreadableFolder', async () => {
    await expect(loadResources('/nonexistent/asya-folder')).rejects.toMatchObject({
      reason: 'UnreadableFolder',
    });
  });

  it('accepts a single file instead of a folder', async () => {
    const dir = await folderWith({ 'one.yaml': 'kind: One\n' });
    const docs = await loadResources(join(dir, 'one.yaml'));
    expect(docs.map((d) => d.doc)).toEqual([{ kind: 'One' }]);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}
