import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from '@app/operations';
import { FederationOutbox } from './outbox';

/** The outbox in /metrics: messages waiting per partner, the oldest one's age, and this instance's delivery attempts. */
@Injectable()
export class FederationMetrics {
  constructor(metrics: Metrics, dataSource: DataSource, outbox: FederationOutbox) {
    new Gauge({
      name: 'federation_outbox_waiting',
      help: 'Messages to partner installations waiting for delivery, by partner',
      labelNames: ['partner'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        const rows: Array<{ name: string; n: number }> = await dataSource.query(
          `SELECT p.name, count(o.id)::int AS n FROM federation_partner p
             LEFT JOIN federation_outbox o ON o.partner_id = p.id AND o.delivered_at IS NULL GROUP BY p.id, p.name`,
        );
        for (const r of rows) this.set({ partner: r.name }, r.n);
      },
    });
    new Gauge({
      name: 'federation_outbox_oldest_waiting_seconds',
      help: 'Age of the oldest message still waiting for delivery to any partner',
      registers: [metrics.registry],
      async collect() {
        const [row] = await dataSource.query(
          `SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS s FROM federation_outbox WHERE delivered_at IS NULL`,
        );
        this.set(Number(row.s));
      },
    });
    new Counter({
      name: 'federation_deliveries_total',
      help: 'Delivery attempts by this instance: delivered, duplicate (the partner had it already) or failed (tried again later)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const outcome of ['delivered', 'duplicate', 'failed'] as const) this.inc({ outcome }, outbox.counts[outcome]);
      },
    });
  }
}
