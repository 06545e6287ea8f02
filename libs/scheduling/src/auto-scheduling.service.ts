import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, servedCasesSql, specialistServesSql } from '@app/audit';
import { ApiError, clinicDate } from '@app/common';
import { RequestContext } from '@app/identity';
import { PathwaysService } from '@app/pathways';
import { autoSchedule, dayNumber, SchedulingInput } from './core';
import type { AutoScheduleDto } from './scheduling.dto';
import { BookingsService } from './bookings.service';

/**
 * POST /scheduling/auto: the queue's cases into free slots at their own health centre, through the
 * optimiser in core/. A dry run only proposes; otherwise each proposal is booked like a manual
 * booking (notice, audit, realtime), and one that lost its slot meanwhile is reported, not forced.
 */
@Injectable()
export class AutoSchedulingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pathways: PathwaysService,
    private readonly bookings: BookingsService,
    private readonly audit: AuditService,
  ) {}

  async run(ctx: RequestContext, dto: AutoScheduleDto) {
    const actor = ctx.actor;
    const pathway = await this.pathways.published(actor, dto.pathwayKey);
    // Weights by category order among the bookable categories: the first is ten times the next.
    const bookable = pathway.definition.categories.filter((c) => c.bookable).sort((a, b) => a.order - b.order);
    const weight = new Map(bookable.map((c, i) => [c.key, 10 ** (bookable.length - 1 - i)]));
    const from = new Date(Math.max(dto.from.getTime(), Date.now()));
    if (dto.to.getTime() <= from.getTime())
      throw ApiError.invalid('Nothing to schedule', [{ field: 'to', reason: 'must be in the future' }]);
    const params: unknown[] = [];
    const served = servedCasesSql('c', actor, params);
    const cases: Array<{ id: string; health_centre_id: string; category: string; due_date: string; triaged_at: Date }> =
      await this.dataSource.query(
        `SELECT c.id, c.health_centre_id, c.category, c.due_date, c.triaged_at FROM triage_case c
        WHERE ${served} AND c.pathway_key = $${params.push(dto.pathwayKey)} AND c.status = 'awaiting_booking' AND c.in_queue`,
        params,
      );
    // Free slots of the region's sessions; those planned under an agreement only if it covers the pathway.
    const slots: Array<{
      id: string;
      health_centre_id: string;
      start_at: Date;
      specialist_id: string;
      agreement_id: string | null;
      week: string;
      minutes: number;
    }> = await this.dataSource.query(
      `SELECT s.id, s.health_centre_id, s.start_at, cs.specialist_id, cs.agreement_id,
                date_trunc('week', s.start_at AT TIME ZONE 'Europe/Stockholm')::date::text AS week,
                extract(epoch FROM s.end_at - s.start_at)::int / 60 AS minutes
           FROM slot s JOIN clinic_session cs ON cs.id = s.session_id
           LEFT JOIN booking b ON b.slot_id = s.id AND b.status = 'active'
          WHERE cs.region_id = $1 AND cs.status = 'planned' AND b.id IS NULL AND s.start_at >= $2 AND s.start_at < $3
            AND (cs.agreement_id IS NULL OR EXISTS (SELECT 1 FROM region_agreement_pathway ap WHERE ap.agreement_id = cs.agreement_id AND ap.pathway_key = $4))
            AND ${specialistServesSql('cs.specialist_id', '$5::text')}`,
      [actor.regionId, from, dto.to, dto.pathwayKey, pathway.definition.specialty ?? null],
    );
    const capacity = await this.agreementCapacity(slots);
    // Neighbouring centres, where the pathway lets a patient travel to one.
    const maxTravelKm = pathway.definition.scheduling?.neighbourMaxTravelKm ?? 0;
    const distances = new Map<string, number>();
    if (maxTravelKm > 0) {
      const rows: Array<{ from_centre_id: string; to_centre_id: string; km: number }> = await this.dataSource.query(
        `SELECT d.from_centre_id, d.to_centre_id, d.road_km::float AS km FROM health_centre_distance d JOIN health_centre h ON h.id = d.from_centre_id WHERE h.region_id = $1`,
        [actor.regionId],
      );
      for (const r of rows) distances.set(`${r.from_centre_id}|${r.to_centre_id}`, r.km);
    }
    const input: SchedulingInput = {
      cases: cases.map((c) => ({
        id: c.id,
        healthCentreId: c.health_centre_id,
        weight: weight.get(c.category) ?? 1,
        dueDay: dayNumber(c.due_date),
        triagedAt: c.triaged_at.getTime(),
        maxTravelKm,
      })),
      distanceKm: (from, to) => distances.get(`${from}|${to}`),
      slots: slots.map((s) => ({
        id: s.id,
        healthCentreId: s.health_centre_id,
        day: dayNumber(clinicDate(s.start_at)),
        start: s.start_at.getTime(),
        specialistId: s.specialist_id,
        capacityGroup: s.agreement_id ? `${s.agreement_id}/${s.week}` : undefined,
      })),
      capacity,
      today: dayNumber(clinicDate(from)),
      horizonDay: dayNumber(clinicDate(dto.to)),
    };
    const plan = autoSchedule(input);
    const start = new Map(slots.map((s) => [s.id, s.start_at.toISOString()]));
    if (dto.dryRun) {
      return {
        dryRun: true,
        assignments: plan.assignments.map((a) => ({ ...a, start: start.get(a.slotId) })),
        unassigned: plan.unassigned,
        metrics: plan.metrics,
      };
    }
    const booked: Array<{ caseId: string; slotId: string; start: string | undefined; bookingId: string; visitId: string }> = [];
    const unassigned: Array<{ caseId: string; reason: string }> = [...plan.unassigned];
    for (const a of plan.assignments) {
      try {
        const b = await this.bookings.book(ctx, { caseId: a.caseId, slotId: a.slotId });
        booked.push({ ...a, start: start.get(a.slotId), bookingId: b.id, visitId: b.visitId });
      } catch (e) {
        if (e instanceof ApiError && (e.status === 409 || e.status === 404)) unassigned.push({ caseId: a.caseId, reason: 'conflict' });
        else throw e;
      }
    }
    // Each booking is audited with its patient; the run itself too, as the administrative act it is (#15.1).
    await this.audit.record(this.dataSource.manager, ctx, {
      action: 'execute',
      resourceType: 'AutoSchedule',
      resourceId: dto.pathwayKey,
      outcome: 'success',
      detail: {
        from: dto.from.toISOString(),
        to: dto.to.toISOString(),
        booked: booked.map((b) => b.bookingId),
        unassigned: unassigned.length,
      },
    });
    return { dryRun: false, assignments: booked, unassigned, metrics: plan.metrics };
  }

  /**
   * How many more slots each agreement may fill per week: its weekly hours less what is booked
   * already, in slots of the longest length it has that week (so the database's cap is never hit).
   */
  private async agreementCapacity(
    slots: Array<{ agreement_id: string | null; week: string; minutes: number }>,
  ): Promise<Record<string, number>> {
    const longest = new Map<string, number>();
    for (const s of slots) {
      if (!s.agreement_id) continue;
      const group = `${s.agreement_id}/${s.week}`;
      longest.set(group, Math.max(longest.get(group) ?? 0, s.minutes));
    }
    if (longest.size === 0) return {};
    const groups = [...longest.keys()].map((g) => g.split('/') as [string, string]);
    const rows: Array<{ agreement_id: string; week: string; left_minutes: number }> = await this.dataSource.query(
      `SELECT g.agreement_id, g.week::text AS week,
              (a.capacity_share * a.full_time_hours_per_week * 60 - agreement_booked_minutes(g.agreement_id, g.week))::float AS left_minutes
         FROM unnest($1::uuid[], $2::date[]) AS g(agreement_id, week) JOIN region_agreement a ON a.id = g.agreement_id`,
      [groups.map((g) => g[0]), groups.map((g) => g[1])],
    );
    const capacity: Record<string, number> = {};
    for (const r of rows) {
      const group = `${r.agreement_id}/${r.week}`;
      capacity[group] = Math.max(0, Math.floor(r.left_minutes / longest.get(group)!));
    }
    return capacity;
  }
}
