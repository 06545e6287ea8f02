import { HttpStatus } from '@nestjs/common';
import { ApiError, type FieldProblem, type Queryable } from '@app/common';

/**
 * Why a nurse may not submit cases on a pathway at a centre: the centre's rollout state and her training,
 * each a `details` entry naming what is missing (empty when she may). Read only after the submission's
 * own statement found her unable, so the hot path stays one statement.
 *
 * Any training record counts, also one on an earlier version: a nurse whose refresher is due (a version
 * changed vignettes since she trained) may still submit, and her screen asks her to take it. A region
 * publishes a new version while its centres are open; refusing every trained nurse until each has done
 * her refresher would stop the referrals of a centre whose only nurse is with patients, and the form
 * she fills in is the new one either way (the rules are the published version's, not her memory of them).
 */
export async function rolloutProblems(db: Queryable, userId: string, healthCentreId: string, pathwayKey: string): Promise<FieldProblem[]> {
  const [row]: Array<{ state: string | null; trained: boolean }> = await db.query(
    `SELECT (SELECT state FROM pathway_rollout WHERE pathway_key = $2 AND health_centre_id = $3) AS state,
            EXISTS (SELECT 1 FROM pathway_training WHERE pathway_key = $2 AND user_id = $1) AS trained`,
    [userId, pathwayKey, healthCentreId],
  );
  const problems: FieldProblem[] = [];
  const state = row?.state ?? 'planned';
  if (state !== 'live') {
    problems.push({ field: 'rollout', reason: `the pathway ${pathwayKey} is not live at your health centre (it is ${state})` });
  }
  if (!row?.trained) {
    problems.push({
      field: 'training',
      reason: `you have no training record for the pathway ${pathwayKey}: pass its training or ask your administrator`,
    });
  }
  return problems;
}

export function rolloutRefusal(problems: FieldProblem[]): ApiError {
  return new ApiError(HttpStatus.FORBIDDEN, 'You may not triage on this pathway at your health centre yet', problems, {
    code: 'pathway_not_usable',
  });
}
