/**
 * Whose data a route's ids and results may belong to. Roles are declared on each route with
 * `@Allow(...)`; the scope of every route is declared here, in one table, and
 * test/regions.e2e-spec.ts checks each route x role x (own centre, other centre, other region)
 * against it (a route missing from this table fails that test).
 */
export type RouteScope =
  /** No sign-in (health, sign-in, the LiveKit webhook with its own signature). */
  | 'public'
  /** The caller's own account. */
  | 'self'
  /**
   * Patient data: a nurse her own health centre's; a specialist the cases her region serves, those an
   * active agreement lets it serve, and the visits she is booked for; an admin her region's.
   */
  | 'centre'
  /** The caller's region's organisation: centres, rooms, users, sessions, pathways, settings, reports. */
  | 'region'
  /** Between two regions: an agreement is seen by its provider and its receiver only. */
  | 'agreement'
  /** The same for everyone signed in (the definition schema, the list of regions, the report list). */
  | 'shared';

export const ROUTE_SCOPES: Readonly<Record<string, RouteScope>> = {
  'AuthController.login': 'public',
  'AuthController.me': 'self',
  'AuthController.logout': 'self',
  'AuthController.changePassword': 'self',
  'AuthController.refresh': 'public',
  'AuthController.logoutEverywhere': 'self',
  'AuthController.sessions': 'self',
  'OrganisationController.endSessions': 'region',
  'OrganisationController.healthCentres': 'region',
  'OrganisationController.createHealthCentre': 'region',
  'OrganisationController.clinics': 'region',
  'OrganisationController.users': 'region',
  'OrganisationController.deactivate': 'region',
  'OrganisationController.activate': 'region',
  'OrganisationController.createUser': 'region',
  'AuditController.list': 'region',
  'PatientsController.create': 'centre',
  'PatientsController.search': 'centre',
  'PatientsController.get': 'centre',
  'PatientsController.update': 'centre',
  'PathwaysController.list': 'region',
  'PathwaysController.schema': 'shared',
  'PathwaysController.create': 'region',
  'PathwaysController.get': 'region',
  'PathwaysController.copy': 'region',
  'PathwaysController.evaluate': 'region',
  'PathwaysController.versions': 'region',
  'PathwaysController.version': 'region',
  'PathwaysController.fhir': 'region',
  'PathwaysController.draft': 'region',
  'PathwaysController.replaceDraft': 'region',
  'PathwaysController.test': 'region',
  'PathwaysController.impact': 'region',
  'PathwaysController.publish': 'region',
  'PathwaysController.submit': 'region',
  'PathwaysController.approve': 'region',
  'PathwaysController.reject': 'region',
  'PathwaysController.restore': 'region',
  'PathwaysController.diff': 'region',
  'PathwayReviewersController.list': 'region',
  'PathwayReviewersController.replace': 'region',
  'CatalogueController.list': 'shared',
  'CatalogueController.own': 'region',
  'CatalogueController.offer': 'region',
  'CatalogueController.withdrawOffer': 'region',
  'CatalogueController.adopt': 'region',
  'CatalogueController.giveUp': 'region',
  'TriageController.submit': 'centre',
  'TriageController.list': 'centre',
  'TriageController.get': 'centre',
  'TriageController.withdraw': 'centre',
  'TriageController.retriage': 'centre',
  'TriageController.queue': 'centre',
  'SchedulingController.autoSchedule': 'region',
  'SchedulingController.rooms': 'region',
  'SchedulingController.createRoom': 'region',
  'SchedulingController.neighbours': 'region',
  'SchedulingController.setNeighbour': 'region',
  'SchedulingController.createSession': 'region',
  'SchedulingController.listSessions': 'region',
  'SchedulingController.calendar': 'region',
  'NoticeStaffController.undelivered': 'centre',
  'NoticeStaffController.printBatch': 'centre',
  'CalendarFeedController.info': 'self',
  'CalendarFeedController.renew': 'self',
  'CalendarFeedController.revoke': 'self',
  'CalendarFeedController.read': 'public',
  'SchedulingController.cancelSession': 'region',
  'SchedulingController.slots': 'region',
  'SchedulingController.book': 'centre',
  'SchedulingController.cancelBooking': 'centre',
  'SchedulingController.reschedule': 'centre',
  'VisitsController.list': 'centre',
  'VisitsController.get': 'centre',
  'VisitsController.join': 'centre',
  'VisitsController.outcome': 'centre',
  'VisitsController.fhir': 'centre',
  'VisitsController.inbox': 'centre',
  'VisitsController.read': 'centre',
  'LiveKitWebhookController.receive': 'public',
  'ReportsController.list': 'shared',
  'ReportsController.settings': 'region',
  'ReportsController.updateSettings': 'region',
  'ReportsController.run': 'region',
  'AgreementsController.regions': 'shared',
  'AgreementsController.list': 'agreement',
  'AgreementsController.propose': 'agreement',
  'AgreementsController.get': 'agreement',
  'AgreementsController.accept': 'agreement',
  'AgreementsController.terminate': 'agreement',
  'HealthController.health': 'public',
  'HealthController.live': 'public',
  'HealthController.ready': 'public',
  'MetricsController.scrape': 'public',
};
