import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public } from '@app/identity';
import { RealtimeService } from '@app/realtime';
import { NoticeDeliveryWorker } from '@app/scheduling';

/** One registry per api process; Prometheus scrapes each instance. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** One answered request; `route` is the route's pattern (never the raw path: ids would explode the label set). */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  constructor(dataSource: DataSource, realtime: RealtimeService, notices: NoticeDeliveryWorker) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'triage_open_cases',
      help: 'Open triage cases by pathway and category',
      labelNames: ['pathway', 'category', 'status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: Array<{ pathway_key: string; category: string; status: string; n: number }> = await dataSource.query(
          `SELECT pathway_key, category, status, count(*)::int AS n FROM triage_case WHERE status IN ('awaiting_booking', 'booked') GROUP BY 1, 2, 3`,
        );
        for (const r of rows) this.set({ pathway: r.pathway_key, category: r.category, status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'realtime_connected_sockets',
      help: 'socket.io connections on this instance',
      registers: [this.registry],
      collect() {
        this.set(realtime.connectedSockets);
      },
    });
    new Counter({
      name: 'patient_notice_deliveries_total',
      help: 'Patient notice delivery attempts by this instance: sent, retried (failed, tried again later) or failed (given up)',
      labelNames: ['outcome'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const outcome of ['sent', 'retried', 'failed'] as const) this.inc({ outcome }, notices.counts[outcome]);
      },
    });
    new Gauge({
      name: 'patient_notices_undelivered',
      help: 'Patient notices in the outbox that are not sent: pending (incl. leased for sending) or failed (given up; a person must act)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const [r] = await dataSource.query(
          `SELECT (SELECT count(*) FROM notice_outbox WHERE status = 'pending')::int AS pending,
                  (SELECT count(*) FROM notice_outbox WHERE status = 'failed')::int AS failed`,
        );
        this.set({ status: 'pending' }, r.pending);
        this.set({ status: 'failed' }, r.failed);
      },
    });
    new Gauge({
      name: 'job_lag_seconds',
      help: 'Age of the oldest due work item per job (0 when none is waiting)',
      labelNames: ['job'] as const,
      registers: [this.registry],
      async collect() {
        const [r] = await dataSource.query(
          `SELECT
             coalesce(extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE status = 'pending' AND next_attempt_at <= now())), 0) AS notices
           FROM notice_outbox`,
        );
        this.set({ job: 'notice_delivery' }, Number(r.notices));
        const [v] = await dataSource.query(
          `SELECT coalesce(extract(epoch FROM now() - min(s.end_at)), 0) AS lag FROM visit v JOIN booking b ON b.id = v.booking_id JOIN slot s ON s.id = b.slot_id
            WHERE v.status = 'scheduled' AND v.centre_joined_at IS NULL AND v.specialist_joined_at IS NULL AND s.end_at < now() - interval '1 hour'`,
        );
        this.set({ job: 'no_show_sweep' }, Number(v.lag));
      },
    });
  }
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  /** Prometheus text format. Expose it to the scraper only (at the proxy), not to the internet. */
  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
