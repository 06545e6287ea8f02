import { useState } from 'react';
import { api, type Schemas, session } from '../api';
import { formatDateTime, type Key, useT } from '../i18n';
import { Loaded, useLoad } from './useLoad';

type Undelivered = Schemas['UndeliveredNotices'];

/**
 * The centre's notices that did not reach their patient (issue 22): each with why, so the nurse can ring
 * the patient or correct the number, and the letters waiting to be printed and posted.
 */
export function UndeliveredNotices({ healthCentreId }: { healthCentreId: string }) {
  const { t, lang } = useT();
  const load = useLoad(() => api<Undelivered>('GET', '/notices/undelivered'), []);
  const [printError, setPrintError] = useState(false);

  const print = async () => {
    setPrintError(false);
    // A PDF, not JSON: fetched with the session's token and opened for the browser's print dialog.
    const res = await fetch('/api/v1/notices/letter-batches', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session.token ? { authorization: `Bearer ${session.token}` } : {}) },
      body: JSON.stringify({ healthCentreId }),
    });
    if (!res.ok) return setPrintError(true);
    window.open(URL.createObjectURL(await res.blob()), '_blank');
    load.reload();
  };

  return (
    <Loaded load={load} failed="loadFailed_notices" empty={null}>
      {(data) =>
        data.items.length === 0 && data.lettersToPrint === 0 ? null : (
          <section className="card" aria-labelledby="undelivered-title">
            <h2 id="undelivered-title">
              {t('undeliveredTitle')} <span className="badge overdue">{data.items.length}</span>
            </h2>
            {data.lettersToPrint > 0 && (
              <p>
                {t('lettersToPrint').replace('{n}', String(data.lettersToPrint))}{' '}
                <button className="secondary" onClick={() => void print()}>
                  {t('printLetters')}
                </button>
                {printError && <span role="alert"> {t('printFailed')}</span>}
              </p>
            )}
            {data.items.length > 0 && (
              <table>
                <thead>
                  <tr>
                    <th>{t('patient')}</th>
                    <th>{t('noticeKind')}</th>
                    <th>{t('noticeChannel')}</th>
                    <th>{t('noticeReason')}</th>
                    <th>{t('noticeCreated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((n) => (
                    <tr key={n.id}>
                      <td>{n.patient.name}</td>
                      <td>{t(`noticeKind_${n.kind}` as Key)}</td>
                      <td>{t(`noticeChannel_${n.channel}` as Key)}</td>
                      <td>
                        {n.status === 'pending' ? `${t('noticeRetrying')} ` : ''}
                        {n.reason}
                      </td>
                      <td>{formatDateTime(n.createdAt, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )
      }
    </Loaded>
  );
}
