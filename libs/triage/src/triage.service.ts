import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '@app/database';
import { ApiError, CLINIC_TODAY_SQL, clinicDate, FieldProblem, PG_UNIQUE_VIOLATION, pgConstraint, pgErrorCode, rowsOf } from '@app/common';
import {
  agreementSql,
  AuditService,
  caseScopeSql,
  crossRegionAudit,
  granted,
  outOfScope,
  patientScopeOf,
  patientScopeSql,
  ScopedAccess,
} from '@app/audit';
import { RequestContext } from '@app/identity';
import { PatientsService, ageInYears } from '@app/patients';
import { Assessment, PathwayDefinition, PathwaysService } from '@app/pathways';
import { RealtimeService } from '@app/realtime';
import { rolloutProblems, rolloutRefusal } from '@app/rollout';
import { requestHash } from './idempotency';
import { listCases, ListedCaseView } from './case-list';
import { withdrawCase } from './case-lifecycle';
import type { CaseStatus, ListCasesDto, QueueQueryDto, SubmitTriageDto } from './triage.dto';

export interface CaseRow {
  id: string;
  region_id: string;
  patient_id: string;
  health_centre_id: string;
  pathway_key: string;
  pathway_version: number;
  answers: Record<string, unknown>;
  category: string;
  category_order: number;
  bookable: boolean;
  in_queue: boolean;
  score: string;
  reasons: unknown[];
  instruction: unknown;
  due_date: string | null;
  status: CaseStatus;
  status_reason: string | null;
  flags: string[];
  original_category: string | null;
  triaged_at: Date;
  triaged_by: string;
  serving_region_id: string;
  patient_name?: string;
  /** ISO 639-1, when the patient needs an interpreter (issue 22). */
  interpreter_language?: string | null;
  /** Set when the caller reads the case under an agreement between regions. */
  via_agreement?: string | null;
}

/** What a queue or centre screen must hear about a changed case. */
export type CaseAnnouncement = Pick<CaseView, 'id' | 'status' | 'healthCentreId' | 'pathwayKey'> & { servingRegionId: string };

export interface CaseView {
  id: string;
  patientId: string;
  patientName?: string;
  /** ISO 639-1: the patient needs an interpreter in this language (issue 22); null: none. */
  interpreterLanguage?: string | null;
  healthCentreId: string;
  pathwayKey: string;
  pathwayVersion: number;
  category: string;
  dueDate: string | null;
  overdue: boolean;
  score: number;
  reasons: unknown[];
  instruction: unknown;
  bookable: boolean;
  status: CaseStatus;
  statusReason: string | null;
  flags: string[];
  originalCategory: string | null;
  triagedAt: string;
  answers?: Record<string, unknown>;
}

export function toCaseView(r: CaseRow, withAnswers = false, today = clinicDate(new Date())): CaseView {
  return {
    id: r.id,
    patientId: r.patient_id,
    ...(r.patient_name !== undefined ? { patientName: r.patient_name } : {}),
    ...(r.interpreter_language !== undefined ? { interpreterLanguage: r.interpreter_language } : {}),
    healthCentreId: r.health_centre_id,
    pathwayKey: r.pathway_key,
    pathwayVersion: r.pathway_version,
    category: r.category,
    dueDate: r.due_date,
    overdue: r.due_date !== null && r.in_queue && r.status === 'awaiting_booking' && r.due_date < today,
    score: Number(r.score),
    reasons: r.reasons,
    instruction: r.instruction,
    bookable: r.bookable,
    status: r.status,
    statusReason: r.status_reason,
    flags: r.flags,
    originalCategory: r.original_category,
    triagedAt: r.triaged_at.toISOString(),
    ...(withAnswers ? { answers: r.answers } : {}),
  };
}

/** SQL columns behind the ranking keys a pathway may name. */
const RANK_COLUMNS: Record<string, string> = {
  category: 'c.category_order',
  dueDate: 'c.due_date',
  score: 'c.score',
  triagedAt: 'c.triaged_at',
};

export function rankingOrderSql(definition: PathwayDefinition): string {
  const ranking = (definition as { ranking?: Array<{ key: string; direction?: 'asc' | 'desc' }> }).ranking ?? [
    { key: 'category' },
    { key: 'dueDate' },
    { key: 'score', direction: 'desc' },
    { key: 'triagedAt' },
  ];
  const parts = ranking.filter((r) => RANK_COLUMNS[r.key]).map((r) => `${RANK_COLUMNS[r.key]} ${r.direction === 'desc' ? 'DESC' : 'ASC'}`);
  return [...parts, 'c.id ASC'].join(', ');
}

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

