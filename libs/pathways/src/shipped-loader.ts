import { type Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type AuditService } from '@app/audit';
import { compilePathway, runTestCases } from './core';
import { SHIPPED_PATHWAYS } from './shipped-pathways';

const LOAD_LOCK = 727_003;

/**
 * Shipped pathways are loaded into every database, not only the demo one, as read-only templates.
 * A shipped definition that differs from the template's published version (a new release of the
 * product) is published as its next version, so existing installations receive it. The product's
 * templates are authored by nobody and not signed off (issue 20): the trigger lets this loader through.
 */
export async function loadShippedPathways(dataSource: DataSource, audit: AuditService, logger: Logger): Promise<void> {
  await dataSource.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK]);
    // The one writer the template guard (migration PathwayOwnership) lets add template versions.
    await m.query(`SET LOCAL ledtriage.shipped_loader = 'on'`);
    for (const definition of SHIPPED_PATHWAYS) {
      const [current]: Array<{ owner: string | null; same: boolean | null; version: number | null }> = await m.query(
        `SELECT p.owner_region_id AS owner, v.definition = $2::jsonb AS same, v.version
           FROM pathway p LEFT JOIN pathway_version v ON v.pathway_key = p.key AND v.status = 'published' WHERE p.key = $1`,
        [definition.key, JSON.stringify(definition)],
      );
      if (current?.same) continue;
      if (current && current.owner !== null) {
        logger.warn(`A region's own pathway uses the shipped key ${definition.key}; the shipped one is not loaded`);
        continue;
      }
      const failing = runTestCases(compilePathway(definition)).filter((r) => !r.passed);
      if (failing.length > 0)
        throw new Error(`Shipped pathway ${definition.key} fails its test cases: ${failing.map((f) => f.name).join(', ')}`);
      if (!current) await m.query('INSERT INTO pathway (key, owner_region_id) VALUES ($1, NULL)', [definition.key]);
      await m.query(`UPDATE pathway_version SET status = 'retired', updated_at = now() WHERE pathway_key = $1 AND status = 'published'`, [
        definition.key,
      ]);
      const [{ version }] = await m.query(
        `INSERT INTO pathway_version (pathway_key, version, status, definition, published_at)
         SELECT $1, coalesce(max(version), 0) + 1, 'published', $2, now() FROM pathway_version WHERE pathway_key = $1 RETURNING version`,
        [definition.key, JSON.stringify(definition)],
      );
      await audit.recordSystem(m, 'shipped-pathways', null, {
        action: current ? 'update' : 'create',
        resourceType: 'Pathway',
        resourceId: definition.key,
        outcome: 'success',
        detail: { change: 'publish', version, template: true },
      });
      logger.log(`Published the shipped pathway ${definition.key} as version ${version}`);
    }
  });
}
