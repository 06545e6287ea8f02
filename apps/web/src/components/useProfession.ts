import { useEffect, useState } from 'react';
import { api, type Schemas, type Text, type User } from '../api';

/** Issue 19: a specialist's profession(s) from the specialty data (Reumatolog, Hudläkare, ...), never from the code. */
export function useProfession(user: User | null): Text | null {
  const [profession, setProfession] = useState<Text | null>(null);
  useEffect(() => {
    setProfession(null);
    if (user?.role !== 'specialist') return;
    api<Schemas['Specialty'][]>('GET', '/specialties')
      .then((all) => {
        const mine = all.filter((s) => s.mine).map((s) => s.profession);
        if (mine.length > 0) setProfession({ sv: mine.map((p) => p.sv).join(', '), en: mine.map((p) => p.en).join(', ') });
      })
      .catch(() => undefined);
  }, [user?.id, user?.role]);
  return profession;
}
