import { type FormEvent, useState } from 'react';
import { api, type Schemas } from '../../api';
import { ErrorBox } from '../../components/ErrorBox';
import { Loaded, useLoad } from '../../components/useLoad';
import { useT } from '../../i18n';
import './evaluation.css';

/** A figure typed the Swedish way ("1 140 000", "2,5"); NaN when it is not a number. */
function amount(text: string): number {
  const compact = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return compact === '' ? NaN : Number(compact);
}

/**
 * Issue 19, item 6, on the Reports page beside the `staffing` report: the region records one specialty's
 * month of hired-doctor weeks and cost (and internal locum weeks, for months before the sessions were planned
 * here), or imports a CSV file of them; each save runs the report again.
 */
export function StaffingEntry({ onSaved }: { onSaved: () => void }) {
  const { t, pick } = useT();
  const specialties = useLoad(() => api<Schemas['Specialty'][]>('GET', '/specialties'), []);
  const now = new Date();
  const [form, setForm] = useState({
    specialty: '',
    month: `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`,
    weeks: '',
    cost: '',
    internal: '',
  });
  const [csv, setCsv] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setError(null);
    setMessage(null);
    try {
      await api('PUT', '/staffing', {
        specialty: form.specialty || specialties.data?.[0]?.key,
        month: form.month,
        hiredDoctorWeeks: amount(form.weeks),
        hiredDoctorCost: amount(form.cost),
        internalLocumWeeks: form.internal.trim() === '' ? null : amount(form.internal),
      });
      setMessage(t('stSaved'));
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const importCsv = async () => {
    setError(null);
    setMessage(null);
    try {
      const res = await api<Schemas['StaffingImport']>('POST', '/staffing/import', { csv });
      setMessage(`${t('stImported')} ${res.imported}`);
      setCsv('');
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const readFile = async (file: File | undefined) => {
    if (file) setCsv(await file.text());
  };

  return (
    <div className="st-entry" data-testid="staffing-entry">
      <h3>{t('stTitle')}</h3>
      <p className="muted">{t('stIntro')}</p>
      <Loaded load={specialties} failed="stSpecialtiesFailed">
        {(list) => (
          <form className="row" onSubmit={save}>
            <div>
              <label htmlFor="st-specialty">{t('stSpecialty')}</label>
              <select
                id="st-specialty"
                value={form.specialty || list[0]?.key}
                onChange={(e) => setForm({ ...form, specialty: e.target.value })}
              >
                {list.map((s) => (
                  <option key={s.key} value={s.key}>
                    {pick(s.label)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="st-month">{t('stMonth')}</label>
              <input id="st-month" type="month" required value={form.month} onChange={(e) => setForm({ ...form, month: e.target.value })} />
            </div>
            <div>
              <label htmlFor="st-weeks">{t('stHiredWeeks')}</label>
              <input
                id="st-weeks"
                inputMode="decimal"
                required
                value={form.weeks}
                onChange={(e) => setForm({ ...form, weeks: e.target.value })}
              />
            </div>
            <div>
              <label htmlFor="st-cost">{t('stHiredCost')}</label>
              <input
                id="st-cost"
                inputMode="decimal"
                required
                value={form.cost}
                onChange={(e) => setForm({ ...form, cost: e.target.value })}
              />
            </div>
            <div>
              <label htmlFor="st-internal">{t('stInternalWeeks')}</label>
              <input
                id="st-internal"
                inputMode="decimal"
                value={form.internal}
                onChange={(e) => setForm({ ...form, internal: e.target.value })}
              />
            </div>
            <button className="secondary" type="submit">
              {t('stSave')}
            </button>
          </form>
        )}
      </Loaded>
      <div>
        <label htmlFor="st-csv">
          {t('stImport')}
          <span className="help">{t('stImportHelp')}</span>
        </label>
        <input
          id="st-csv-file"
          type="file"
          accept=".csv,text/csv"
          aria-label={t('stChooseFile')}
          onChange={(e) => void readFile(e.target.files?.[0])}
        />
        <textarea id="st-csv" value={csv} onChange={(e) => setCsv(e.target.value)} />
        <button className="secondary" type="button" disabled={csv.trim() === ''} onClick={() => void importCsv()}>
          {t('stImportButton')}
        </button>
      </div>
      {message && (
        <p className="success" role="status">
          {message}
        </p>
      )}
      <ErrorBox error={error} />
    </div>
  );
}
