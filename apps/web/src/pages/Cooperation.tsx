import { type FormEvent, useState } from 'react';
import { api, type HealthCentre, type Schemas, type Text, type User } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { type Load, Loaded, LoadError, useLoad } from '../components/useLoad';
import { formatDate, useT } from '../i18n';

export type Agreement = Schemas['RegionAgreement'];
type CatalogueEntry = Schemas['CatalogueEntry'];

/** Cooperation between regions: agreements (shared specialists, prices) and the pathway catalogue. */
export function Cooperation({ user }: { user: User }) {
  const agreements = useLoad(() => api<Agreement[]>('GET', '/agreements'), []);
  return (
    <>
      <Agreements user={user} agreements={agreements} reload={agreements.reload} />
      <ProposeAgreement user={user} onDone={agreements.reload} />
      <Catalogue />
    </>
  );
}

function money(n: number, currency: string, lang: string): string {
  return new Intl.NumberFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
}

function Agreements({ user, agreements, reload }: { user: User; agreements: Load<Agreement[]>; reload: () => void }) {
  const { t, lang, pick } = useT();
  const [error, setError] = useState<unknown>(null);
  // Only the pathways' names: without them the keys are shown.
  const titles =
    useLoad(async () => new Map((await api<Schemas['PathwaySummary'][]>('GET', '/pathways')).map((x) => [x.key, x.title])), []).data ??
    new Map<string, Text>();
  const act = async (id: string, what: 'accept' | 'terminate') => {
    if (what === 'terminate' && !window.confirm(t('confirmTerminate'))) return;
    setError(null);
    try {
      await api('POST', `/agreements/${id}/${what}`);
      reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="agreements-title">
      <h2 id="agreements-title">{t('agreements')}</h2>
      <p className="muted">{t('agreementsHelp')}</p>
      <Loaded load={agreements} failed="loadFailed_agreements" empty={<p className="muted">{t('noAgreements')}</p>}>
        {(agreements) => (
          <table data-testid="agreements">
            <thead>
              <tr>
                <th>{t('agreement')}</th>
                <th>{t('providerRegion')}</th>
                <th>{t('receivingCentres')}</th>
                <th>{t('capacity')}</th>
                <th>{t('validity')}</th>
                <th>{t('prices')}</th>
                <th>{t('status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {agreements.map((a) => (
                <tr key={a.id}>
                  <td>
                    <strong>{a.title}</strong>
                    <div className="muted">{a.pathwayKeys.map((k) => (titles.has(k) ? pick(titles.get(k)) : k)).join(', ')}</div>
                  </td>
                  <td>
                    {a.provider.regionName}
                    <div className="muted">{a.provider.clinicName}</div>
                  </td>
                  <td>
                    {a.receiver.regionName}
                    <div className="muted">{a.healthCentres.map((c) => c.name).join(', ')}</div>
                  </td>
                  <td>
                    {Math.round(a.capacity.share * 100)} % = {a.capacity.hoursPerWeek} {t('hoursPerWeek')}
                    <div className="muted">
                      {t('bookedThisWeek')}: {a.capacity.bookedHoursThisWeek} h
                    </div>
                  </td>
                  <td>
                    {formatDate(`${a.validFrom}T12:00:00Z`, lang)} – {formatDate(`${a.validTo}T12:00:00Z`, lang)}
                  </td>
                  <td>
                    {t('priceRemoteVisit')}: {money(a.prices.remoteVisit, a.prices.currency, lang)}
                    <br />
                    {t('priceOnsiteDay')}: {money(a.prices.onsiteDay, a.prices.currency, lang)}
                    <br />
                    {t('priceNoShow')}: {money(a.prices.noShow, a.prices.currency, lang)}
                  </td>
                  <td>
                    <span className="badge">{t(`agreement_${a.status}` as 'agreement_active')}</span>
                  </td>
                  <td>
                    {a.status === 'proposed' && a.provider.regionId === user.regionId && (
                      <button className="primary" onClick={() => void act(a.id, 'accept')}>
                        {t('accept')}
                      </button>
                    )}
                    {a.status !== 'terminated' && (
                      <button className="link" onClick={() => void act(a.id, 'terminate')}>
                        {t('terminate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      <ErrorBox error={error} />
    </section>
  );
}

type RegionRow = Schemas['Region'];

/** The receiving region proposes: its centres, the pathways, the share of a specialist, the prices. */
function ProposeAgreement({ user, onDone }: { user: User; onDone: () => void }) {
  const { t, pick } = useT();
  // The form's choices: without them it cannot be filled in, so a failure is said, with a retry.
  const choices = useLoad(async () => {
    const [r, c, p] = await Promise.all([
      api<RegionRow[]>('GET', '/regions'),
      api<HealthCentre[]>('GET', '/health-centres'),
      api<Schemas['PathwaySummary'][]>('GET', '/pathways'),
    ]);
    return { regions: r.filter((x) => x.id !== user.regionId), centres: c, pathways: p.filter((x) => x.status === 'published') };
  }, [user.regionId]);
  const { regions, centres, pathways } = choices.data ?? { regions: [], centres: [], pathways: [] };
  const year = new Date().getFullYear();
  const [form, setForm] = useState({
    title: '',
    providerRegionId: '',
    providerClinicId: '',
    healthCentreIds: [] as string[],
    pathwayKeys: [] as string[],
    capacityPercent: 40,
    validFrom: new Date().toISOString().slice(0, 10),
    validTo: `${year + 1}-12-31`,
    remoteVisit: 1800,
    onsiteDay: 14000,
    noShow: 600,
  });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const clinics = regions.find((r) => r.id === form.providerRegionId)?.clinics ?? [];
  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      const a = await api<Agreement>('POST', '/agreements', {
        title: form.title,
        providerRegionId: form.providerRegionId,
        providerClinicId: form.providerClinicId,
        healthCentreIds: form.healthCentreIds,
        pathwayKeys: form.pathwayKeys,
        capacityShare: form.capacityPercent / 100,
        validFrom: form.validFrom,
        validTo: form.validTo,
        prices: { remoteVisit: form.remoteVisit, onsiteDay: form.onsiteDay, noShow: form.noShow },
      });
      setDone(`${t('proposed')}: ${a.title} (${a.capacity.hoursPerWeek} ${t('hoursPerWeek')})`);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="propose-title">
      <h2 id="propose-title">{t('proposeAgreement')}</h2>
      <p className="muted">{t('proposeHelp')}</p>
      {choices.error && <LoadError what="loadFailed_choices" error={choices.error} onRetry={choices.reload} />}
      <div className="row">
        <div>
          <label htmlFor="ag-title">{t('agreementTitle')}</label>
          <input id="ag-title" value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} required />
        </div>
        <div>
          <label htmlFor="ag-region">{t('providerRegion')}</label>
          <select
            id="ag-region"
            value={form.providerRegionId}
            onChange={(e) => setForm({ ...form, providerRegionId: e.target.value, providerClinicId: '' })}
            required
          >
            <option value="" />
            {regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ag-clinic">{t('providerClinic')}</label>
          <select
            id="ag-clinic"
            value={form.providerClinicId}
            onChange={(e) => setForm({ ...form, providerClinicId: e.target.value })}
            required
          >
            <option value="" />
            {clinics.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}, {c.hospitalName}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset>
        <legend>{t('receivingCentres')}</legend>
        <div className="radio-row" style={{ flexWrap: 'wrap' }}>
          {centres.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={form.healthCentreIds.includes(c.id)}
                onChange={() => setForm({ ...form, healthCentreIds: toggle(form.healthCentreIds, c.id) })}
              />
              {c.name}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('pathways')}</legend>
        <div className="radio-row" style={{ flexWrap: 'wrap' }}>
          {pathways.map((p) => (
            <label key={p.key}>
              <input
                type="checkbox"
                checked={form.pathwayKeys.includes(p.key)}
                onChange={() => setForm({ ...form, pathwayKeys: toggle(form.pathwayKeys, p.key) })}
              />
              {pick(p.title)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="row">
        <div>
          <label htmlFor="ag-share">
            {t('capacityPercent')}
            <span className="help">
              = {Math.round(form.capacityPercent * 0.4 * 10) / 10} {t('hoursPerWeek')}
            </span>
          </label>
          <input
            id="ag-share"
            type="number"
            min={1}
            max={100}
            value={form.capacityPercent}
            onChange={(e) => setForm({ ...form, capacityPercent: Number(e.target.value) })}
          />
        </div>
        <div>
          <label htmlFor="ag-from">{t('validFrom')}</label>
          <input
            id="ag-from"
            type="date"
            value={form.validFrom}
            onChange={(e) => setForm({ ...form, validFrom: e.target.value })}
            required
          />
        </div>
        <div>
          <label htmlFor="ag-to">{t('validTo')}</label>
          <input id="ag-to" type="date" value={form.validTo} onChange={(e) => setForm({ ...form, validTo: e.target.value })} required />
        </div>
      </div>
      <div className="row">
        <div>
          <label htmlFor="ag-remote">{t('priceRemoteVisit')} (SEK)</label>
          <input
            id="ag-remote"
            type="number"
            min={0}
            value={form.remoteVisit}
            onChange={(e) => setForm({ ...form, remoteVisit: Number(e.target.value) })}
          />
        </div>
        <div>
          <label htmlFor="ag-onsite">{t('priceOnsiteDay')} (SEK)</label>
          <input
            id="ag-onsite"
            type="number"
            min={0}
            value={form.onsiteDay}
            onChange={(e) => setForm({ ...form, onsiteDay: Number(e.target.value) })}
          />
        </div>
        <div>
          <label htmlFor="ag-noshow">{t('priceNoShow')} (SEK)</label>
          <input
            id="ag-noshow"
            type="number"
            min={0}
            value={form.noShow}
            onChange={(e) => setForm({ ...form, noShow: Number(e.target.value) })}
          />
        </div>
        <button className="primary">{t('propose')}</button>
      </div>
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      <ErrorBox error={error} />
    </form>
  );
}

/** Offered pathways: offer one of the region's own, adopt another region's. */
function Catalogue() {
  const { t, pick } = useT();
  const catalogue = useLoad(
    () =>
      Promise.all([
        api<CatalogueEntry[]>('GET', '/pathway-catalogue'),
        api<Schemas['OwnPublishedPathway'][]>('GET', '/pathway-catalogue/own'),
      ]),
    [],
  );
  const [entries, own] = catalogue.data ?? [[], []];
  const load = catalogue.reload;
  const [error, setError] = useState<unknown>(null);
  const act = async (method: string, path: string) => {
    setError(null);
    try {
      await api(method, path);
      load();
    } catch (e) {
      setError(e);
    }
  };
  const unoffered = own.filter((p) => !p.offered);
  return (
    <section className="card" aria-labelledby="catalogue-title">
      <h2 id="catalogue-title">{t('catalogue')}</h2>
      <p className="muted">{t('catalogueHelp')}</p>
      <Loaded
        load={catalogue}
        failed="loadFailed_catalogue"
        empty={<p className="muted">{t('catalogueEmpty')}</p>}
        isEmpty={([e]) => e.length === 0}
      >
        {() => (
          <table data-testid="catalogue">
            <thead>
              <tr>
                <th>{t('pathway')}</th>
                <th>{t('offeredBy')}</th>
                <th>{t('status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.key}>
                  <td>
                    {pick(e.title)} <span className="muted">v{e.version}</span>
                  </td>
                  <td>{e.offeredBy.regionName}</td>
                  <td>
                    {e.own
                      ? `${t('offeredByUs')} (${e.adoptedBy} ${t('adoptingRegions')})`
                      : e.adopted
                        ? t('adoptedByUs')
                        : t('notAdopted')}
                  </td>
                  <td>
                    {e.own && (
                      <button className="link" onClick={() => void act('DELETE', `/pathways/${e.key}/offer`)}>
                        {t('withdrawOffer')}
                      </button>
                    )}
                    {!e.own && !e.adopted && (
                      <button className="primary" onClick={() => void act('POST', `/pathway-catalogue/${e.key}/adopt`)}>
                        {t('adopt')}
                      </button>
                    )}
                    {!e.own && e.adopted && (
                      <button className="link" onClick={() => void act('DELETE', `/pathway-catalogue/${e.key}/adopt`)}>
                        {t('giveUp')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      {unoffered.length > 0 && (
        <div className="row">
          {unoffered.map((p) => (
            <button key={p.key} className="secondary" onClick={() => void act('POST', `/pathways/${p.key}/offer`)}>
              {t('offer')}: {pick(p.title)}
            </button>
          ))}
        </div>
      )}
      <ErrorBox error={error} />
    </section>
  );
}
