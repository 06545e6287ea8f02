import { type DataSource, type EntityManager } from 'typeorm';
import { ApiError } from '@app/common';
import { type AuditService } from '@app/audit';
import type { Actor, RequestContext } from '@app/identity';
import type { PathwayDefinition } from './core';
import { stale } from './draft-revision';
import { type Pathway, PathwayVersion, type ReviewState } from './pathway.entities';

/**
 * Who approves a region's pathway drafts (issue 20): `reviewers`, only its named reviewers; `second_admin`,
 * any other administrator of the region (and the named reviewers). Never the draft's author.
 */
export const SIGN_OFF_BY = ['reviewers', 'second_admin'] as const;
export type SignOffBy = (typeof SIGN_OFF_BY)[number];

/** Who wrote, submitted, reviewed a draft or version, and when (issue 20's sign-off record). */
export interface SignOffView {
  reviewState: ReviewState;
  author: { userId: string; name: string | null } | null;
  submittedBy: { userId: string; name: string | null } | null;
  submittedAt: string | null;
  submitComment: string | null;
  reviewedBy: { userId: string; name: string | null } | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  reviewedRevision: number | null;
}

export interface DraftReview extends SignOffView {
  key: string;
  revision: number;
  restoredFrom: number | null;
}

export interface Reviewer {
  userId: string;
  username: string;
  displayName: string;
  role: string;
}

/** The pathway row check of PathwaysService (404 unless visible; `change`/`review`: the owner region only). */
export type PathwayRowCheck = (m: EntityManager, actor: Actor, key: string, access: 'change' | 'review', lock: boolean) => Promise<Pathway>;

/**
 * The clinical sign-off of pathway drafts: submit, approve, send back, the reviewers and the region's rule
 * of who approves. Every publication needs it (PathwaysService.publish calls `assertApproved`); the
 * database holds the same rule (migrations PathwaySignOff and PathwaySignOffRequired).
 */
