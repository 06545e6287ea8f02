import PDFDocument from 'pdfkit';
import { formatClinicTime } from '@app/common';

/** One letter of a printed batch: the window envelope's address, the centre as sender, the notice. */
export interface Letter {
  patientName: string;
  postalAddress: string;
  centreName: string;
  centrePhone: string | null;
  centreAddress: string | null;
  subject: string;
  body: string;
  createdAt: Date;
}

/**
 * A printable batch of letters for the centre to post (issue 22): A4, one letter a page, the address
 * placed for a C5/C65 window envelope (Swedish standard SS 637006: 20 mm from the left, 45-55 mm down).
 */
export function renderLetterBatch(letters: Letter[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: 'Brev till patienter', Author: 'Ledtriage' } });
  const mm = (n: number) => (n * 72) / 25.4;
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const l of letters) {
    doc.addPage();
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(l.centreName, mm(20), mm(15), { width: mm(90) });
    doc.font('Helvetica').fontSize(9);
    if (l.centreAddress) doc.text(l.centreAddress, { width: mm(90) });
    if (l.centrePhone) doc.text(`Telefon ${l.centrePhone}`, { width: mm(90) });
    doc.fontSize(9).text(formatClinicTime(l.createdAt).slice(0, 10), mm(140), mm(15), { width: mm(50), align: 'right' });
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(`${l.patientName}\n${l.postalAddress}`, mm(20), mm(47), { width: mm(85) });
    doc
      .font('Helvetica-Bold')
      .fontSize(14)
      .text(l.subject, mm(20), mm(100), { width: mm(170) });
    doc
      .moveDown(0.8)
      .font('Helvetica')
      .fontSize(12)
      .text(l.body, { width: mm(170), lineGap: 3 });
  }
  doc.end();
  return done;
}
