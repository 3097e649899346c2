/**
 * REST handlers for envelopes: status reads and the callbacks of sidecars and crew actors.
 * Callbacks are idempotent where delivery is at least once: a child registered twice, or a
 * final reported twice, answers 200 without changing anything (`applied: false`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@asya/telemetry';
import { GatewayError } from '../errors.ts';
import type { EnvelopeStore } from '../store/envelope-store.ts';
import { parseChild, parseFinal, parseProgress } from './callback-bodies.ts';
import { readJson, sendJson } from './exchange.ts';

export interface EnvelopeRoutesOptions {
  store: EnvelopeStore;
  maxBodyBytes: number;
  log: Logger;
}

export class EnvelopeRoutes {
  constructor(private readonly options: EnvelopeRoutesOptions) {}

  /** `GET /envelopes/{id}` */
  async status(res: ServerResponse, id: string): Promise<void> {
    const record = await this.options.store.get(id);
    if (record === undefined) throw notFound(id);
    sendJson(res, 200, record);
  }

  /** `POST /envelopes/{id}/progress` */
  async progress(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const report = parseProgress(await readJson(req, this.options.maxBodyBytes));
    const outcome = await this.options.store.progress(id, report);
    if (outcome === undefined) throw notFound(id);
    if (!outcome.applied) {
      this.options.log.debug(
        { envelope_id: id, actor: report.actor },
        'progress after final ignored',
      );
    }
    sendJson(res, 200, {
      applied: outcome.applied,
      status: outcome.record.status,
      progress: outcome.record.progress,
    });
  }

  /** `POST /envelopes` (fan-out child) */
  async child(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = parseChild(await readJson(req, this.options.maxBodyBytes));
    const outcome = await this.options.store.registerChild(body.id, body.parent_id, body.route);
    if (outcome === undefined) {
      throw new GatewayError(
        'ParentNotFound',
        `cannot register envelope "${body.id}": parent "${body.parent_id}" not found`,
      );
    }
    const fields = {
      envelope_id: body.id,
      ...(body.parent_id === null ? {} : { parent_id: body.parent_id }),
    };
    this.options.log.debug(fields, 'child registered');
    sendJson(res, outcome.created ? 201 : 200, outcome.record);
  }

  /** `POST /envelopes/{id}/final` */
  async final(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const report = parseFinal(await readJson(req, this.options.maxBodyBytes), id);
    const outcome = await this.options.store.finish(id, report);
    if (outcome === undefined) throw notFound(id);
    if (outcome.applied) {
      const message = report.status === 'succeeded' ? 'envelope succeeded' : 'envelope failed';
      this.options.log.info({ envelope_id: id, reason: report.error?.reason }, message);
    } else {
      this.options.log.warn(
        { envelope_id: id, reason: 'FinalAlreadySet' },
        'late final status recorded and ignored',
      );
    }
    sendJson(res, 200, { applied: outcome.applied, status: outcome.record.status });
  }
}

function notFound(id: string): GatewayError {
  return new GatewayError('EnvelopeNotFound', `cannot find envelope "${id}": not found`);
}
