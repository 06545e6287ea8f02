import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IntervalJob, rowsOf } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { backoffSeconds, MessageKind, signMessage } from './core';
import { FederationKeys } from './federation-keys.service';

export interface OutgoingMessage {
  /** The id the message travels under (its JWS jti), when the body names it already (a FHIR Bundle's id). */
  messageId?: string;
  partnerId: string;
  referralId?: string;
  kind: MessageKind;
  fromRegion: string;
  body: Record<string, unknown>;
}

interface OutboxRow {
  id: string;
  message_id: string;
  partner_id: string;
  referral_id: string | null;
  kind: MessageKind;
  body: { fromRegion: string; body: Record<string, unknown> };
  attempts: number;
  base_url: string;
  installation_id: string;
  created_at: Date;
}

const LEASE_SECONDS = 30;
const TIMEOUT_MS = 5_000;
/** Referrals whose next message is sent to one partner at once. */
const PARALLEL = 16;

/**
 * The outbox per partner. A message is written in the transaction of the change it reports, then
 * delivered in order per referral: only the oldest undelivered message of each referral is tried (up
 * to 16 referrals at once), signed afresh at each attempt, under a lease so that one instance sends
 * it; a failure waits 1, 2, 4 … 60 s before the next try, and holds back that referral's later messages. The receiver
 * keeps every message id it took, and answers a repeat with 409 `duplicate`, which counts as delivered.
 */
