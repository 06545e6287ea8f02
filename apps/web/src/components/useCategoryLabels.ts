import { useEffect, useState } from 'react';
import { urgencyOf } from '@libs/pathways/src/core/levels';
import type { UrgencyLevel } from '@libs/pathways/src/core/types';
import { api, type Category, type PathwayDefinition, type Schemas, type Text } from '../api';

let cache: Promise<Map<string, Category[]>> | null = null;

/** The categories of every published pathway, by pathway key, loaded once per page. */
function loadCategories(): Promise<Map<string, Category[]>> {
  if (cache) return cache;
  const loading = api<Schemas['PathwaySummary'][]>('GET', '/pathways').then(async (list) => {
    const map = new Map<string, Category[]>();
    for (const p of list) {
      const d = await api<PathwayDefinition>('GET', `/pathways/${p.key}`).catch(() => null);
      if (d) map.set(p.key, d.categories);
    }
    return map;
  });
  // A failed read is not kept: the next screen that asks reads again (labels fall back to keys meanwhile).
  loading.catch(() => {
    if (cache === loading) cache = null;
  });
  cache = loading;
  return loading;
}

export interface CategoryLookup {
  /** The category of the pathway; without a pathway, the first published pathway's category of that key. */
  (key: string, pathwayKey?: string): Category | undefined;
}

/** Looks categories up in the published pathways (issue 19: their labels and urgency levels are data). */
export function useCategories(): CategoryLookup {
  const [byPathway, setByPathway] = useState<Map<string, Category[]>>(new Map());
  useEffect(() => {
    let live = true;
    loadCategories().then(
      (m) => live && setByPathway(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return (key, pathwayKey) => {
    if (pathwayKey) return byPathway.get(pathwayKey)?.find((c) => c.key === key);
    for (const categories of byPathway.values()) {
      const found = categories.find((c) => c.key === key);
      if (found) return found;
    }
    return undefined;
  };
}

/** Category labels of every published pathway, by category key (and pathway key when known). */
export function useCategoryLabels(): (key: string, pathwayKey?: string) => Text | undefined {
  const lookup = useCategories();
  return (key, pathwayKey) => lookup(key, pathwayKey)?.label;
}

/** The urgency level a category's badge is coloured by; undefined when the category is not known. */
export function levelOf(category: Category | undefined): UrgencyLevel | undefined {
  return category ? urgencyOf(category) : undefined;
}
