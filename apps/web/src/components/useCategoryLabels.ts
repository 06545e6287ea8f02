import { useEffect, useState } from 'react';
import { api, PathwayDefinition, Text } from '../api';

let cache: Promise<Map<string, Text>> | null = null;

/** Category labels of every published pathway, by category key, loaded once per page. */
export function useCategoryLabels(): (key: string) => Text | undefined {
  const [labels, setLabels] = useState<Map<string, Text>>(new Map());
  useEffect(() => {
    cache ??= api<Array<{ key: string }>>('GET', '/pathways').then(async (list) => {
      const map = new Map<string, Text>();
      for (const p of list) {
        const d = await api<PathwayDefinition>('GET', `/pathways/${p.key}`).catch(() => null);
        for (const c of d?.categories ?? []) if (!map.has(c.key)) map.set(c.key, c.label);
      }
      return map;
    });
    void cache.then(setLabels);
  }, []);
  return (key) => labels.get(key);
}
