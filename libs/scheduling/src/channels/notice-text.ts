import { swedishDateTime } from '@app/common';

/** Pure: the words of a patient notice (issue 22). No Nest, no database. */

export type NoticeKind = 'booked' | 'changed' | 'cancelled' | 'reminder';

export interface NoticeFacts {
  patientName: string;
  start: Date;
  previousStart?: Date;
  healthCentreName: string;
  /** How the patient reaches the centre: its telephone number, or at least its visiting address. */
  healthCentrePhone: string | null;
  healthCentreAddress: string | null;
  /** The patient's own link for this visit (confirm, cancel, another time); none for a cancellation. */
  link: string | null;
}

export interface NoticeText {
  subject: string;
  body: string;
}

/** Why a notice cannot be written: no text goes out without the centre's name and a way to reach it. */
export class NoticeNotSendable extends Error {}

const PREPARE = 'Kom till hälsocentralen 10 minuter före. Ta med en lista över dina läkemedel och skriv gärna ner dina frågor.';

/** "ring Funäsdalen hälsocentral på 0684-123 45", or its address when it has no number. */
function reach(f: NoticeFacts): string {
  if (f.healthCentrePhone) return `ring ${f.healthCentreName} på ${f.healthCentrePhone}`;
  if (f.healthCentreAddress) return `kontakta ${f.healthCentreName}, ${f.healthCentreAddress}`;
  throw new NoticeNotSendable('the health centre has neither a telephone number nor an address to give the patient');
}

/**
 * The Swedish text of a notice: time, place, what to bring, and the action that fits the change (the
 * link to confirm, cancel or ask for another time; the centre's number for questions). Nothing about
 * the patient's health: the text may be read by others on a shared phone or in a letter.
 */
export function noticeText(kind: NoticeKind, f: NoticeFacts): NoticeText {
  const when = swedishDateTime(f.start);
  const place = f.healthCentreAddress ? `${f.healthCentreName}, ${f.healthCentreAddress}` : f.healthCentreName;
  const questions = `Frågor? ${capitalise(reach(f))}.`;
  const act = f.link ? `Bekräfta, avboka eller be om en annan tid här: ${f.link}` : `Kan du inte komma? ${capitalise(reach(f))}.`;
  const hej = `Hej ${f.patientName}!`;
  // A specialist doctor, never which one: an SMS is read on a lock screen, and a specialty says what the
  // patient is being seen for (issue 22: no health data beyond time, place and what to bring).
  const whom = 'specialistläkare';
  const after = `${PREPARE} ${act} ${f.link ? questions : ''}`.trim();
  switch (kind) {
    case 'booked':
      return {
        subject: `Din tid ${when}`,
        body: `${hej} Du har fått en tid för videobesök med ${whom} ${when} på ${place}. ${after}`,
      };
    case 'changed':
      return {
        subject: `Ny tid ${when}`,
        body:
          `${hej} Din tid för videobesök med ${whom} är flyttad` +
          `${f.previousStart ? ` från ${swedishDateTime(f.previousStart)}` : ''} till ${when} på ${place}. ${after}`,
      };
    case 'reminder':
      return {
        subject: `Påminnelse: din tid ${when}`,
        body: `${hej} Påminnelse: du har videobesök med ${whom} ${when} på ${place}. ${after}`,
      };
    case 'cancelled':
      return {
        subject: `Din tid ${when} är inställd`,
        body:
          `${hej} Din tid för videobesök ${when} på ${f.healthCentreName} är inställd. ` +
          `Du behåller din plats i kön och får ett nytt meddelande med en ny tid. ${questions}`,
      };
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
