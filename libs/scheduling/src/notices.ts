import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IntervalJob, swedishDateTime } from '@app/common';

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

/**
 * Delivers pending notices. Rows are claimed with FOR UPDATE SKIP LOCKED, so several api instances
 * share the work without sending one notice twice; failures retry with exponential back-off.
 */
@Injectable()
export class NoticeDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NoticeDeliveryWorker.name);
  private readonly job = new IntervalJob(2, () => this.deliverDue(), (e) => this.logger.warn({ err: e }, 'notice delivery failed'));

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

  /** Sends what is due, one transaction per notice; returns how many were handled. */
  async deliverDue(batch = 20): Promise<number> {
    let handled = 0;
    for (let i = 0; i < batch; i++) {
      const done = await this.dataSource.transaction(async (m) => {
        const rows: Array<Notice & { attempts: number }> = await m.query(
          `SELECT id, channel, recipient, body, attempts FROM notice_outbox
            WHERE status = 'pending' AND next_attempt_at <= now()
            ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        const notice = rows[0];
        if (!notice) return false;
        try {
          await this.sender.send(notice);
          await m.query(`UPDATE notice_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1`, [notice.id]);
        } catch (e) {
          const attempts = notice.attempts + 1;
          await m.query(
            `UPDATE notice_outbox SET attempts = $2, last_error = $3, status = $4,
               next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1`,
            [notice.id, attempts, e instanceof Error ? e.message : String(e), attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', 2 ** attempts * 5],
          );
        }
        return true;
      });
      if (!done) break;
      handled++;
    }
    return handled;
  }
}