@Injectable()
export class TriageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly patients: PatientsService,
    private readonly pathways: PathwaysService,
    private readonly realtime: RealtimeService,
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
    if (written.patient === 0) {
      await this.audit.recordDenied(ctx, {
        action: 'create',
        resourceType: 'TriageCase',
        resourceId: dto.patientId,
        reason: "patient outside the caller's scope or unknown",
      });
      throw ApiError.notFound('Patient');
    }
    if (written.current === 0) {
      // A newer version was published since the cache was filled: evaluate again with it.
      if (freshPathway) throw ApiError.conflict('The pathway changed while the case was being saved; send again');
      return this.submit(ctx, key, dto, true);
    }
    if (written.usable === 0) {
      // Issue 19: only trained nurses at centres where the pathway is live triage on it; the answer names what is missing.
      const problems = await rolloutProblems(this.dataSource, actor.userId, actor.healthCentreId!, dto.pathwayKey);
      await this.audit.recordDenied(ctx, {
        action: 'create',
        resourceType: 'TriageCase',
        resourceId: dto.patientId,
        patientId: dto.patientId,
        reason: `not usable here: ${problems.map((p) => p.field).join(', ')}`,
      });
      throw rolloutRefusal(problems);
    }
    if (written.centre === null) {
      // The key was used before (or in a request that has just finished): answer as it did.
      const previous = await this.previousResponse(actor.userId, key);
      if (!previous) throw ApiError.conflict('A request with this Idempotency-Key is still in progress; retry shortly');
      return replay(previous, hash);
    }
    const view: CaseView = { ...viewWithoutCentre, healthCentreId: written.centre };
    this.announce({ ...view, servingRegionId: written.serving! }, 'submitted');
    return { status: 201, body: view };
  }

  private async previousResponse(userId: string, key: string): Promise<{ hash: string; body: CaseView } | null> {
    const [row] = await this.dataSource.query(
      'SELECT request_hash AS hash, response_body AS body FROM idempotency_record WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    return row ?? null;
  }

  /**
   * After commit only: the queue moves for the specialists of the region serving the case and for
   * those serving the centre under an agreement, the case for its centre.
   */
  announce(view: CaseAnnouncement, reason: 'submitted' | 'booked' | 'released' | 'withdrawn' | 'retriaged'): void {
    const { id: caseId, status, healthCentreId, pathwayKey, servingRegionId } = view;
    this.realtime.publish({ type: 'case.changed', reason, caseId, status, healthCentreId, pathwayKey, servingRegionId });
  }

  /** A case the caller may see (through its patient's scope), read and audited; 404 otherwise. */
  get(ctx: RequestContext, id: string): Promise<CaseView> {
    return this.access.run(ctx, { action: 'read', resourceType: 'TriageCase', resourceId: id, notFound: 'Triage case' }, async (m) => {
      const row = await this.findInScope(m, ctx, id);
      if (!row) return outOfScope();
      return granted(toCaseView(row, true), { patientId: row.patient_id, ...crossRegionAudit(ctx.actor, row) });
    });
  }

  /** The case if the caller may see it (`caseScopeSql`), with the agreement that allows it, if any. */
  async findInScope(m: EntityManager, ctx: RequestContext, id: string, lock = false): Promise<CaseRow | null> {
    const params: unknown[] = [id];
    const scope = caseScopeSql('c', ctx.actor, params);
    const via = agreementSql('c', `$${params.push(ctx.actor.regionId)}::uuid`);
    const rows: CaseRow[] = await m.query(
      `SELECT c.*, p.name AS patient_name, p.interpreter_language, ${via} AS via_agreement FROM triage_case c JOIN patient p ON p.id = c.patient_id
        WHERE c.id = $1 AND ${scope} ${lock ? 'FOR UPDATE OF c' : ''}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** The cases the caller may see, with personnummer and booking (case-list.ts). */
  async list(ctx: RequestContext, q: ListCasesDto): Promise<ListedCaseView[]> {
    return this.dataSource.transaction((m) => listCases(m, this.audit, ctx, q));
  }

  /** The ranked queue, ordered in the database by the pathway's ranking (served by `triage_case_queue`). */
  async queue(ctx: RequestContext, q: QueueQueryDto) {
    const actor = ctx.actor;
    const pathway = await this.pathways.published(actor, q.pathwayKey);
    return this.dataSource.transaction(async (m) => {
      // The centres of other regions this specialist's region serves under an active agreement.
      const covered: Array<{ health_centre_id: string; agreement_id: string }> =
        actor.role === 'specialist'
          ? await m.query(
              `SELECT DISTINCT ON (health_centre_id) health_centre_id, agreement_id FROM agreement_coverage($1, ${CLINIC_TODAY_SQL})
                WHERE pathway_key = $2 ORDER BY health_centre_id, accepted_at`,
              [actor.regionId, q.pathwayKey],
            )
          : [];
      // Issue 19: a specialist sees her specialties' queues, and the centres an agreement gives her region; no other.
      const ownQueue = actor.role !== 'specialist' || (await servesSpecialty(m, actor.userId, pathway.definition.specialty));
      if (!ownQueue && covered.length === 0) {
        throw new ApiError(HttpStatus.FORBIDDEN, 'This queue belongs to another specialty', [
          { field: 'pathwayKey', reason: `is served by the specialty ${pathway.definition.specialty}, which is not yours` },
        ]);
      }
      const agreementOf = new Map(covered.map((c) => [c.health_centre_id, c.agreement_id]));
      const params: unknown[] = [actor.regionId, q.pathwayKey];
      let centre = '';
      if (q.healthCentreId) centre = ` AND c.health_centre_id = $${params.push(q.healthCentreId)}`;
      const open = `c.pathway_key = $2 AND c.status = 'awaiting_booking' AND c.in_queue${centre}`;
      // Two index scans (the region's own queue; the covered centres' queues), merged in rank order.
      let source = `(SELECT * FROM triage_case c WHERE c.serving_region_id = $1 AND ${open}${ownQueue ? '' : ' AND false'}`;
      if (covered.length > 0) {
        source += ` UNION ALL SELECT * FROM triage_case c WHERE c.health_centre_id = ANY($${params.push(covered.map((c) => c.health_centre_id))}::uuid[])
                      AND c.serving_region_id = c.region_id AND ${open}`;
      }
      source += ') c';
      const [{ total }] = await queryPrepared<{ total: number }>(m, `SELECT count(*)::int AS total FROM ${source}`, params);
      const rows = await queryPrepared<CaseRow & { birth_date: string; hc_name: string }>(
        m,
        `SELECT c.id, c.patient_id, c.region_id, c.serving_region_id, c.health_centre_id, c.category, c.due_date, c.score, c.reasons, c.triaged_at, c.flags,
                c.status, c.in_queue, c.original_category, p.name AS patient_name, p.birth_date::text AS birth_date, h.name AS hc_name,
                p.interpreter_language
           FROM ${source}
           JOIN patient p ON p.id = c.patient_id
           JOIN health_centre h ON h.id = c.health_centre_id
          ORDER BY ${rankingOrderSql(pathway.definition)}
          LIMIT $${params.push(q.limit)} OFFSET $${params.push(q.offset)}`,
        params,
      );
      await this.audit.recordList(m, ctx, {
        resourceType: 'TriageCase',
        name: 'queue',
        query: { pathwayKey: q.pathwayKey, healthCentreId: q.healthCentreId, limit: q.limit, offset: q.offset },
        items: rows.map((r) => ({
          id: r.id,
          patientId: r.patient_id,
          ...crossRegionAudit(actor, {
            ...r,
            via_agreement: r.serving_region_id === actor.regionId ? null : (agreementOf.get(r.health_centre_id) ?? null),
          }),
        })),
      });
      const now = new Date();
      const today = clinicDate(now);
      return {
        pathwayKey: q.pathwayKey,
        total,
        offset: q.offset,
        items: rows.map((r, i) => {
          const [y, mo, d] = r.birth_date.split('-').map(Number) as [number, number, number];
          return {
            rank: q.offset + i + 1,
            caseId: r.id,
            category: r.category,
            originalCategory: r.original_category,
            dueDate: r.due_date!,
            overdue: r.due_date! < today,
            score: Number(r.score),
            reasons: r.reasons,
            flags: r.flags,
            patient: {
              id: r.patient_id,
              name: r.patient_name,
              age: ageInYears({ year: y, month: mo, day: d }, now),
              interpreterLanguage: r.interpreter_language ?? null,
              // Beside the name, so that two patients of the same name are told apart (issue 17).
              birthDate: r.birth_date,
            },
            healthCentre: { id: r.health_centre_id, name: r.hc_name },
            triagedAt: r.triaged_at.toISOString(),
          };
        }),
      };
    });
  }

  async withdraw(ctx: RequestContext, id: string, reason: string): Promise<CaseView> {
    const { servingRegionId, ...view } = await this.changeCase(ctx, id, async (m, row) => {
      if (row.status !== 'awaiting_booking' && row.status !== 'redirected') {
        throw ApiError.conflict(
          `A case that is ${row.status} cannot be withdrawn${row.status === 'booked' ? ': cancel its booking first' : ''}`,
        );
      }
      return { row: await withdrawCase<CaseRow>(m, id, reason), detail: { reason } };
    });
    this.announce({ ...view, servingRegionId }, 'withdrawn');
    return view;
  }

  /** A specialist moves a case to another category of its pathway version, with a mandatory reason. */
  async retriage(ctx: RequestContext, id: string, category: string, reason: string): Promise<CaseView> {
    const { servingRegionId, ...view } = await this.changeCase(ctx, id, async (m, row) => {
      if (row.status !== 'awaiting_booking' && row.status !== 'redirected') {
        throw ApiError.conflict(`A case that is ${row.status} cannot be re-triaged`);
      }
      const version = await this.pathways.version(ctx.actor, row.pathway_key, row.pathway_version);
      const target = version.definition.categories.find((c) => c.key === category);
      if (!target) {
        throw ApiError.invalid('Unknown category', [
          { field: 'category', reason: `must be one of ${version.definition.categories.map((c) => c.key).join(', ')}` },
        ]);
      }
      if (target.key === row.category)
        throw ApiError.invalid('The case already has that category', [{ field: 'category', reason: 'unchanged' }]);
      const [updated] = await rowsOf<CaseRow>(
        m,
        `UPDATE triage_case SET category = $2, category_order = $3, bookable = $4, in_queue = $5,
                due_date = (triaged_at AT TIME ZONE 'Europe/Stockholm')::date + $6::int,
                status = $7, status_reason = $8, original_category = coalesce(original_category, category), instruction = $9
          WHERE id = $1 RETURNING *`,
        [
          id,
          target.key,
          target.order,
          target.bookable,
          target.bookable && target.inQueue,
          target.dueInDays,
          target.bookable ? 'awaiting_booking' : 'redirected',
          reason,
          target.instruction ? JSON.stringify(target.instruction) : null,
        ],
      );
      return { row: updated, detail: { from: row.category, to: target.key, reason } };
    });
    this.announce({ ...view, servingRegionId }, 'retriaged');
    return view;
  }

  private async changeCase(
    ctx: RequestContext,
    id: string,
    change: (m: EntityManager, row: CaseRow) => Promise<{ row: CaseRow; detail: Record<string, unknown> }>,
  ): Promise<CaseView & { servingRegionId: string }> {
    const view = await this.dataSource.transaction(async (m) => {
      const row = await this.findInScope(m, ctx, id, true);
      if (!row) return null;
      const changed = await change(m, row);
      const cross = crossRegionAudit(ctx.actor, row);
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'TriageCase',
        resourceId: id,
        patientId: row.patient_id,
        outcome: 'success',
        ...cross,
        detail: { ...changed.detail, ...cross.detail },
      });
      return { ...toCaseView({ ...changed.row, patient_name: row.patient_name }), servingRegionId: row.serving_region_id };
    });
    if (!view) {
      await this.audit.recordDenied(ctx, {
        action: 'update',
        resourceType: 'TriageCase',
        resourceId: id,
        reason: "not found in the caller's scope",
      });
      throw ApiError.notFound('Triage case');
    }
    return view;
  }
}
/** Whether a specialist has the pathway's specialty (a pathway that names none is served by every specialist). */
async function servesSpecialty(m: EntityManager, userId: string, specialty: string | undefined): Promise<boolean> {
  if (!specialty) return true;
  const rows = await m.query('SELECT 1 FROM user_specialty WHERE user_id = $1 AND specialty_key = $2', [userId, specialty]);
  return rows.length > 0;
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
