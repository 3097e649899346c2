import { describe, expect, it } from 'vitest';
import { formatProblem, parseYamlFile, validateDocuments } from '../src/index.ts';

const file = 'actors.yaml';
const text = `# two actors and a Namespace
apiVersion: asya.dev/v1alpha1
kind: AsyncActor
metadata:
  name: good
spec:
  transportRef: { name: sqs }
  handler: echo.process
  image: python:3.12-slim
---
apiVersion: asya.dev/v1alpha1
kind: AsyncActor
metadata:
  name: bad
spec:
  transportRef:
    name: sqs
  handler: echo.process
  image: python:3.12-slim
  mode: stream
  replica: 2
---
apiVersion: v1
kind: Namespace
metadata:
  name: asya
---
apiVersion: asya.dev/v1alpha1
kind: Pipeline
metadata:
  name: route
spec:
  tool:
    description: Echo.
`;

function validate(source: string) {
  return validateDocuments(parseYamlFile(file, source), () => source);
}

describe('validateDocuments', () => {
  it('reports each problem at the line of the offending field', () => {
    const report = validate(text);

    expect(report.problems.map((p) => [p.line, p.reason, p.path])).toEqual([
      [21, 'UnknownField', 'spec.replica'],
      [20, 'UnsupportedValue', 'spec.mode'],
      [32, 'RequiredValue', 'spec.actors'],
    ]);
  });

  it('points a missing field at its parent', () => {
    const report = validate(text);

    const missing = report.problems.find((p) => p.path === 'spec.actors');
    expect(missing?.line).toBe(text.split('\n').indexOf('spec:', 28) + 1);
  });

  it('skips documents of other API groups and counts them', () => {
    expect(validate(text)).toMatchObject({ checked: 3, skipped: 1 });
  });

  it('falls back to the document line when the source cannot be read', () => {
    const report = validateDocuments(parseYamlFile(file, text), () => {
      throw new Error('gone');
    });

    expect(report.problems.map((p) => p.line)).toEqual([11, 11, 28]);
  });

  it('locates items of lists by index', () => {
    const source = [
      'apiVersion: asya.dev/v1alpha1',
      'kind: AsyncActor',
      'metadata: { name: env }',
      'spec:',
      '  transportRef: { name: sqs }',
      '  handler: echo.process',
      '  image: x',
      '  env:',
      '    - name: A',
      '    - name: 1B',
      '',
    ].join('\n');

    const [problem] = validate(source).problems;

    expect(problem).toMatchObject({ line: 10, reason: 'InvalidValue', path: 'spec.env[1].name' });
  });

  it('formats a problem as file:line: Reason path: message', () => {
    const [problem] = validate(text).problems;

    expect(problem && formatProblem(problem)).toMatch(
      /^actors\.yaml:21: UnknownField spec\.replica: /,
    );
  });
});
