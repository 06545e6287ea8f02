import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { IntervalJob } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { enqueueVisitNotice } from './notices';

/**
 * The day-before reminder: each scheduled visit starting within VISIT_REMINDER_HOURS gets one
 * reminder notice, unless it was booked inside that window (its booking notice is reminder enough).
 * Visits are claimed with FOR UPDATE SKIP LOCKED and marked `reminded_at` in the same transaction as
 * the notice, so several instances running the job send each reminder once.
 */
@Injectable()
export class ReminderJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReminderJob.name);
  private readonly job: IntervalJob;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    this.job = new IntervalJob(
      config.jobIntervalSeconds,
      () => this.sendDue(),
      (e) => this.logger.warn({ err: e }, 'reminders failed'),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Queues the reminders that are due; returns how many. */
  async sendDue(batch = 200): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due: Array<{
        id: string;
        patient_id: string;
        name: string;
        phone: string | null;
        start_at: Date;
        hc_name: string;
        region_id: string;
      }> = await m.query(
        `SELECT v.id, c.patient_id, p.name, p.phone, s.start_at, h.name AS hc_name, c.region_id
           FROM visit v
           JOIN booking b ON b.id = v.booking_id AND b.status = 'active'
           JOIN slot s ON s.id = b.slot_id
           JOIN triage_case c ON c.id = v.case_id
           JOIN patient p ON p.id = c.patient_id
           JOIN health_centre h ON h.id = v.health_centre_id
          WHERE v.status = 'scheduled' AND v.reminded_at IS NULL
            AND s.start_at > now() AND s.start_at <= now() + make_interval(hours => $1)
            AND b.created_at < s.start_at - make_interval(hours => $1)
          ORDER BY s.start_at LIMIT $2
          FOR UPDATE OF v SKIP LOCKED`,
        [this.config.visitReminderHours, batch],
      );
      for (const v of due) {
        await m.query('UPDATE visit SET reminded_at = now() WHERE id = $1', [v.id]);
        await enqueueVisitNotice(m, 'reminder', v.id, { publicBaseUrl: this.config.publicBaseUrl });
        await this.audit.recordSystem(m, 'reminder-job', v.region_id, {
          action: 'create',
          resourceType: 'Notice',
          resourceId: v.id,
          patientId: v.patient_id,
          outcome: 'success',
          reason: 'reminder before the visit',
        });
      }
      return due.length;
    });
  }
}
