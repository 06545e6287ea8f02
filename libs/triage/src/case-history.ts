import { Injectable } from '@nestjs/common';
import { crossRegionAudit, granted, outOfScope, ScopedAccess } from '@app/audit';
import { RequestContext } from '@app/identity';
import { TriageService } from './triage.service';

/** One change of a case's priority (category): when, by whom, from what to what, and why. */
export interface PriorityChange {
  at: string;
  by: string | null;
  role: string | null;
  from: string;
  to: string;
  reason: string;
}

export interface CaseHistory {
  caseId: string;
  /** The nurse's triage: the category the pathway gave before any change. */
  triaged: { at: string; by: string | null; category: string };
  /** Re-triages, oldest first. */
  changes: PriorityChange[];
}

/**
 * GET /triage-cases/{id}/history (issue 17): the case's changes of priority with their reasons, read from
 * the append-only audit log, where each re-triage is recorded with `{ from, to, reason }` in the same
 * transaction as the change. The case must be in the caller's scope (404 otherwise, as for the case);
 * the read itself is audited.
 */
@Injectable()
export class CaseHistoryService {
  constructor(
    private readonly triage: TriageService,
    private readonly access: ScopedAccess,
  ) {}

  history(ctx: RequestContext, id: string): Promise<CaseHistory> {
    const target = { action: 'read', resourceType: 'TriageCaseHistory', resourceId: id, notFound: 'Triage case' } as const;
    return this.access.run(ctx, target, async (m) => {
      const row = await this.triage.findInScope(m, ctx, id);
      if (!row) return outOfScope();
      // The patient's index (audit_event_patient_time) finds the case's rows.
      const changes: Array<{ at: Date; by: string | null; role: string | null; from: string; to: string; reason: string }> = await m.query(
        `SELECT a.occurred_at AS at, coalesce(u.display_name, a.actor_username) AS by, a.actor_role AS role,
                a.detail ->> 'from' AS from, a.detail ->> 'to' AS to, coalesce(a.detail ->> 'reason', '') AS reason
           FROM audit_event a LEFT JOIN app_user u ON u.id = a.actor_user_id
          WHERE a.patient_id = $1 AND a.resource_type = 'TriageCase' AND a.resource_id = $2 AND a.action = 'update'
            AND a.outcome = 'success' AND a.detail ? 'to' AND a.detail ? 'from'
          ORDER BY a.occurred_at, a.id`,
        [row.patient_id, id],
      );
      const [nurse]: Array<{ name: string }> = await m.query('SELECT display_name AS name FROM app_user WHERE id = $1', [row.triaged_by]);
      const history: CaseHistory = {
        caseId: id,
        triaged: {
          at: row.triaged_at.toISOString(),
          by: nurse?.name ?? null,
          category: changes[0]?.from ?? row.original_category ?? row.category,
        },
        changes: changes.map((c) => ({ ...c, at: c.at.toISOString() })),
      };
      return granted(history, { patientId: row.patient_id, ...crossRegionAudit(ctx.actor, row) });
    });
  }
}
