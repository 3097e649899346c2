/**
 * Queue names. One rule for every transport: the strictest provider limit, which is SQS
 * (1 to 80 characters of `[A-Za-z0-9_-]`). A name valid here is valid for RabbitMQ and the
 * embedded transport too, so a pipeline can move between transports without renaming.
 *
 * Kubernetes names may contain `.` and reach 253 characters; such actor names are refused
 * here with `InvalidQueueName` rather than silently rewritten, so two actors can never end
 * up sharing one queue.
 */
import { TransportError } from './errors.ts';

/** Longest queue name accepted by every transport. */
export const MAX_QUEUE_NAME_LENGTH = 80;

/** Default prefix of actor queues, as in `Transport.spec.queues.namePrefix`. */
export const DEFAULT_QUEUE_PREFIX = 'asya-';

/** Suffix appended to a queue name to form its dead-letter queue. */
export const DEAD_LETTER_SUFFIX = '-dlq';

const allowed = /^[A-Za-z0-9_-]+$/;

/** Returns why `name` is not a valid queue name, or undefined when it is valid. */
export function queueNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_QUEUE_NAME_LENGTH) {
    return `is ${name.length} characters long, the limit is ${MAX_QUEUE_NAME_LENGTH}`;
  }
  if (!allowed.test(name)) return 'may contain only letters, digits, "-" and "_"';
  return undefined;
}

/**
 * Checks a queue name and returns it.
 *
 * @throws TransportError `InvalidQueueName` when the name breaks the rule above.
 */
export function validateQueueName(name: string): string {
  const problem = queueNameProblem(name);
  if (problem !== undefined) {
    throw new TransportError(
      'InvalidQueueName',
      `cannot use queue "${printable(name)}": name ${problem}`,
    );
  }
  return name;
}

/**
 * The queue of an actor: `<prefix><actor>`, `asya-<actor>` by default.
 *
 * @throws TransportError `InvalidQueueName` when the result is empty, longer than 80
 *   characters or contains anything but letters, digits, `-` and `_`.
 */
export function queueName(actor: string, prefix: string = DEFAULT_QUEUE_PREFIX): string {
  return validateQueueName(`${prefix}${actor}`);
}

/**
 * The dead-letter queue of a queue: `<queue>-dlq`.
 *
 * @throws TransportError `InvalidQueueName` when `queue` is invalid or the result is longer
 *   than 80 characters (so the queue itself may have at most 76).
 */
export function deadLetterQueueName(queue: string): string {
  validateQueueName(queue);
  return validateQueueName(`${queue}${DEAD_LETTER_SUFFIX}`);
}

/** Keeps error messages on one line and short whatever the input was. */
function printable(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 100 ? `${clean.slice(0, 97)}...` : clean;
}
