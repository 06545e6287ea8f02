import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntervalJob } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';

/** How often the housekeeping job runs. */
export const HOUSEKEEPING_SECONDS = 300;
/** Rows deleted per statement, so that a first run over a large backlog never holds long locks. */
const BATCH = 10_000;

export interface PruneResult {
  loginAttempts: number;
  rateCounters: number;
}

/**
 * Deletes rows that no decision reads any more: sign-in attempts older than twice the login window (the
 * back-off looks back one window) and per-user request counters of past minutes. Every instance runs it;
 * two at once only delete the same rows twice, which is harmless.
 */
@Injectable()
export class HousekeepingJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HousekeepingJob.name);
  private readonly job = new IntervalJob(
    HOUSEKEEPING_SECONDS,
    () => this.pruneNow(),
    (e) => this.logger.warn({ err: e }, 'housekeeping failed'),
  );

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  private async deleteInBatches(sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = (await this.dataSource.query(sql, [...params, BATCH])) as [unknown, number];
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }

  async pruneNow(): Promise<PruneResult> {
    const loginAttempts = await this.deleteInBatches(
      `DELETE FROM login_attempt WHERE id IN (
         SELECT id FROM login_attempt WHERE attempted_at < now() - make_interval(secs => $1) ORDER BY id LIMIT $2)`,
      [2 * this.config.loginWindowSeconds],
    );
    // A counter counts one clock minute; the previous minute may still be read for Retry-After.
    const rateCounters = await this.deleteInBatches(
      `DELETE FROM write_rate
        WHERE ctid = ANY(ARRAY(SELECT ctid FROM write_rate WHERE window_start < now() - interval '2 minutes' LIMIT $1))`,
      [],
    );
    if (loginAttempts + rateCounters > 0) this.logger.log({ loginAttempts, rateCounters }, 'pruned');
    return { loginAttempts, rateCounters };
  }
}
