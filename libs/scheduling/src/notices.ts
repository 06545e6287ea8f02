import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { IntervalJob, rowsOf } from '@app/common';
import { NoticeKind, NoticeNotSendable, noticeText } from './channels/notice-text';

export type { NoticeKind } from './channels/notice-text';

export interface Notice {
  id: string;
  channel: 'sms' | 'email' | 'letter';
  recipient: string | null;
  body: string;
  /** The e-mail subject and the letter's heading. */
  subject?: string | null;
  kind?: NoticeKind;
}

/** Where patient notices go: NoticeChannels (channels/notice-channels.ts) sends each by its channel. */
export interface NoticeSender {
  send(notice: Notice): Promise<void>;
}
export const NOTICE_SENDER = Symbol('NOTICE_SENDER');

/** A channel that is not configured (no SMS gateway, no SMTP server): the notice is logged, not sent. */
@Injectable()
export class LoggingNoticeSender implements NoticeSender {
  private readonly logger = new Logger('PatientNotice');
  async send(notice: Notice): Promise<void> {
    this.logger.log({ noticeId: notice.id, channel: notice.channel, recipient: notice.recipient ? '(set)' : null }, 'notice sent');
  }
}

/** The patient's link: 256 bits, base64url (43 characters), at least one capital so request logs mask it. */
export function newLinkToken(): string {
  let token: string;
  do token = randomBytes(32).toString('base64url');
  while (!/[A-Z]/.test(token));
  return token;
}
export const linkTokenHash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface VisitNoticeOptions {
  /** `PUBLIC_BASE_URL`: the patient's link is `<base>/p/<token>`. */
  publicBaseUrl: string;
  previousStart?: Date;
}

/**
 * Queues a notice about a visit in the caller's transaction, so it exists exactly when the change
 * committed. The channel follows what the centre knows: a mobile number (SMS), else an e-mail address,
 * else a letter the centre prints and posts. A notice that lets the patient act (booked, changed,
 * reminder) carries a new personal link for this visit; the visit's links last until it is over.
 * A centre with neither telephone number nor address gets its notice as `failed`, with the reason, on
 * its staff's list: no text goes out without a way to reach the centre.
 */
