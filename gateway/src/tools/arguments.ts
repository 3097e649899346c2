/**
 * Validation of tool arguments against each tool's `inputSchema`. Schemas are compiled once,
 * when the gateway starts; a failed validation is a tool-level error (the caller gets a
 * result with `isError: true`), not a protocol error.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { default as addFormatsImport } from 'ajv-formats';
import type { Tool } from '../config/tools.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

export type ArgumentCheck = { ok: true } | { ok: false; message: string };

export class ArgumentValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(tools: readonly Tool[]) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats(ajv);
    for (const tool of tools) this.validators.set(tool.name, ajv.compile(tool.inputSchema));
  }

  /** Checks `args` for tool `name`; an unknown name is reported as a failed check. */
  check(name: string, args: unknown): ArgumentCheck {
    const validate = this.validators.get(name);
    if (validate === undefined) return { ok: false, message: `unknown tool "${name}"` };
    if (validate(args)) return { ok: true };

    const first = validate.errors?.[0];
    const where = first?.instancePath ? `arguments${first.instancePath}` : 'arguments';
    return { ok: false, message: `invalid arguments: ${where} ${first?.message ?? 'is invalid'}` };
  }
}
