import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryPrepared } from '@app/database';
import { ApiError, clinicDate, FieldProblem, PG_UNIQUE_VIOLATION, pgConstraint, pgErrorCode } from '@app/common';
import { AuditService, outOfScope, patientScopeOf, patientScopeSql, Refusal, ScopedAccess } from '@app/audit';
import { RequestContext } from '@app/identity';
import { Assessment, PathwaysService } from '@app/pathways';
import { rolloutProblems, rolloutRefusal } from '@app/rollout';
import { type CaseRow, type CaseView, toCaseView } from './case-view';
import { requestHash } from './idempotency';
import type { SubmitTriageDto } from './triage.dto';
import { TriageService } from './triage.service';

/** The questions a form that decides nothing yet still needs: those that can change the outcome first. */
function undecidedIssues(a: Assessment): FieldProblem[] {
  const matters = new Set(a.stillMatter);
  const issues = a.missing.map((id): FieldProblem => ({
    field: `answers.${id}`,
    reason: matters.has(id) ? 'is required: its answer can still change the outcome' : 'is required',
    code: 'required',
    params: { changesOutcome: matters.has(id) },
  }));
  return issues.sort((x, y) => Number(y.reason !== 'is required') - Number(x.reason !== 'is required'));
}

/**
 * POST /triage-cases: the nurse's answers evaluated against the pathway in force and stored as a case,
 * exactly once per Idempotency-Key.
 */