export async function enqueueVisitNotice(m: EntityManager, kind: NoticeKind, visitId: string, o: VisitNoticeOptions): Promise<void> {
  const [v] = await rowsOf<{
    patient_id: string;
    name: string;
    phone: string | null;
    email: string | null;
    start_at: Date;
    end_at: Date;
    hc_id: string;
    hc_name: string;
    hc_phone: string | null;
    hc_address: string | null;
  }>(
    m,
    `SELECT c.patient_id, p.name, p.phone, p.email, s.start_at, s.end_at, h.id AS hc_id, h.name AS hc_name, h.phone AS hc_phone,
            h.address AS hc_address
       FROM visit v JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id JOIN triage_case c ON c.id = v.case_id
       JOIN patient p ON p.id = c.patient_id JOIN health_centre h ON h.id = s.health_centre_id
      WHERE v.id = $1`,
    [visitId],
  );
  if (!v) throw new Error(`visit ${visitId} not found for its notice`);
  let link: string | null = null;
  if (kind !== 'cancelled') {
    const token = newLinkToken();
    // Usable until the visit's end; a move (by staff or by the link) carries every link of the visit along.
    await m.query(
      `INSERT INTO patient_link (token_sha256, visit_id, expires_at) VALUES ($1, $2, greatest($3::timestamptz, now() + interval '1 hour'))`,
      [linkTokenHash(token), visitId, v.end_at],
    );
    await m.query(`UPDATE patient_link SET expires_at = greatest($2::timestamptz, now() + interval '1 hour') WHERE visit_id = $1`, [
      visitId,
      v.end_at,
    ]);
    link = `${o.publicBaseUrl}/p/${token}`;
  }
  const channel = v.phone ? 'sms' : v.email ? 'email' : 'letter';
  const recipient = v.phone ?? v.email ?? null;
  let text: { subject: string; body: string } | undefined;
  let refusal: string | null = null;
  try {
    text = noticeText(kind, {
      patientName: v.name,
      start: v.start_at,
      previousStart: o.previousStart,
      healthCentreName: v.hc_name,
      healthCentrePhone: v.hc_phone,
      healthCentreAddress: v.hc_address,
      link,
    });
  } catch (e) {
    if (!(e instanceof NoticeNotSendable)) throw e;
    refusal = e.message;
  }
  await m.query(
    `INSERT INTO notice_outbox (patient_id, kind, channel, recipient, subject, body, health_centre_id, visit_id, status, last_error)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      v.patient_id,
      kind,
      channel,
      recipient,
      text?.subject ?? null,
      text?.body ?? '(not written: the health centre has no contact details)',
      v.hc_id,
      visitId,
      refusal ? 'failed' : 'pending',
      refusal,
    ],
  );
}

const MAX_ATTEMPTS = 6;
/** How long a claim lasts; a send that takes longer is abandoned as failed before the lease runs out. */
export const NOTICE_LEASE_SECONDS = 60;
const SEND_TIMEOUT_MS = (NOTICE_LEASE_SECONDS - 10) * 1000;

/** Per-process delivery counts, read by the Prometheus metrics. */
export interface NoticeDeliveryCounts {
  sent: number;
  /** Failed attempts that will be tried again after a back-off. */
  retried: number;
  /** Notices given up after their last attempt. */
  failed: number;
}

class SendTimeout extends Error {}

/** The sender's promise, or a rejection after `ms`: a hung gateway must not outlive the lease. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeout(`send timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Delivers pending notices. A batch is claimed in one short statement (FOR UPDATE SKIP LOCKED, then a
 * lease of NOTICE_LEASE_SECONDS with a token of this claim), each notice is sent with no transaction
 * open, and marked sent (or retried with exponential back-off, or failed after MAX_ATTEMPTS) only while
 * the claim still holds. Several instances share the work without sending a notice twice; an expired
 * lease (a crashed worker) is claimed again, so no notice is lost.
 */
@Injectable()
export class NoticeDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NoticeDeliveryWorker.name);
  private readonly job = new IntervalJob(
    2,
    () => this.deliverDue(),
    (e) => this.logger.warn({ err: e }, 'notice delivery failed'),
  );
  readonly counts: NoticeDeliveryCounts = { sent: 0, retried: 0, failed: 0 };
  /** Overridable in tests (a shorter limit); the lease is always longer. */
  sendTimeoutMs = SEND_TIMEOUT_MS;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTICE_SENDER) private readonly sender: NoticeSender,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Claims the next due notice for NOTICE_LEASE_SECONDS; one statement, so one short transaction. */
  private async claim(): Promise<(Notice & { attempts: number; lease_token: string }) | undefined> {
    const rows = await rowsOf<Notice & { attempts: number; lease_token: string }>(
      this.dataSource,
      `UPDATE notice_outbox o
          SET lease_until = now() + make_interval(secs => $1), lease_token = gen_random_uuid(), attempts = o.attempts + 1
        WHERE o.id IN (SELECT id FROM notice_outbox
                        WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.channel, o.recipient, o.subject, o.body, o.kind, o.attempts, o.lease_token`,
      [NOTICE_LEASE_SECONDS],
    );
    return rows[0];
  }

  /** Sends what is due; returns how many notices were handled (sent, retried or failed). */
  async deliverDue(batch = 20): Promise<number> {
    let handled = 0;
    // One claim per notice, so that no lease waits behind another notice's slow send.
    for (; handled < batch; handled++) {
      const notice = await this.claim();
      if (!notice) break;
      const { lease_token: token, attempts, ...message } = notice;
      try {
        await withTimeout(this.sender.send(message), this.sendTimeoutMs);
        await this.dataSource.query(
          `UPDATE notice_outbox SET status = 'sent', sent_at = now(), lease_until = NULL, lease_token = NULL
            WHERE id = $1 AND lease_token = $2`,
          [notice.id, token],
        );
        this.counts.sent++;
      } catch (e) {
        const failed = attempts >= MAX_ATTEMPTS;
        // The message only: a gateway's error may quote the recipient, which stays out of the logs.
        const reason = e instanceof SendTimeout ? e.message : e instanceof Error ? e.message : String(e);
        await this.dataSource.query(
          `UPDATE notice_outbox SET last_error = $3, status = $4, next_attempt_at = now() + make_interval(secs => $5),
                  lease_until = NULL, lease_token = NULL
            WHERE id = $1 AND lease_token = $2`,
          [notice.id, token, reason.slice(0, 500), failed ? 'failed' : 'pending', 2 ** attempts * 5],
        );
        if (failed) this.counts.failed++;
        else this.counts.retried++;
        this.logger.warn({ noticeId: notice.id, attempts, final: failed }, 'notice not delivered');
      }
    }
    return handled;
  }
}
