import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { IntervalJob } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { VisitsService } from './visits.service';

/** Runs the no-show sweep on an interval; the sweep itself claims rows with SKIP LOCKED, so instances never double up. */
@Injectable()
export class VisitJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VisitJobs.name);
  private readonly job: IntervalJob;

  constructor(visits: VisitsService, @Inject(APP_CONFIG) config: AppConfig) {
    this.job = new IntervalJob(
      config.jobIntervalSeconds,
      () => visits.sweepNoShows(),
      (e) => this.logger.warn({ err: e }, 'no-show sweep failed'),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
