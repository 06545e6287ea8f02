import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ApiError, rowsOf } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { requestIdOf } from './access.guard';
import type { AuditOrigin } from './audit-row';

/**
 * The routes a link opens without a sign-in (issue 22): the patient's `/p/<token>` and an interpreter's
 * `/i/<token>`. The token is the only credential; who called is named by the request and its address.
 */

/** Who acts through a link: the request's id and the client's address, for the audit row. */
export interface LinkCaller {
  requestId: string;
  clientIp: string | null;
}

/** The audit row's actor when a patient or an interpreter acts through her link: no user; the care unit is the visit's health centre. */
export function linkAuditOrigin(
  role: 'patient' | 'interpreter',
  visit: { health_centre_id: string; region_id: string },
  caller: LinkCaller,
): AuditOrigin {
  return {
    username: `${role}:link`,
    role,
    careUnit: { type: 'health_centre', id: visit.health_centre_id },
    regionId: visit.region_id,
    requestId: caller.requestId,
    clientIp: caller.clientIp,
  };
}

/**
 * The link routes' rate limit: PATIENT_LINK_RATE_PER_MINUTE requests per client address and minute, unknown
 * tokens counted too, one budget for the patient's and the interpreters' links (a token is guessed the same
 * way on either). Counted in PostgreSQL so the limit holds across instances; beyond it 429 with Retry-After.
 */
@Injectable()
export class LinkRateLimit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The caller of a link's route, once within the limit; `links` names them in the refusal. */
  async admit(req: FastifyRequest, links: 'patient links' | 'interpreter links'): Promise<LinkCaller> {
    const caller = { requestId: requestIdOf(req), clientIp: req.ip ?? null };
    const max = this.config.patientLinkRatePerMinute;
    if (max === 0) return caller;
    const [row] = await rowsOf<{ count: number; retry: number }>(
      this.dataSource,
      `INSERT INTO patient_link_rate (client, window_start, count) VALUES ($1, date_trunc('minute', now()), 1)
       ON CONFLICT (client, window_start) DO UPDATE SET count = patient_link_rate.count + 1
       RETURNING count, ceil(extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now()))::int AS retry`,
      [caller.clientIp ?? 'unknown'],
    );
    if (row!.count > max) {
      throw ApiError.tooManyRequests(`Too many requests to ${links} from this address; wait a minute`, Math.max(1, row!.retry));
    }
    return caller;
  }
}
