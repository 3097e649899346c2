/**
 * JSON logging for every TypeScript component: one event per line, a constant message,
 * variables as keys from the fixed list in the style guide. Level from `ASYA_LOG_LEVEL`
 * (default `info`).
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Keys a log line may carry besides the message. */
export interface LogFields {
  component?: string;
  actor?: string;
  envelope_id?: string;
  parent_id?: string;
  trace_id?: string;
  route_step?: number;
  transport?: string;
  queue?: string;
  controller?: string;
  namespace?: string;
  name?: string;
  reconcile_id?: string;
  reason?: string;
  err?: unknown;
}

/** Creates the root logger of a component, writing to stderr so stdout stays for results. */
export function createLogger(component: string, fields: LogFields = {}): Logger {
  const level = process.env.ASYA_LOG_LEVEL ?? 'info';
  return pino(
    { level, base: { component, ...fields }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination(2),
  );
}
