import { useState } from 'react';
import { api, type Schemas } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Loaded, useLoad } from '../components/useLoad';
import { useT } from '../i18n';
import { money } from './federation-types';

type Partner = Schemas['FederationPartner'];
type OutboxState = Schemas['FederationOutboxStatus'];
type InvoiceBasis = Schemas['FederationInvoiceBasis'];

/** The administrator's screen for issue 21: partner installations and keys, the services offered, deliveries, the invoice basis. */
export function FederationAdmin() {
  const { t, lang } = useT();
  const [error, setError] = useState<unknown>(null);
  const jwks = useLoad(() => api<Schemas['FederationJwks']>('GET', '/federation/jwks'), []);
  const partners = useLoad(() => api<Partner[]>('GET', '/federation/partners'), []);
  const services = useLoad(() => api<Schemas['FederationCatalogue']>('GET', '/federation/catalogue'), []);
  const outbox = useLoad(() => api<OutboxState[]>('GET', '/federation/outbox'), []);
  const [month, setMonth] = useState(new Date().toISOString().slice(0, 7));
  const invoice = useLoad(() => api<InvoiceBasis>('GET', `/federation/invoice-basis?month=${month}`), [month]);
  const [partner, setPartner] = useState({ name: '', baseUrl: '' });
  const [service, setService] = useState({
    title: '',
    specialty: '',
    pathwayKey: '',
    turnaroundDays: '14',
    pricePerReferral: '0',
    contact: '',
  });
  const [newPrice, setNewPrice] = useState<Record<string, string>>({});
  const run = async (f: () => Promise<unknown>, after: () => void) => {
    setError(null);
    try {
      await f();
      after();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="fed-admin-h">
      <h2 id="fed-admin-h">{t('fedReferrals')}</h2>
      <ErrorBox error={error} />
      <div className="card">
        <h3>{t('fedPartners')}</h3>
        <Loaded load={jwks} failed="loadFailed_federation">
          {(j) => (
            <p>
              {t('fedThisInstallation')}: <code data-testid="installation-id">{j.installationId}</code> · {t('fedKeys')}:{' '}
              {j.keys.map((k) => k.kid.slice(0, 8)).join(', ')}{' '}
              <button className="secondary" onClick={() => run(() => api('POST', '/federation/keys/rotate'), jwks.reload)}>
                {t('fedRotateKey')}
              </button>
            </p>
          )}
        </Loaded>
        <Loaded load={partners} failed="loadFailed_federation">
          {(items) => (
            <ul>
              {items.map((p) => (
                <li key={p.id}>
                  <strong>{p.name}</strong> {p.baseUrl} <code>{p.installationId}</code> ({p.keyIds.length} {t('fedKeys').toLowerCase()})
                </li>
              ))}
            </ul>
          )}
        </Loaded>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () => api('POST', '/federation/partners', partner),
              () => {
                setPartner({ name: '', baseUrl: '' });
                partners.reload();
              },
            );
          }}
        >
          <label>
            {t('name')}
            <input name="partnerName" value={partner.name} onChange={(e) => setPartner({ ...partner, name: e.target.value })} />
          </label>
          <label>
            {t('fedBaseUrl')}
            <input name="partnerBaseUrl" value={partner.baseUrl} onChange={(e) => setPartner({ ...partner, baseUrl: e.target.value })} />
          </label>
          <button type="submit">{t('fedRegisterPartner')}</button>
        </form>
      </div>

      <div className="card">
        <h3>{t('fedServices')}</h3>
        <Loaded load={services} failed="loadFailed_federation">
          {(c) => (
            <ul>
              {c.services.map((s) => (
                <li key={s.id}>
                  <strong>{s.title}</strong> ({s.specialty}, {s.pathwayKey}) {s.turnaroundDays} d,{' '}
                  {money(s.pricePerReferral, s.currency, lang)}, {s.status === 'open' ? t('fedStatus_accepted') : t('fedStatus_rejected')}
                  <input
                    aria-label={t('fedSetPrice')}
                    size={8}
                    value={newPrice[s.id] ?? ''}
                    onChange={(e) => setNewPrice({ ...newPrice, [s.id]: e.target.value })}
                  />
                  <button
                    className="secondary"
                    onClick={() =>
                      run(() => api('PUT', `/federation/services/${s.id}`, { pricePerReferral: Number(newPrice[s.id]) }), services.reload)
                    }
                  >
                    {t('fedSetPrice')}
                  </button>
                  {s.status === 'open' && (
                    <button
                      className="secondary"
                      onClick={() => run(() => api('PUT', `/federation/services/${s.id}`, { status: 'closed' }), services.reload)}
                    >
                      {t('fedClose')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Loaded>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const body = {
              ...service,
              turnaroundDays: Number(service.turnaroundDays),
              pricePerReferral: Number(service.pricePerReferral),
              contact: service.contact || undefined,
            };
            void run(() => api('POST', '/federation/services', body), services.reload);
          }}
        >
          {(
            [
              ['title', 'fedTitle'],
              ['specialty', 'fedSpecialty'],
              ['pathwayKey', 'pathway'],
              ['turnaroundDays', 'fedTurnaround'],
              ['pricePerReferral', 'fedPrice'],
              ['contact', 'fedContact'],
            ] as const
          ).map(([k, label]) => (
            <label key={k}>
              {t(label)}
              <input name={`service-${k}`} value={service[k]} onChange={(e) => setService({ ...service, [k]: e.target.value })} />
            </label>
          ))}
          <button type="submit">{t('fedOfferService')}</button>
        </form>
      </div>

      <div className="card">
        <h3>{t('fedOutbox')}</h3>
        <Loaded load={outbox} failed="loadFailed_federation">
          {(rows) => (
            <table>
              <thead>
                <tr>
                  <th>{t('fedPartner')}</th>
                  <th>{t('fedWaiting')}</th>
                  <th>{t('fedDelivered')}</th>
                  <th>{t('fedLastError')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.partnerId}>
                    <td>{r.partnerName}</td>
                    <td>{r.waiting}</td>
                    <td>{r.delivered}</td>
                    <td>{r.lastError ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
        <button className="secondary" onClick={() => run(() => api('POST', '/federation/outbox/retry', {}), outbox.reload)}>
          {t('fedRetry')}
        </button>
      </div>

      <div className="card">
        <h3>{t('fedInvoice')}</h3>
        <label>
          {t('fedMonth')}
          <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </label>
        <Loaded load={invoice} failed="loadFailed_federation">
          {(b) => (
            <table>
              <thead>
                <tr>
                  <th>{t('fedPartner')}</th>
                  <th />
                  <th>{t('fedCount')}</th>
                  <th>{t('fedTotal')}</th>
                </tr>
              </thead>
              <tbody>
                {b.totals.map((x) => (
                  <tr key={`${x.partnerName}-${x.direction}-${x.currency}`}>
                    <td>{x.partnerName}</td>
                    <td>{x.direction === 'outgoing' ? t('fedOut') : t('fedIn')}</td>
                    <td>{x.referrals}</td>
                    <td>{money(x.total, x.currency, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      </div>
    </section>
  );
}
