import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { VisitsService } from './visits.service';

/** Runs the no-show sweep on an interval; the sweep itself claims rows with SKIP LOCKED, so instances never double up. */
@Injectable()
export class VisitJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VisitJobs.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly visits: VisitsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.visits
        .sweepNoShows()
        .catch((e: unknown) => this.logger.warn({ err: e }, 'no-show sweep failed'))
        .finally(() => (this.running = undefined));
    }, this.config.jobIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
