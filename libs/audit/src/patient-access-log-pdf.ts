import PDFDocument from 'pdfkit';
import { formatClinicTime } from '@app/common';
import type { AccessLogItem } from './patient-access-log';

const ACTIONS: Record<string, string> = {
  create: 'Skapade / Created',
  read: 'Läste / Read',
  update: 'Ändrade / Changed',
  delete: 'Tog bort / Deleted',
  execute: 'Utförde / Ran',
  login: 'Inloggning / Sign-in',
};
const OUTCOMES: Record<string, string> = { success: 'genomfört / done', denied: 'nekat / denied', failed: 'misslyckades / failed' };
const ROLES: Record<string, string> = { nurse: 'sjuksköterska / nurse', specialist: 'specialist', admin: 'administratör / administrator' };

const mm = (n: number) => (n * 72) / 25.4;

/**
 * The patient's access log as a PDF (issue 18, #5), for the region to hand to a patient who asks
 * (HSLF-FS 2016:40): A4, every access newest first, each naming who (name, user name, HSA-id, role),
 * for which care unit (name, HSA-id), when (Swedish time), what and why; headings in Swedish and
 * English. The pages are written as `pages` yields them, so a log of any length streams through
 * without being held whole; the document is a stream the caller sends.
 */
export function accessLogPdf(
  meta: { patientId: string; generatedAt: Date },
  pages: AsyncIterable<AccessLogItem[]>,
  onError: (e: unknown) => void,
): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: mm(18), bottom: mm(18), left: mm(20), right: mm(20) },
    info: { Title: 'Loggutdrag: åtkomst till patientens uppgifter', Author: 'Ledtriage' },
  });
  const width = doc.page.width - mm(40);
  doc.font('Helvetica-Bold').fontSize(15).text('Loggutdrag: åtkomst till patientens uppgifter', { width });
  doc.font('Helvetica').fontSize(10).fillColor('#444').text("Access log extract: every access to the patient's data", { width });
  doc.moveDown(0.4).fillColor('#000').fontSize(9);
  doc.text(`Patient (id): ${meta.patientId}`, { width });
  doc.text(`Utdraget skapat / Extract made: ${formatClinicTime(meta.generatedAt)}`, { width });
  doc.text('Nyast först. Tider i svensk tid. / Newest first, Swedish time.', { width });
  doc.moveDown(0.8);

  const write = (i: AccessLogItem, n: number) => {
    // A row is never split over two pages.
    if (doc.y > doc.page.height - mm(18) - 62) doc.addPage();
    const who = i.user.displayName ?? i.user.username ?? 'okänd / unknown';
    const unit = i.careUnit ? `${i.careUnit.name ?? i.careUnit.id ?? ''}${i.careUnit.hsaId ? ` (HSA-id ${i.careUnit.hsaId})` : ''}` : '–';
    const when = formatClinicTime(new Date(i.occurredAt)).slice(0, 19).replace('T', ' ');
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .text(`${n}. ${when}  ${ACTIONS[i.action] ?? i.action}: ${i.resource.type}  (${OUTCOMES[i.outcome] ?? i.outcome})`, { width });
    doc.font('Helvetica').fontSize(8.5);
    doc.text(
      `Vem / Who: ${who}${i.user.username ? ` (${i.user.username})` : ''}` +
        `${i.user.hsaId ? `, HSA-id ${i.user.hsaId}` : ''}${i.user.role ? `, ${ROLES[i.user.role] ?? i.user.role}` : ''}`,
      { width },
    );
    doc.text(`Vårdenhet / Care unit: ${unit}`, { width });
    doc.text(`Varför / Why: ${i.reason ?? '–'}`, { width });
    doc.moveDown(0.5);
  };

  void (async () => {
    let n = 0;
    for await (const page of pages) for (const item of page) write(item, ++n);
    if (n === 0) doc.text('Inga åtkomster. / No accesses.', { width });
    doc.moveDown(0.5).font('Helvetica-Oblique').fontSize(8).text(`${n} rader / rows.`, { width });
    doc.end();
  })().catch((e: unknown) => {
    onError(e);
    doc.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  return doc;
}
