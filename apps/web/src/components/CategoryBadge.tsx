import type { Category } from '../api';
import { useT } from '../i18n';
import { levelOf, useCategories } from './useCategoryLabels';

/**
 * A triage category as a badge, coloured by its urgency level (`level-*` in styles.css), never by its
 * key, which belongs to one pathway (issue 19). Given the category itself when the page has the
 * definition; else it is looked up by key (and pathway key when known) in the published pathways.
 */
export function CategoryBadge({ category, categoryKey, pathwayKey }: { category?: Category; categoryKey?: string; pathwayKey?: string }) {
  const { pick } = useT();
  const lookup = useCategories();
  const key = category?.key ?? categoryKey ?? '';
  const found = category ?? lookup(key, pathwayKey);
  const level = levelOf(found);
  return (
    <span className={level ? `badge level-${level}` : 'badge'} data-urgency={level}>
      {pick(found?.label) || key}
    </span>
  );
}
