import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArguments, textArgumentOf } from '../src/index.ts';
import { progressLine } from '../src/gateway-client/progress-bar.ts';

describe('tool arguments', () => {
  it.each([
    [
      'the first required string',
      {
        properties: { a: { type: 'number' }, b: { type: 'string' }, c: { type: 'string' } },
        required: ['c'],
      },
      'c',
    ],
    [
      'the first string when none is required',
      { properties: { n: { type: 'integer' }, body: { type: 'string' } } },
      'body',
    ],
    ['text without a schema', undefined, 'text'],
  ])('puts file text into %s', (_reason, schema, expected) => {
    expect(textArgumentOf(schema)).toBe(expected);
  });

  it('merges --json with the file text, keeping binary bytes for the pipeline to judge', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asya-cli-'));
    await writeFile(join(dir, 'b.bin'), Buffer.from([0x00, 0xff, 0x41]));
    const args = await buildArguments({ json: '{"title":"x"}', file: join(dir, 'b.bin') });
    expect(args).toEqual({ title: 'x', text: '\u0000\ufffdA' });
  });

  it.each([
    ['neither option', {}, 'InvalidArguments'],
    ['--json that is not an object', { json: '[1]' }, 'InvalidArguments'],
    ['--json that is not JSON', { json: '{' }, 'InvalidArguments'],
    ['a missing file', { file: '/nonexistent/asya.txt' }, 'UnreadableFile'],
  ])('refuses %s', async (_reason, options, reason) => {
    await expect(buildArguments(options)).rejects.toMatchObject({ reason });
  });

  it('draws the progress line with the current actor and step', () => {
    const line = progressLine({
      id: 'x',
      status: 'running',
      progress: 50,
      message: null,
      route: { actors: ['a', 'b'], current: 1 },
    });
    expect(line).toContain(' 50% b 2/2 running');
    expect(line.startsWith('[############------------]')).toBe(true);
  });
});