@Injectable()
export class CaseSubmissionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly pathways: PathwaysService,
    private readonly triage: TriageService,
    private readonly access: ScopedAccess,
  ) {}

  /**
   * Evaluates the answers against the pathway's current version and stores the case, exactly once
   * per Idempotency-Key. The key, the case and its audit row are written by one statement (one
   * transaction, one round trip); a concurrent request holding the same key gets 409.
   */
  async submit(ctx: RequestContext, key: string, dto: SubmitTriageDto, freshPathway = false): Promise<{ status: number; body: CaseView }> {
    const hash = requestHash(dto);
    const actor = ctx.actor;
    const pathway = await this.pathways.publishedCached(actor, dto.pathwayKey, freshPathway);
    let checked = pathway.compiled.run(dto.answers);
    if (!checked.ok) {
      // Not complete: accepted exactly when the answers given decide the outcome (an early emergency).
      const partial = pathway.compiled.assess(dto.answers);
      if (partial.ok && partial.evaluation) checked = { ok: true, answers: partial.answers, evaluation: partial.evaluation };
      else {
        // A replay of an earlier request answers as it did, even if the pathway has moved on since.
        const previous = await this.previousResponse(actor.userId, key);
        if (previous) return replay(previous, hash);
        if (!partial.ok) throw ApiError.invalid('The answers are not valid for this pathway', partial.issues);
        throw ApiError.invalid('The answers given do not decide the outcome yet', undecidedIssues(partial.assessment));
      }
    }
    const outcome = checked.evaluation;

    const category = pathway.definition.categories.find((c) => c.key === outcome.category)!;
    const now = new Date();
    const row: CaseRow = {
      id: randomUUID(),
      region_id: actor.regionId,
      patient_id: dto.patientId,
      health_centre_id: '',
      pathway_key: dto.pathwayKey,
      pathway_version: pathway.row.version!,
      answers: checked.answers,
      category: outcome.category,
      category_order: category.order,
      bookable: outcome.bookable,
      in_queue: outcome.bookable && outcome.inQueue,
      score: String(outcome.score),
      reasons: outcome.reasons,
      instruction: outcome.instruction ?? null,
      due_date: outcome.dueInDays === null ? null : addDays(clinicDate(now), outcome.dueInDays),
      status: outcome.bookable ? 'awaiting_booking' : 'redirected',
      status_reason: null,
      flags: [],
      original_category: null,
      triaged_at: now,
      triaged_by: actor.userId,
      serving_region_id: '',
    };
    const { healthCentreId: _placeholder, ...viewWithoutCentre } = toCaseView(row);
    const params: unknown[] = [
      actor.userId,
      key,
      hash,
      JSON.stringify(viewWithoutCentre),
      dto.patientId,
      dto.pathwayKey,
      row.pathway_version,
    ];
    const scope = patientScopeSql('pt', patientScopeOf(actor), params);
    const audit = this.audit.insertParts(
      ctx,
      {
        action: 'create',
        resourceType: 'TriageCase',
        resourceId: row.id,
        patientId: dto.patientId,
        outcome: 'success',
        detail: { pathwayKey: dto.pathwayKey, pathwayVersion: row.pathway_version, category: row.category },
      },
      params,
    );
    const c = (v: unknown, type: string) => `$${params.push(v)}::${type}`;
    const values = [
      c(row.id, 'uuid'),
      'pt.region_id',
      'pt.id',
      'pt.health_centre_id',
      '$6',
      '$7::int',
      c(JSON.stringify(row.answers), 'jsonb'),
      c(row.category, 'text'),
      c(row.category_order, 'int'),
      c(row.bookable, 'boolean'),
      c(row.in_queue, 'boolean'),
      c(outcome.score, 'numeric'),
      c(JSON.stringify(row.reasons), 'jsonb'),
      c(row.instruction ? JSON.stringify(row.instruction) : null, 'jsonb'),
      c(row.due_date, 'date'),
      c(row.status, 'text'),
      c(row.triaged_at, 'timestamptz'),
      '$1::uuid',
    ];
    // One statement, so one transaction and one round trip: the patient's scope, the pathway version
    // still being the one in force (pathway_version_in_force: a scheduled version takes over at its date),
    // the key (held for the statement; a concurrent holder gets 409),
    // the case and its audit row.
    let written: { locked: boolean; patient: number; current: number; usable: number; centre: string | null; serving: string | null };
    try {
      [written] = await queryPrepared(
        this.dataSource,
        `WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext($1::text), hashtext($2)) AS ok),
              pt AS (SELECT pt.id, pt.region_id, pt.health_centre_id FROM patient pt WHERE pt.id = $5::uuid AND ${scope}),
              pv AS (SELECT 1 WHERE pathway_version_in_force($6, now()) = $7::int),
              ro AS (SELECT 1 FROM pt JOIN pathway_rollout r ON r.pathway_key = $6 AND r.health_centre_id = pt.health_centre_id AND r.state = 'live'
                      WHERE EXISTS (SELECT 1 FROM pathway_training tr WHERE tr.pathway_key = $6 AND tr.user_id = $1::uuid)),
              idem AS (INSERT INTO idempotency_record (user_id, key, request_hash, response_status, response_body)
                       SELECT $1::uuid, $2, $3, 201, $4::jsonb || jsonb_build_object('healthCentreId', pt.health_centre_id)
                         FROM lock, pt, pv, ro WHERE lock.ok ON CONFLICT DO NOTHING RETURNING 1),
              kase AS (INSERT INTO triage_case (id, region_id, patient_id, health_centre_id, pathway_key, pathway_version, answers, category,
                         category_order, bookable, in_queue, score, reasons, instruction, due_date, status, triaged_at, triaged_by)
                       SELECT ${values.join(', ')} FROM idem, pt RETURNING health_centre_id, serving_region_id),
              audit AS (INSERT INTO audit_event ${audit.columns} SELECT ${audit.values} FROM kase RETURNING 1)
         SELECT (SELECT ok FROM lock) AS locked, (SELECT count(*) FROM pt)::int AS patient, (SELECT count(*) FROM pv)::int AS current,
                (SELECT count(*) FROM ro)::int AS usable,
                (SELECT health_centre_id FROM kase) AS centre, (SELECT serving_region_id FROM kase) AS serving, (SELECT count(*) FROM audit)::int AS audited`,
        params,
      );
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION && pgConstraint(e) === 'triage_case_one_open') {
        const open = await this.dataSource.query(
          `SELECT id FROM triage_case WHERE patient_id = $1 AND pathway_key = $2 AND status IN ('awaiting_booking', 'booked')`,
          [dto.patientId, dto.pathwayKey],
        );
        throw openCaseConflict(open[0]?.id);
      }
      throw e;
    }
    if (!written.locked) throw ApiError.conflict('A request with this Idempotency-Key is still in progress; retry shortly');
    // The case, its key and its audit row are one statement, so a refusal is recorded beside it, not through access.run.
    const target = { action: 'create', resourceType: 'TriageCase', resourceId: dto.patientId, notFound: 'Patient' } as const;
    if (written.patient === 0) {
      await this.access.refuse(ctx, target, outOfScope("patient outside the caller's scope or unknown"));
      throw ApiError.notFound(target.notFound);
    }
    if (written.current === 0) {
      // A newer version was published since the cache was filled: evaluate again with it.
      if (freshPathway) throw ApiError.conflict('The pathway changed while the case was being saved; send again');
      return this.submit(ctx, key, dto, true);
    }
    if (written.usable === 0) {
      // Issue 19: only trained nurses at centres where the pathway is live triage on it; the answer names what is missing.
      const problems = await rolloutProblems(this.dataSource, actor.userId, actor.healthCentreId!, dto.pathwayKey);
      const error = rolloutRefusal(problems);
      await this.access.refuse(
        ctx,
        target,
        new Refusal(`not usable here: ${problems.map((p) => p.field).join(', ')}`, dto.patientId, error),
      );
      throw error;
    }
    if (written.centre === null) {
      // The key was used before (or in a request that has just finished): answer as it did.
      const previous = await this.previousResponse(actor.userId, key);
      if (!previous) throw ApiError.conflict('A request with this Idempotency-Key is still in progress; retry shortly');
      return replay(previous, hash);
    }
    const view: CaseView = { ...viewWithoutCentre, healthCentreId: written.centre };
    this.triage.announce({ ...view, servingRegionId: written.serving! }, 'submitted');
    return { status: 201, body: view };
  }

  private async previousResponse(userId: string, key: string): Promise<{ hash: string; body: CaseView } | null> {
    const [row] = await this.dataSource.query(
      'SELECT request_hash AS hash, response_body AS body FROM idempotency_record WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    return row ?? null;
  }
}

function replay(previous: { hash: string; body: CaseView }, hash: string): { status: number; body: CaseView } {
  if (previous.hash !== hash) {
    throw ApiError.invalid('This Idempotency-Key was used with a different request body', [
      { field: 'Idempotency-Key', reason: 'already used for another request' },
    ]);
  }
  return { status: 200, body: previous.body };
}

/** `YYYY-MM-DD` plus whole days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function openCaseConflict(openCaseId: string | undefined): ApiError {
  return ApiError.conflict('The patient already has an open case in this pathway', { code: 'open_case_exists', openCaseId }, [
    { field: 'patientId', reason: `an open case exists: ${openCaseId}`, code: 'conflict' },
  ]);
}