export class PathwaySignOff {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly pathwayRow: PathwayRowCheck,
  ) {}

  /** 409 unless the draft was approved at its current revision: `not_approved` or `changed_since_approval`. */
  assertApproved(draft: PathwayVersion): void {
    if (draft.reviewState === 'approved' && draft.reviewedRevision === draft.revision) return;
    const changed = draft.reviewState === 'approved';
    throw ApiError.conflict(
      changed
        ? 'The draft changed after it was approved; submit it for review again'
        : `The draft is ${draft.reviewState}: a second person (a reviewer or another administrator of the region) must approve it`,
      { code: changed ? 'changed_since_approval' : 'not_approved', reviewState: draft.reviewState },
    );
  }

  /** Whether the user may approve the pathway's draft (see `pathway_may_approve` in migration PathwaySignOffRequired). */
  async mayApprove(m: EntityManager, key: string, definition: unknown, userId: string): Promise<boolean> {
    const [row]: Array<{ ok: boolean }> = await m.query('SELECT pathway_may_approve($1, $2, $3) AS ok', [
      key,
      specialtyOf(definition),
      userId,
    ]);
    return row?.ok === true;
  }

  /** The open draft, locked, for a review step. */
  private async lockedDraft(m: EntityManager, key: string): Promise<PathwayVersion> {
    const [row] = await m.query(`SELECT id FROM pathway_version WHERE pathway_key = $1 AND status = 'draft' FOR UPDATE`, [key]);
    if (!row) throw ApiError.conflict('The pathway has no draft', { code: 'no_draft' });
    return (await m.getRepository(PathwayVersion).findOne({ where: { id: row.id } }))!;
  }

  private async record(m: EntityManager, ctx: RequestContext, key: string, detail: Record<string, unknown>) {
    await this.audit.record(m, ctx, { action: 'update', resourceType: 'Pathway', resourceId: key, outcome: 'success', detail });
  }

  /**
   * The author asks for sign-off: an `editing` or sent-back draft becomes `submitted` (409 `no_reviewers` when
   * nobody but the author could approve it, `already_submitted` or `already_approved` otherwise).
   */
  async submit(ctx: RequestContext, key: string, input: { comment?: string; revision?: number }): Promise<DraftReview> {
    return this.dataSource.transaction(async (m) => {
      await this.pathwayRow(m, ctx.actor, key, 'change', true);
      const draft = await this.lockedDraft(m, key);
      if (input.revision !== undefined && input.revision !== draft.revision) throw stale('revision', draft.revision);
      if (draft.reviewState === 'submitted' || draft.reviewState === 'approved') {
        throw ApiError.conflict(`The draft is already ${draft.reviewState}`, { code: `already_${draft.reviewState}` });
      }
      const [{ approvers, by }]: Array<{ approvers: number; by: SignOffBy }> = await m.query(
        `SELECT (SELECT count(*)::int FROM app_user u WHERE u.region_id = $4 AND u.id <> $3 AND u.id IS DISTINCT FROM $5
                   AND pathway_may_approve($1, $2, u.id)) AS approvers,
                (SELECT pathway_sign_off_by FROM region WHERE id = $4) AS by`,
        [key, specialtyOf(draft.definition), ctx.actor.userId, ctx.actor.regionId, draft.updatedBy],
      );
      if (approvers === 0) {
        throw ApiError.conflict(
          by === 'reviewers'
            ? 'No named reviewer of the region other than you can approve this draft: an administrator names one (PUT /pathway-reviewers)'
            : 'Nobody but you can approve this draft: the region needs a second administrator or a named reviewer',
          { code: 'no_reviewers', signOffBy: by },
        );
      }
      await m.query(
        `UPDATE pathway_version SET review_state = 'submitted', submitted_at = now(), submitted_by = $2, submit_comment = $3,
                reviewed_at = NULL, reviewed_by = NULL, review_comment = NULL, reviewed_revision = NULL
          WHERE id = $1`,
        [draft.id, ctx.actor.userId, input.comment ?? null],
      );
      await this.record(m, ctx, key, { change: 'submit', revision: draft.revision, comment: input.comment ?? null });
      return this.reviewOf(m, key);
    });
  }

  /**
   * A reviewer of the region approves or sends back a submitted draft. The author (who submitted it) and
   * its last editor may not: 403, nothing changes (the database's four-eyes constraint says the same).
   */
  async review(ctx: RequestContext, key: string, verdict: 'approved' | 'rejected', input: { comment?: string; revision?: number }) {
    return this.dataSource.transaction(async (m) => {
      await this.pathwayRow(m, ctx.actor, key, 'review', true);
      const draft = await this.lockedDraft(m, key);
      if (!(await this.mayApprove(m, key, draft.definition, ctx.actor.userId))) {
        throw ApiError.forbidden("Only the region's pathway reviewers (or, where the region says so, its administrators) review a draft");
      }
      if (verdict === 'rejected' && input.comment === undefined) {
        throw ApiError.invalid('Sending a draft back says why', [{ field: 'comment', reason: 'is required when sending a draft back' }]);
      }
      if (input.revision !== undefined && input.revision !== draft.revision) throw stale('revision', draft.revision);
      if (draft.submittedBy === ctx.actor.userId || draft.updatedBy === ctx.actor.userId) {
        throw ApiError.forbidden('The author of a draft does not review it: another reviewer of the region does');
      }
      if (draft.reviewState !== 'submitted') {
        throw ApiError.conflict(`The draft is ${draft.reviewState}, not submitted for review`, {
          code: 'not_submitted',
          reviewState: draft.reviewState,
        });
      }
      await m.query(
        `UPDATE pathway_version
            SET review_state = $2, reviewed_at = now(), reviewed_by = $3, review_comment = $4, reviewed_revision = revision
          WHERE id = $1`,
        [draft.id, verdict, ctx.actor.userId, input.comment ?? null],
      );
      await this.record(m, ctx, key, {
        change: verdict === 'approved' ? 'approve' : 'reject',
        revision: draft.revision,
        comment: input.comment ?? null,
      });
      return this.reviewOf(m, key);
    });
  }

  /** The draft's sign-off record with names. */
  async reviewOf(m: EntityManager, key: string): Promise<DraftReview> {
    const draft = await m.getRepository(PathwayVersion).findOne({ where: { pathwayKey: key, status: 'draft' } });
    if (!draft) throw ApiError.notFound('Draft');
    const names = await this.userNames([draft.updatedBy, draft.submittedBy, draft.reviewedBy]);
    return { key, revision: draft.revision, restoredFrom: draft.restoredFrom, ...signOffView(draft, names) };
  }

  /** Drafts of the caller's region waiting for review, and whether the caller may review each (not her own). */
  async queue(actor: Actor) {
    const rows: Array<{
      key: string;
      definition: PathwayDefinition;
      revision: number;
      submitted_by: string;
      submitted_at: Date;
      submit_comment: string | null;
      updated_by: string | null;
      author: string | null;
      reviewer: boolean;
    }> = await this.dataSource.query(
      `SELECT v.pathway_key AS key, v.definition, v.revision, v.submitted_by, v.submitted_at, v.submit_comment, v.updated_by,
              u.display_name AS author, pathway_may_approve(p.key, v.definition->>'specialty', $2) AS reviewer
         FROM pathway p JOIN pathway_version v ON v.pathway_key = p.key AND v.status = 'draft' AND v.review_state = 'submitted'
         LEFT JOIN app_user u ON u.id = v.submitted_by
        WHERE p.owner_region_id = $1 ORDER BY v.submitted_at, v.pathway_key`,
      [actor.regionId, actor.userId],
    );
    return rows.map((r) => ({
      key: r.key,
      title: r.definition.title,
      revision: r.revision,
      submittedBy: { userId: r.submitted_by, name: r.author },
      submittedAt: r.submitted_at.toISOString(),
      submitComment: r.submit_comment,
      canReview: r.reviewer && r.submitted_by !== actor.userId && r.updated_by !== actor.userId,
    }));
  }

  /** The users who review the caller's region's pathway drafts. */
  async reviewers(actor: Actor): Promise<Reviewer[]> {
    return this.dataSource.query(
      `SELECT u.id AS "userId", u.username, u.display_name AS "displayName", u.role
         FROM pathway_reviewer r JOIN app_user u ON u.id = r.user_id
        WHERE r.region_id = $1 ORDER BY u.display_name, u.id`,
      [actor.regionId],
    );
  }

  /** The region's rule of who approves, and its named reviewers. */
  async policy(actor: Actor): Promise<{ signOffBy: SignOffBy; reviewers: Reviewer[] }> {
    const [row]: Array<{ by: SignOffBy }> = await this.dataSource.query('SELECT pathway_sign_off_by AS by FROM region WHERE id = $1', [
      actor.regionId,
    ]);
    return { signOffBy: row?.by ?? 'second_admin', reviewers: await this.reviewers(actor) };
  }

  /**
   * Names the region's pathway reviewers (active specialists or administrators of the region), replacing
   * the list, and who approves: `signOffBy`, by default `reviewers` when some are named and `second_admin`
   * when none are (422 for `reviewers` with nobody named). Audited.
   */
  async setReviewers(ctx: RequestContext, userIds: string[], signOffBy?: SignOffBy): Promise<Reviewer[]> {
    const wanted = [...new Set(userIds)];
    const by = signOffBy ?? (wanted.length > 0 ? 'reviewers' : 'second_admin');
    if (by === 'reviewers' && wanted.length === 0) {
      throw ApiError.invalid('The reviewers are not valid', [
        { field: 'signOffBy', reason: "'reviewers' needs at least one named reviewer in userIds" },
      ]);
    }
    const regionId = ctx.actor.regionId;
    await this.dataSource.transaction(async (m) => {
      const found: Array<{ id: string }> = await m.query(
        `SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND region_id = $2 AND active AND role IN ('specialist', 'admin')`,
        [wanted, regionId],
      );
      const known = new Set(found.map((f) => f.id));
      const problems = wanted
        .map((id, i) => ({ id, i }))
        .filter(({ id }) => !known.has(id))
        .map(({ i }) => ({ field: `userIds[${i}]`, reason: "is not an active specialist or administrator of the caller's region" }));
      if (problems.length > 0) throw ApiError.invalid('The reviewers are not valid', problems);
      const before: Array<{ user_id: string }> = await m.query('SELECT user_id FROM pathway_reviewer WHERE region_id = $1', [regionId]);
      const [{ by: byBefore }] = await m.query('SELECT pathway_sign_off_by AS by FROM region WHERE id = $1 FOR UPDATE', [regionId]);
      await m.query('DELETE FROM pathway_reviewer WHERE region_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [regionId, wanted]);
      await m.query(
        `INSERT INTO pathway_reviewer (region_id, user_id, created_by) SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING`,
        [regionId, wanted, ctx.actor.userId],
      );
      await m.query('UPDATE region SET pathway_sign_off_by = $2 WHERE id = $1', [regionId, by]);
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'PathwayReviewers',
        resourceId: regionId,
        outcome: 'success',
        detail: {
          before: before.map((b) => b.user_id).sort(),
          after: [...wanted].sort(),
          ...(byBefore !== by ? { signOffBy: { before: byBefore, after: by } } : {}),
        },
      });
    });
    return this.reviewers(ctx.actor);
  }

  /** Display names of users, for the sign-off record (who wrote, who reviewed, who published). */
  async userNames(ids: Array<string | null>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query(
      'SELECT id, display_name AS name FROM app_user WHERE id = ANY($1::uuid[])',
      [wanted],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

/** The specialty a definition names, if any (a specialist reviewer signs off her own specialties' pathways). */
function specialtyOf(definition: unknown): string | null {
  const specialty = (definition as { specialty?: unknown } | null)?.specialty;
  return typeof specialty === 'string' ? specialty : null;
}

export function signOffView(r: PathwayVersion, names: Map<string, string>): SignOffView {
  const who = (id: string | null) => (id === null ? null : { userId: id, name: names.get(id) ?? null });
  return {
    reviewState: r.reviewState,
    author: who(r.submittedBy ?? r.updatedBy),
    submittedBy: who(r.submittedBy),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    submitComment: r.submitComment,
    reviewedBy: who(r.reviewedBy),
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    reviewComment: r.reviewComment,
    reviewedRevision: r.reviewedRevision,
  };
}
