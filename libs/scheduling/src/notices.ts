import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IntervalJob, rowsOf, swedishDateTime } from '@app/common';

export type NoticeKind = 'booked' | 'changed' | 'cancelled' | 'reminder';

export interface Notice {
  id: string;
  channel: 'sms' | 'letter';
  recipient: string | null;
  body: string;
}

/** Where patient notices go. The default logs them; an SMS gateway plugs in here. */
export interface NoticeSender {
  send(notice: Notice): Promise<void>;
}
export const NOTICE_SENDER = Symbol('NOTICE_SENDER');

@Injectable()
export class LoggingNoticeSender implements NoticeSender {
  private readonly logger = new Logger('PatientNotice');
  async send(notice: Notice): Promise<void> {
    this.logger.log({ noticeId: notice.id, channel: notice.channel, recipient: notice.recipient ? '(set)' : null }, 'notice sent');
  }
}

export interface NoticeFacts {
  patientId: string;
  patientName: string;
  phone: string | null;
  start: Date;
  healthCentreName: string;
  previousStart?: Date;
}

/** The Swedish text of a notice: time, place and how to prepare. */
export function noticeText(kind: NoticeKind, f: NoticeFacts): string {
  const when = swedishDateTime(f.start);
  const prepare =
    'Kom till hälsocentralen 10 minuter före. Sjuksköterskan är med dig under videobesöket hos reumatologen. ' +
    'Ta med en lista över dina läkemedel och skriv gärna ner dina frågor.';
  switch (kind) {
    case 'booked':
      return `Hej ${f.patientName}! Du har fått en tid för videobesök hos reumatolog ${when} på ${f.healthCentreName}. ${prepare} Kan du inte komma? Ring din hälsocentral.`;
    case 'changed':
      return `Hej ${f.patientName}! Din tid för videobesök hos reumatolog är flyttad${f.previousStart ? ` från ${swedishDateTime(f.previousStart)}` : ''} till ${when} på ${f.healthCentreName}. ${prepare}`;
    case 'reminder':
      return `Hej ${f.patientName}! Påminnelse: du har videobesök hos reumatolog ${when} på ${f.healthCentreName}. ${prepare} Kan du inte komma? Ring din hälsocentral.`;
    case 'cancelled':
      return `Hej ${f.patientName}! Din tid för videobesök hos reumatolog ${when} på ${f.healthCentreName} är inställd. Du behåller din plats i kön och får en ny tid. Frågor? Ring din hälsocentral.`;
  }
}

/** Queues a notice in the caller's transaction: it exists exactly when the change committed. */
export async function enqueueNotice(m: EntityManager, kind: NoticeKind, facts: NoticeFacts): Promise<void> {
  await m.query(
    `INSERT INTO notice_outbox (patient_id, kind, channel, recipient, body) VALUES ($1, $2, $3, $4, $5)`,
    [facts.patientId, kind, facts.phone ? 'sms' : 'letter', facts.phone, noticeText(kind, facts)],
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
  private readonly job = new IntervalJob(2, () => this.deliverDue(), (e) => this.logger.warn({ err: e }, 'notice delivery failed'));
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
        RETURNING o.id, o.channel, o.recipient, o.body, o.attempts, o.lease_token`,
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
