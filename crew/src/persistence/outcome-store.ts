/**
 * Keeps the envelopes that reached the end of their route. One record per envelope id;
 * storing the same id again (a redelivery) overwrites it, so storing is idempotent.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CrewError } from '../config/crew-error.ts';
import { unsupportedS3, type PersistenceConfig } from '../config/persistence-config.ts';

export interface OutcomeStore {
  /** Where records go, for logs: `none` or the directory. */
  readonly location: string;
  /**
   * Stores one record under `key` (an envelope id, or `message-<id>` for an unparsable body).
   *
   * @throws CrewError `StoreFailed` when the record cannot be written.
   */
  store(key: string, record: unknown): Promise<void>;
}

/** Creates the store for a persistence config (already checked by `parsePersistence`). */
export function createOutcomeStore(config: PersistenceConfig): OutcomeStore {
  switch (config.type) {
    case 'none':
      return { location: 'none', store: () => Promise.resolve() };
    case 'file':
      return new FileOutcomeStore(config.path);
    case 's3':
      throw unsupportedS3();
  }
}

/** One pretty-printed JSON file per key under a directory, written atomically. */
class FileOutcomeStore implements OutcomeStore {
  readonly location: string;

  constructor(directory: string) {
    this.location = directory;
  }

  async store(key: string, record: unknown): Promise<void> {
    const file = join(this.location, `${fileNameOf(key)}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(this.location, { recursive: true });
      await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
      await rename(temporary, file);
    } catch (err) {
      throw new CrewError(
        'StoreFailed',
        `cannot store envelope "${key.slice(0, 80)}": ${(err as Error).message}`,
        err,
      );
    }
  }
}

/**
 * Envelope ids are producer-chosen strings: anything outside a safe set is percent-encoded so
 * an id can never escape the directory or collide with another id.
 */
export function fileNameOf(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9_-]/g, (ch) =>
    [...Buffer.from(ch, 'utf8')]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
  return safe.length > 0 ? safe : '%EMPTY';
}
