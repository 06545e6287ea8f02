import { Foundation1764028800000 } from './1764028800000-Foundation';
import { Pathways1764032400000 } from './1764032400000-Pathways';
import { TriageCases1764036000000 } from './1764036000000-TriageCases';
import { Scheduling1764039600000 } from './1764039600000-Scheduling';
import { Visits1764043200000 } from './1764043200000-Visits';
import { CentreDistances1764046800000 } from './1764046800000-CentreDistances';
import { RegionAgreements1764050400000 } from './1764050400000-RegionAgreements';
import { Reporting1764054000000 } from './1764054000000-Reporting';
import { WriteRateLimit1764057600000 } from './1764057600000-WriteRateLimit';
import { VisitReminders1764061200000 } from './1764061200000-VisitReminders';
import { PathwayOwnership1764064800000 } from './1764064800000-PathwayOwnership';
import { PathwayDraftRevision1764064800001 } from './1764064800001-PathwayDraftRevision';
import { VisitSeats1764072000000 } from './1764072000000-VisitSeats';
import { PatientInvariants1764075600000 } from './1764075600000-PatientInvariants';
import { RequestRateKinds1764079200000 } from './1764079200000-RequestRateKinds';
import { AuditListReads1764079200001 } from './1764079200001-AuditListReads';
import { ReportWaitHistogram1764082800000 } from './1764082800000-ReportWaitHistogram';
import { NoticeLease1764082800001 } from './1764082800001-NoticeLease';
import { CalendarFeedTokens1764082800002 } from './1764082800002-CalendarFeedTokens';
import { AuthSessions1764086400000 } from './1764086400000-AuthSessions';
import { VisitOutcomeDrafts1764086400001 } from './1764086400001-VisitOutcomeDrafts';
import { HsaIds1764086400002 } from './1764086400002-HsaIds';
import { Federation1764090000000 } from './1764090000000-Federation';
import { PathwaySignOff1764093600000 } from './1764093600000-PathwaySignOff';
import { PathwaySignOffRequired1764108000000 } from './1764108000000-PathwaySignOffRequired';
import { PatientNoticeChannels1764097200000 } from './1764097200000-PatientNoticeChannels';
import { SpecialtiesAndRollout1764100800000 } from './1764100800000-SpecialtiesAndRollout';
import { TriageFeedback1764100800001 } from './1764100800001-TriageFeedback';
import { AnswerPlansAsData1764115200000 } from './1764115200000-AnswerPlansAsData';
import { PatientLinkFigures1764097200001 } from './1764097200001-PatientLinkFigures';
import { VisitInterpreter1764097200002 } from './1764097200002-VisitInterpreter';
import { EvaluationSums1764118800000 } from './1764118800000-EvaluationSums';
import { TrainingRefresher1764122400000 } from './1764122400000-TrainingRefresher';
import { OidcLoginStates1764104400000 } from './1764104400000-OidcLoginStates';
import { InterpreterSeat1764111600000 } from './1764111600000-InterpreterSeat';
import { Staffing1764118800001 } from './1764118800001-Staffing';

/** Every migration. Listed explicitly so the bundled api needs no file globbing. */
const LISTED = [
  Foundation1764028800000,
  Pathways1764032400000,
  TriageCases1764036000000,
  Scheduling1764039600000,
  Visits1764043200000,
  CentreDistances1764046800000,
  RegionAgreements1764050400000,
  Reporting1764054000000,
  WriteRateLimit1764057600000,
  VisitReminders1764061200000,
  PathwayOwnership1764064800000,
  PathwayDraftRevision1764064800001,
  VisitSeats1764072000000,
  PatientInvariants1764075600000,
  RequestRateKinds1764079200000,
  AuditListReads1764079200001,
  ReportWaitHistogram1764082800000,
  NoticeLease1764082800001,
  CalendarFeedTokens1764082800002,
  AuthSessions1764086400000,
  VisitOutcomeDrafts1764086400001,
  HsaIds1764086400002,
  Federation1764090000000,
  PathwaySignOff1764093600000,
  PathwaySignOffRequired1764108000000,
  PatientNoticeChannels1764097200000,
  SpecialtiesAndRollout1764100800000,
  TriageFeedback1764100800001,
  AnswerPlansAsData1764115200000,
  PatientLinkFigures1764097200001,
  VisitInterpreter1764097200002,
  OidcLoginStates1764104400000,
  InterpreterSeat1764111600000,
  Staffing1764118800001,
  TrainingRefresher1764122400000,
  EvaluationSums1764118800000,
];

/**
 * In timestamp order, the order TypeORM runs them in: a restore compares a backup's list with this one and
 * migrates to a prefix of it, so a line added out of order here must not change the order.
 */
export const MIGRATIONS = [...LISTED].sort((a, b) => timestampOf(a) - timestampOf(b));

function timestampOf(migration: { name: string }): number {
  return Number(/(\d{13})$/.exec(migration.name)?.[1]);
}
