/**
 * A one-line progress bar redrawn in place on a TTY:
 * `[##########----------]  50% keywords 2/3 running`. On anything but a TTY nothing is
 * drawn, so logs and pipes stay clean.
 */
import type { EnvelopeStatusRecord } from './gateway-client.ts';

const WIDTH = 24;

/** Renders one line for a status record (exported for tests). */
export function progressLine(record: EnvelopeStatusRecord): string {
  const percent = Math.max(0, Math.min(100, Math.round(record.progress)));
  const filled = Math.round((percent / 100) * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  const { actors, current } = record.route;
  const step = Math.min(current + 1, actors.length);
  const actor = actors[Math.min(current, actors.length - 1)] ?? '';
  const where = record.status === 'succeeded' ? 'done' : `${actor} ${step}/${actors.length}`;
  return `[${bar}] ${String(percent).padStart(3)}% ${where} ${record.status}`;
}

export class ProgressBar {
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(record: EnvelopeStatusRecord): void {
    if (!this.enabled) return;
    this.stream.write(`\r\x1b[2K${progressLine(record)}`);
    this.drawn = true;
  }

  /** Ends the line so later output starts on a fresh one. */
  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
