import { useState } from 'react';
import { api, type Schemas, type Slot } from '../api';
import { formatDateTime, useT } from '../i18n';
import { ActionError, ConfirmAction } from './ConfirmAction';
import { useLoad } from './useLoad';

/** A booked time of a clinic session (GET /clinic-sessions: a slot's `booking`), as far as the actions read it. */
export type BookedSlot = Pick<
  NonNullable<Schemas['ClinicSession']['slots'][number]['booking']>,
  'id' | 'visitId' | 'visitStatus' | 'patient'
>;

/**
 * What the specialist and the administrator may do with a booked time (issue 17): move it to another free
 * time at the same health centre, cancel it (the case goes back to the queue), and, once the visit has
 * its answer, export the visit and the answer as FHIR. Each change asks first and says why it failed.
 */
export function BookingActions({ booking, healthCentreId, onDone }: { booking: BookedSlot; healthCentreId: string; onDone: () => void }) {
  const { t } = useT();
  const changeable = booking.visitStatus === 'scheduled';
  return (
    <div className="actions-cell">
      {changeable && <Reschedule booking={booking} healthCentreId={healthCentreId} onDone={onDone} />}
      {changeable && (
        <ConfirmAction
          label={t('bookingCancelAction')}
          question={`${t('cancelBookingQuestion')} ${booking.patient.name}?`}
          confirmLabel={t('bookingCancelConfirm')}
          failed="actionFailed_cancelBooking"
          reason="optional"
          danger
          run={(reason) => api('POST', `/bookings/${booking.id}/cancel`, reason ? { reason } : {})}
          onDone={onDone}
          testId="cancel-booking"
        />
      )}
      {booking.visitStatus === 'completed' && <FhirExport visitId={booking.visitId} />}
    </div>
  );
}

/** The free times at a centre, the coming eight weeks, as a choice; read only once `open`. With `pathwayKey`, only its specialty's. */
function FreeSlots({
  id,
  healthCentreId,
  pathwayKey,
  open,
  value,
  onChange,
}: {
  id: string;
  healthCentreId: string;
  pathwayKey?: string;
  open: boolean;
  value: string;
  onChange: (slotId: string) => void;
}) {
  const { t, lang } = useT();
  const free = useLoad(async () => {
    if (!open) return [] as Slot[];
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 56 * 86_400_000).toISOString();
    return api<Slot[]>(
      'GET',
      `/slots?${new URLSearchParams({ healthCentreId, free: 'true', from, to, ...(pathwayKey ? { pathwayKey } : {}) })}`,
    );
  }, [open, healthCentreId, pathwayKey]);
  return (
    <>
      <label htmlFor={id}>{t('newTime')}</label>
      {free.error ? (
        <ActionError failed="loadFailed_freeTimes" error={free.error} />
      ) : (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required>
          <option value="">
            {free.data === undefined || free.loading ? t('loading') : free.data.length === 0 ? t('noFreeTimes') : ''}
          </option>
          {(free.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {formatDateTime(s.start, lang)} · {s.specialist.displayName} · {t(s.mode === 'onsite' ? 'onsite' : 'remote')}
            </option>
          ))}
        </select>
      )}
    </>
  );
}

function Reschedule({ booking, healthCentreId, onDone }: { booking: BookedSlot; healthCentreId: string; onDone: () => void }) {
  const { t } = useT();
  const [slotId, setSlotId] = useState('');
  const [open, setOpen] = useState(false);
  return (
    <ConfirmAction
      label={t('reschedule')}
      question={`${t('rescheduleQuestion')} ${booking.patient.name}`}
      confirmLabel={t('rescheduleConfirm')}
      failed="actionFailed_reschedule"
      ready={slotId !== ''}
      run={() => api('POST', `/bookings/${booking.id}/reschedule`, { slotId })}
      onDone={() => {
        setSlotId('');
        onDone();
      }}
      onOpen={() => setOpen(true)}
      testId="reschedule"
    >
      <FreeSlots id={`reschedule-${booking.id}`} healthCentreId={healthCentreId} open={open} value={slotId} onChange={setSlotId} />
    </ConfirmAction>
  );
}

/** A case in the queue booked by the specialist herself, on a free time at the patient's centre. */
export function BookCase({
  caseId,
  patientName,
  healthCentreId,
  pathwayKey,
  onDone,
}: {
  caseId: string;
  patientName: string;
  healthCentreId: string;
  pathwayKey?: string;
  onDone: (booking: Schemas['Booking']) => void;
}) {
  const { t } = useT();
  const [slotId, setSlotId] = useState('');
  const [open, setOpen] = useState(false);
  return (
    <ConfirmAction
      label={t('bookCase')}
      className="secondary"
      question={`${t('bookCaseQuestion')} ${patientName}`}
      confirmLabel={t('bookCaseConfirm')}
      failed="actionFailed_book"
      ready={slotId !== ''}
      run={async () => onDone(await api<Schemas['Booking']>('POST', '/bookings', { caseId, slotId }))}
      onOpen={() => setOpen(true)}
      testId="book-case"
    >
      <FreeSlots
        id={`book-${caseId}`}
        healthCentreId={healthCentreId}
        pathwayKey={pathwayKey}
        open={open}
        value={slotId}
        onChange={setSlotId}
      />
    </ConfirmAction>
  );
}

/** The visit and its answer as a FHIR R4 Bundle, saved as a file (the read is audited by the api). */
export function FhirExport({ visitId }: { visitId: string }) {
  const { t } = useT();
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    setSaved(null);
    try {
      const bundle = await api<Schemas['VisitFhirBundle']>('GET', `/visits/${visitId}/fhir`);
      const name = `besok-${visitId}.fhir.json`;
      const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/fhir+json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setSaved(name);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <span>
      <button type="button" className="link" onClick={() => void run()} data-testid="fhir-export">
        {t('fhirExport')}
      </button>
      {saved && (
        <span role="status" className="success">
          {' '}
          {t('fhirSaved')} {saved}
        </span>
      )}
      <ActionError failed="actionFailed_fhir" error={error} />
    </span>
  );
}
