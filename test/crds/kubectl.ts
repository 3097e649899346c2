/**
 * Runs kubectl for the API server tests and reads field errors out of its messages. The
 * server reports a rejected object in one of three shapes, all covered here:
 * `<path>: <Type>: <detail>` (one error), `* <path>: <Type>: <detail>` (several), and
 * `.<path>: field not declared in schema` / `expected ..., got ...` (server-side apply's
 * typed patch errors).
 */
import { spawn } from 'node:child_process';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kubectl args`, feeding `input` on stdin. Never throws on a non-zero exit. */
export function kubectl(args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Runs kubectl and throws with its stderr when it fails. */
export async function kubectlOk(args: string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  if (result.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  }
  return result.stdout;
}

const fieldErrorTypes: Record<string, string> = {
  'Invalid value': 'InvalidValue',
  'Unsupported value': 'UnsupportedValue',
  'Required value': 'RequiredValue',
  'Duplicate value': 'Duplicate',
  Forbidden: 'Forbidden',
  'Too long': 'TooLong',
  'Too many': 'TooMany',
};

/** The `{path, reason}` pairs in a kubectl error message, with our reason names. */
export function fieldErrors(stderr: string): Array<{ path: string; reason: string }> {
  const found: Array<{ path: string; reason: string }> = [];
  const types = Object.keys(fieldErrorTypes).join('|');
  const standard = new RegExp(`(?:^|\\* |is invalid: )(\\S+): (${types})(?:: (.*))?$`, 'gm');
  for (const match of stderr.matchAll(standard)) {
    const [, rawPath = '', type = '', detail = ''] = match;
    const path = rawPath === '<nil>' ? '' : rawPath;
    const reason = / must be of type /.test(detail)
      ? 'InvalidType'
      : (fieldErrorTypes[type] ?? type);
    found.push({ path, reason });
  }

  const causes = [
    'field not declared in schema',
    'expected .*, got .*',
    'duplicate entries .*',
  ].join('|');
  const typed = new RegExp(String.raw`(?:^\s*|\): )\.(\S+): (${causes})$`, 'gm');
  for (const match of stderr.matchAll(typed)) {
    const [, path = '', detail = ''] = match;
    const reason = detail.startsWith('field not declared')
      ? 'UnknownField'
      : detail.startsWith('duplicate')
        ? 'Duplicate'
        : 'InvalidType';
    found.push({ path, reason });
  }
  return found;
}
