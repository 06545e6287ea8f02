import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '@app/common';
import type { AuditAction, AuditEntry, RequestContext } from '@app/identity';
import { AuditService } from './audit.service';

/** What a route does to one resource, as its audit rows name it. */
export interface AccessTarget {
  action: AuditAction;
  resourceType: string;
  /** The id the caller asked for (the denied row names it even when nothing was found). */
  resourceId: string | null;
  /** The noun of the 404 ("Triage case"): an id out of scope is answered as one that does not exist. */
  notFound: string;
}

/** The success row's own fields: whose data it was, and under what when it was another region's. */
export type GrantAudit = Pick<AuditEntry, 'patientId' | 'dataRegionId' | 'detail'> & { resourceId?: string | null };

/** The work's answer when the caller may do it: the result, and the success row's fields (or rows of its own). */
export interface Granted<T> {
  result: T;
  audit: GrantAudit | { rows: Array<Omit<AuditEntry, 'outcome'>> };
}

/**
 * The work's answer when the caller may not: the reason for the denied row, whose data it would have been
 * when that is known, and the answer (404 unless a route has reason to say more, e.g. 403 for an admin
 * who may read a visit but not join it).
 */
export class Refusal {
  constructor(
    readonly reason: string,
    readonly patientId: string | null = null,
    readonly error: ApiError | null = null,
    readonly detail?: Record<string, unknown>,
    /** The id the denied row names when the work found it (a look-up by personnummer names the patient's id). */
    readonly resourceId?: string | null,
  ) {}
}

export const granted = <T>(result: T, audit: Granted<T>['audit']): Granted<T> => ({ result, audit });

/** Nothing the caller may reach has this id: a denied row and a 404, the same as for an id that does not exist. */
export const outOfScope = (reason = "not found in the caller's scope", patientId: string | null = null): Refusal =>
  new Refusal(reason, patientId);

/** Carries a refusal out of the transaction, so that the transaction rolls back. */
class RolledBack extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

/**
 * The one way a route reads or changes patient data: opens the transaction, runs `work` (whose query takes the
 * caller's scope from ./scopes.ts and answers `outOfScope(...)` when the id is not within it), and writes the
 * audit row: the success row inside the same transaction, so the change and its record commit together; the
 * denied row in a transaction of its own after the work rolled back, then the refusal (404 by default).
 */
@Injectable()
export class ScopedAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async run<T>(ctx: RequestContext, target: AccessTarget, work: (m: EntityManager) => Promise<Granted<T> | Refusal>): Promise<T> {
    const { action, resourceType, resourceId } = target;
    const answer = await this.dataSource
      .transaction(async (m) => {
        const done = await work(m);
        // A refusal rolls back whatever the work wrote before it refused.
        if (done instanceof Refusal) throw new RolledBack(done);
        if ('rows' in done.audit) {
          await this.audit.recordMany(
            m,
            ctx,
            done.audit.rows.map((row) => ({ ...row, outcome: 'success' as const })),
          );
        } else {
          await this.audit.record(m, ctx, { action, resourceType, resourceId, ...done.audit, outcome: 'success' });
        }
        return done;
      })
      .catch((e: unknown) => {
        if (e instanceof RolledBack) return e.refusal;
        throw e;
      });
    if (answer instanceof Refusal) {
      await this.refuse(ctx, target, answer);
      throw answer.error ?? ApiError.notFound(target.notFound);
    }
    return answer.result;
  }

  /** Records a refusal decided before any work (or after it rolled back), without answering. */
  async refuse(ctx: RequestContext, target: AccessTarget, refusal: Refusal): Promise<void> {
    await this.audit.recordDenied(ctx, {
      action: target.action,
      resourceType: target.resourceType,
      resourceId: refusal.resourceId === undefined ? target.resourceId : refusal.resourceId,
      patientId: refusal.patientId,
      reason: refusal.reason,
      ...(refusal.detail ? { detail: refusal.detail } : {}),
    });
  }
}