@Injectable()
export class FederationOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FederationOutbox.name);
  private readonly job: IntervalJob;
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  readonly counts = { delivered: 0, duplicate: 0, failed: 0 };
  /** Send-to-acknowledged times of this instance's deliveries (ms), for the bench and the metrics. */
  readonly latencies: number[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: FederationKeys,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.job = new IntervalJob(
      config.jobIntervalSeconds,
      () => this.deliverDue(),
      (e) => this.logger.warn({ err: e }, 'federation outbox failed'),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
    await Promise.allSettled([...this.running.values()]);
  }

  async enqueue(m: EntityManager, msg: OutgoingMessage): Promise<string> {
    const messageId = msg.messageId ?? randomUUID();
    await m.query('INSERT INTO federation_outbox (message_id, partner_id, referral_id, kind, body) VALUES ($1, $2, $3, $4, $5)', [
      messageId,
      msg.partnerId,
      msg.referralId ?? null,
      msg.kind,
      { fromRegion: msg.fromRegion, body: msg.body },
    ]);
    return messageId;
  }

  /** Delivers a partner's waiting messages now (after the enqueuing transaction committed); never throws. */
  kick(partnerId: string): Promise<void> {
    const busy = this.running.get(partnerId);
    if (busy) {
      this.again.add(partnerId);
      return busy;
    }
    const run = (async () => {
      do {
        this.again.delete(partnerId);
        await this.deliverPartner(partnerId).catch((e: unknown) => this.logger.warn({ err: e }, 'federation delivery failed'));
      } while (this.again.has(partnerId));
    })().finally(() => this.running.delete(partnerId));
    this.running.set(partnerId, run);
    return run;
  }

  async deliverDue(): Promise<void> {
    const partners: Array<{ partner_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT partner_id FROM federation_outbox WHERE delivered_at IS NULL AND next_attempt_at <= now()`,
    );
    await Promise.all(partners.map((p) => this.kick(p.partner_id)));
  }

  /** Makes every waiting message (of one partner, or all) due now: after a partner says it is back. */
  async retryNow(regionId: string, partnerId?: string): Promise<number> {
    const rows = await rowsOf<{ partner_id: string }>(
      this.dataSource,
      `UPDATE federation_outbox o SET next_attempt_at = now() FROM federation_partner p
        WHERE p.id = o.partner_id AND p.region_id = $1 AND ($2::uuid IS NULL OR p.id = $2) AND o.delivered_at IS NULL
        RETURNING o.partner_id`,
      [regionId, partnerId ?? null],
    );
    await Promise.all([...new Set(rows.map((r) => r.partner_id))].map((id) => this.kick(id)));
    return rows.length;
  }

  private async deliverPartner(partnerId: string): Promise<void> {
    for (;;) {
      // The oldest undelivered message of each referral (news count as one sequence), when it is due and
      // nobody holds it: the messages of one referral go one after the other, different referrals at once.
      const rows = await rowsOf<OutboxRow>(
        this.dataSource,
        `UPDATE federation_outbox o SET lease_until = now() + make_interval(secs => $2)
           FROM federation_partner p
          WHERE p.id = o.partner_id AND o.id IN (
                SELECT h.id FROM (
                  SELECT DISTINCT ON (coalesce(referral_id, '00000000-0000-0000-0000-000000000000'::uuid)) id, next_attempt_at, lease_until
                    FROM federation_outbox WHERE partner_id = $1 AND delivered_at IS NULL
                   ORDER BY coalesce(referral_id, '00000000-0000-0000-0000-000000000000'::uuid), id) h
                 WHERE h.next_attempt_at <= now() AND (h.lease_until IS NULL OR h.lease_until < now())
                 ORDER BY h.id LIMIT $3)
          RETURNING o.id, o.message_id, o.partner_id, o.referral_id, o.kind, o.body, o.attempts, o.created_at,
                    p.base_url, p.installation_id`,
        [partnerId, LEASE_SECONDS, PARALLEL],
      );
      if (rows.length === 0) return;
      const outcomes = await Promise.all(rows.map(async (row) => ({ row, outcome: await this.send(row) })));
      const delivered = outcomes.filter((o) => o.outcome.ok);
      if (delivered.length > 0) {
        await this.dataSource.query(
          'UPDATE federation_outbox SET delivered_at = clock_timestamp(), lease_until = NULL, last_error = NULL WHERE id = ANY($1)',
          [delivered.map((d) => d.row.id)],
        );
      }
      for (const { row, outcome } of outcomes) {
        if (outcome.ok) {
          this.counts[outcome.duplicate ? 'duplicate' : 'delivered'] += 1;
          this.latencies.push(Date.now() - row.created_at.getTime());
          continue;
        }
        this.counts.failed += 1;
        await this.dataSource.query(
          `UPDATE federation_outbox SET attempts = attempts + 1, lease_until = NULL, last_error = $2,
                  next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
          [row.id, outcome.error.slice(0, 500), backoffSeconds(row.attempts + 1)],
        );
        this.logger.warn(
          { messageId: row.message_id, kind: row.kind, attempts: row.attempts + 1, error: outcome.error },
          'federation message not delivered yet',
        );
      }
      if (this.latencies.length > 10_000) this.latencies.splice(0, 5_000);
      // The partner is down: what failed waits for its backoff; the rest of this round is not hammered at it.
      if (delivered.length === 0) return;
    }
  }

  private async send(row: OutboxRow): Promise<{ ok: true; duplicate: boolean } | { ok: false; error: string }> {
    const jws = await signMessage(
      await this.keys.signingKey(),
      { iss: await this.keys.installationId(), aud: row.installation_id, jti: row.message_id },
      { kind: row.kind, ...(row.referral_id ? { referralId: row.referral_id } : {}), fromRegion: row.body.fromRegion, body: row.body.body },
    );
    try {
      const res = await fetch(`${row.base_url}/api/v1/federation/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jws }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await res.text();
      if (res.ok) return { ok: true, duplicate: false };
      // The partner has it already (our earlier attempt arrived but its answer did not).
      if (res.status === 409 && text.includes('"duplicate"')) return { ok: true, duplicate: true };
      return { ok: false, error: `HTTP ${res.status}: ${text.slice(0, 300)}` };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : 'network error' };
    }
  }

  /** "Waiting for delivery": per partner of the region, how many, since when, and the last error. */
  async status(regionId: string) {
    const rows = await this.dataSource.query(
      `SELECT p.id, p.name, count(o.id)::int AS waiting, min(o.created_at) AS oldest, max(o.attempts)::int AS attempts,
              (array_agg(o.last_error ORDER BY o.id) FILTER (WHERE o.last_error IS NOT NULL))[1] AS last_error,
              (SELECT count(*)::int FROM federation_outbox d WHERE d.partner_id = p.id AND d.delivered_at IS NOT NULL) AS delivered
         FROM federation_partner p LEFT JOIN federation_outbox o ON o.partner_id = p.id AND o.delivered_at IS NULL
        WHERE p.region_id = $1 GROUP BY p.id ORDER BY p.name`,
      [regionId],
    );
    type Row = {
      id: string;
      name: string;
      waiting: number;
      oldest: Date | null;
      attempts: number | null;
      last_error: string | null;
      delivered: number;
    };
    return rows.map((r: Row) => ({
      partnerId: r.id,
      partnerName: r.name,
      waiting: r.waiting,
      delivered: r.delivered,
      oldestWaitingSince: r.oldest?.toISOString() ?? null,
      attempts: r.attempts ?? 0,
      lastError: r.last_error,
    }));
  }
}
