/**
 * Generated from docs/openapi.json by test/api-reference.e2e-spec.ts with openapi-typescript: do not edit.
 * `UPDATE_API_REFERENCE=1 npx jest test/api-reference` writes it anew; the test fails when it is stale, and
 * the web's typecheck fails when a server change breaks a page that reads the changed shape.
 */
export interface paths {
    "/api/v1/agreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AgreementsController_list"];
        put?: never;
        post: operations["AgreementsController_propose"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AgreementsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AgreementsController_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{id}/terminate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AgreementsController_terminate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuditController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_logoutEverywhere"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuthController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OidcController_methods"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OidcController_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OidcController_login"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AuthController_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuthController_sessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SchedulingController_book"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bookings/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SchedulingController_cancelBooking"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bookings/{id}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SchedulingController_reschedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar.ics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SchedulingController_calendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CalendarFeedController_info"];
        put?: never;
        post: operations["CalendarFeedController_renew"];
        delete: operations["CalendarFeedController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar/feed/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CalendarFeedController_read"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SchedulingController_listSessions"];
        put?: never;
        post: operations["SchedulingController_createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic-sessions/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SchedulingController_cancelSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OrganisationController_clinics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinics/{id}/hsa-id": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["HsaIdController_clinic"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FederationController_catalogue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/invoice-basis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FederationController_invoiceBasis"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/jwks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FederationController_jwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["FederationController_rotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["FederationController_receive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/news": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FederationController_news"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/news/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["FederationController_readNews"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/offers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FederationController_offers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FederationController_outboxStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/outbox/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["FederationController_retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/partners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FederationController_partners"];
        put?: never;
        post: operations["FederationController_registerPartner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["FederationController_offerService"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/federation/services/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["FederationController_changeService"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health-centres": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OrganisationController_healthCentres"];
        put?: never;
        post: operations["OrganisationController_createHealthCentre"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health-centres/{id}/hsa-id": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["HsaIdController_healthCentre"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health-centres/{id}/neighbours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SchedulingController_neighbours"];
        put?: never;
        post: operations["SchedulingController_setNeighbour"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health-centres/{id}/rooms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SchedulingController_rooms"];
        put?: never;
        post: operations["SchedulingController_createRoom"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/i/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["InterpretersController_view"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/i/{token}/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["InterpretersController_join"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["VisitsController_inbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["VisitsController_read"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/my-pathways": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RolloutController_mine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/my-queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RolloutController_queues"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notices/letter-batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["NoticeStaffController_printBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notices/undelivered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["NoticeStaffController_undelivered"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/p/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PatientLinkController_read"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/p/{token}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PatientLinkController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/p/{token}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PatientLinkController_confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/p/{token}/rebook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PatientLinkController_rebook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/p/{token}/times": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PatientLinkController_times"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/p/{token}/wish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PatientLinkController_wish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathway-catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CatalogueController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathway-catalogue/own": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CatalogueController_own"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathway-catalogue/{key}/adopt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CatalogueController_adopt"];
        delete: operations["CatalogueController_giveUp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathway-reviewers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwayReviewersController_list"];
        put: operations["PathwayReviewersController_replace"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathway-reviewers/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwayReviewersController_queue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathway-reviewers/sign-off": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwayReviewersController_signOff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwaysController_list"];
        put?: never;
        post: operations["PathwaysController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/schema": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwaysController_schema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwaysController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/copy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PathwaysController_copy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwaysController_draft"];
        put: operations["PathwaysController_replaceDraft"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/draft/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PathwaysController_approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/draft/impact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PathwaysController_impact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/draft/impact/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwaysController_impactCases"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/draft/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PathwaysController_reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/draft/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PathwaysController_submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/draft/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PathwaysController_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PathwaysController_evaluate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/evaluation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RolloutController_evaluate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/fhir": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwaysController_fhir"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/offer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CatalogueController_offer"];
        delete: operations["CatalogueController_withdrawOffer"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PathwaysController_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/rollouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RolloutController_rollouts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/rollouts/{healthCentreId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["RolloutController_setRollout"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/rule-feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RolloutController_ruleFeedback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/training": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RolloutController_vignettes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/training-records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RolloutController_trainingRecords"];
        put?: never;
        post: operations["RolloutController_recordTraining"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/training-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["RolloutController_trainingSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/training/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RolloutController_attempt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/training/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RolloutController_check"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwaysController_versions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/versions/{from}/diff/{to}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwaysController_diff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PathwaysController_version"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pathways/{key}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PathwaysController_restore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PatientsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PatientsController_search"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PatientsController_get"];
        put: operations["PatientsController_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{id}/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PatientAccessLogController_accessLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["TriageController_queue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ReferralsController_list"];
        put?: never;
        post: operations["ReferralsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ReferralsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ReferralsController_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}/answer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ReferralsController_answer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}/answer/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ReferralsController_readAnswer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ReferralsController_complete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}/fhir": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ReferralsController_fhir"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ReferralsController_reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{id}/request-completion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ReferralsController_requestCompletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/regions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AgreementsController_regions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ReportsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ReportsController_settings"];
        put: operations["ReportsController_updateSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ReportsController_run"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/scheduling/auto": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SchedulingController_autoSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/slots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SchedulingController_slots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/specialties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RolloutController_specialties"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/staffing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StaffingController_list"];
        put: operations["StaffingController_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/staffing/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["StaffingController_import"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triage-cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["TriageController_list"];
        put?: never;
        post: operations["TriageController_submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triage-cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["TriageController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triage-cases/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["TriageController_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triage-cases/{id}/retriage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["TriageController_retriage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triage-cases/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["TriageController_withdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OrganisationController_users"];
        put?: never;
        post: operations["OrganisationController_createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["OrganisationController_activate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["OrganisationController_deactivate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/end-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["OrganisationController_endSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/hsa-id": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["HsaIdController_user"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["VisitsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visits/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["VisitsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visits/{id}/fhir": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["VisitsController_fhir"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visits/{id}/interpreter": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["InterpretersController_book"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visits/{id}/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["VisitsController_join"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visits/{id}/outcome": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["VisitsController_outcome"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visits/{id}/outcome-draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OutcomeDraftsController_get"];
        put: operations["OutcomeDraftsController_save"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessLogItem: {
            id: string;
            /** Format: date-time */
            occurredAt: string;
            user: {
                /** Format: uuid */
                id: string | null;
                username: string | null;
                displayName: string | null;
                role: string | null;
                hsaId: string | null;
            };
            careUnit: {
                type: string;
                /** Format: uuid */
                id: string | null;
                name: string | null;
                hsaId: string | null;
            } | null;
            /** Format: uuid */
            regionId: string | null;
            action: components["schemas"]["AuditAction"];
            resource: {
                type: string;
                id: string | null;
            };
            outcome: components["schemas"]["AuditOutcome"];
            reason: string | null;
        };
        AccessLogPage: {
            items: components["schemas"]["AccessLogItem"][];
            nextCursor: string | null;
        };
        AccessToken: {
            accessToken: string;
            /** Format: date-time */
            expiresAt: string;
        };
        AnswerRead: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            readAt: string;
        };
        AnswerReferralDto: {
            summary: string;
        };
        /** @enum {string} */
        AuditAction: "create" | "read" | "update" | "delete" | "execute" | "login";
        AuditEvent: {
            id: string;
            /** Format: date-time */
            occurredAt: string;
            user: {
                /** Format: uuid */
                id: string | null;
                username: string | null;
                role: string | null;
            };
            careUnit: {
                type: string;
                /** Format: uuid */
                id: string | null;
            } | null;
            /** Format: uuid */
            regionId: string | null;
            /** Format: uuid */
            dataRegionId: string | null;
            /** Format: uuid */
            patientId: string | null;
            action: components["schemas"]["AuditAction"];
            resource: {
                type: string;
                id: string | null;
            };
            outcome: components["schemas"]["AuditOutcome"];
            reason: string | null;
            requestId: string | null;
            detail: {
                [key: string]: unknown;
            } | null;
        };
        /** @enum {string} */
        AuditOutcome: "success" | "denied" | "failed";
        AutoScheduleDto: {
            pathwayKey: string;
            from: string;
            to: string;
            /** @default false */
            dryRun: boolean;
        };
        AutoScheduleResult: {
            dryRun: boolean;
            assignments: {
                /** Format: uuid */
                caseId: string;
                /** Format: uuid */
                slotId: string;
                /** Format: date-time */
                start?: string;
                /** Format: uuid */
                bookingId?: string;
                /** Format: uuid */
                visitId?: string;
            }[];
            unassigned: {
                /** Format: uuid */
                caseId: string;
                reason: string;
            }[];
            metrics: {
                assigned: number;
                unassigned: number;
                overdue: number;
                overdueByWeight: {
                    [key: string]: number;
                };
                weightedLateness: number;
                travelKm: number;
                cost: number;
            };
        };
        BookInterpreterDto: {
            language?: string;
        };
        Booking: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            visitId: string;
            /** Format: uuid */
            caseId: string;
            /** Format: uuid */
            slotId: string;
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            startLocal: string;
            /** Format: uuid */
            healthCentreId: string;
            /** @enum {string} */
            status: "active" | "cancelled";
        };
        CalendarFeedCreated: {
            active: boolean;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            lastUsedAt: string | null;
            path: string;
        };
        CalendarFeedInfo: {
            active: boolean;
            /** Format: date-time */
            createdAt: string | null;
            /** Format: date-time */
            lastUsedAt: string | null;
        };
        CancelDto: {
            reason: string;
        };
        CancelledBooking: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "cancelled";
            /** Format: uuid */
            caseId: string;
        };
        CancelledClinicSession: {
            /** Format: uuid */
            id: string;
            specialist: {
                /** Format: uuid */
                id: string;
                displayName: string;
            };
            healthCentre: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            room: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            /** Format: uuid */
            nurseId: string | null;
            /** @enum {string} */
            mode: "remote" | "onsite";
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            startLocal: string;
            endLocal: string;
            slotMinutes: number;
            /** @enum {string} */
            status: "planned" | "cancelled";
            cancelReason: string | null;
            slots: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                sessionId: string;
                /** Format: date-time */
                start: string;
                /** Format: date-time */
                end: string;
                startLocal: string;
                /** Format: uuid */
                healthCentreId: string;
                /** @enum {string} */
                mode: "remote" | "onsite";
                specialist: {
                    /** Format: uuid */
                    id: string;
                    displayName: string;
                };
                booked: boolean;
                booking?: {
                    /** Format: uuid */
                    id: string;
                    /** Format: uuid */
                    caseId: string;
                    /** Format: uuid */
                    visitId: string;
                    visitStatus: string;
                    category: string;
                    patient: {
                        /** Format: uuid */
                        id: string;
                        name: string;
                    };
                };
            }[];
            releasedCases: string[];
        };
        CaseHistory: {
            /** Format: uuid */
            caseId: string;
            triaged: {
                /** Format: date-time */
                at: string;
                by: string | null;
                category: string;
            };
            changes: {
                /** Format: date-time */
                at: string;
                by: string | null;
                role: string | null;
                from: string;
                to: string;
                reason: string;
            }[];
        };
        /** @enum {string} */
        CaseStatus: "awaiting_booking" | "booked" | "redirected" | "completed" | "withdrawn";
        CatalogueEntry: {
            key: string;
            title: {
                sv: string;
                en: string;
            };
            version: number;
            offeredBy: {
                /** Format: uuid */
                regionId: string;
                regionName: string;
            };
            /** Format: date-time */
            offeredAt: string;
            own: boolean;
            adopted: boolean;
            adoptedBy: number;
        };
        ChangePasswordDto: {
            currentPassword: string;
            newPassword: string;
        };
        ChangeServiceDto: {
            title?: string;
            turnaroundDays?: number;
            pricePerReferral?: number;
            contact?: string;
            /** @enum {string} */
            status?: "open" | "closed";
            refreshForm?: boolean;
        };
        CheckVignetteDto: {
            index: number;
            answers: {
                [key: string]: unknown;
            };
        };
        Clinic: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            regionId: string;
            name: string;
            hospitalName: string;
            hsaId: string | null;
            specialty: string;
            /** Format: date-time */
            createdAt: string;
        };
        ClinicSession: {
            /** Format: uuid */
            id: string;
            specialist: {
                /** Format: uuid */
                id: string;
                displayName: string;
            };
            healthCentre: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            room: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            /** Format: uuid */
            nurseId: string | null;
            /** @enum {string} */
            mode: "remote" | "onsite";
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            startLocal: string;
            endLocal: string;
            slotMinutes: number;
            /** @enum {string} */
            status: "planned" | "cancelled";
            cancelReason: string | null;
            slots: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                sessionId: string;
                /** Format: date-time */
                start: string;
                /** Format: date-time */
                end: string;
                startLocal: string;
                /** Format: uuid */
                healthCentreId: string;
                /** @enum {string} */
                mode: "remote" | "onsite";
                specialist: {
                    /** Format: uuid */
                    id: string;
                    displayName: string;
                };
                booked: boolean;
                booking?: {
                    /** Format: uuid */
                    id: string;
                    /** Format: uuid */
                    caseId: string;
                    /** Format: uuid */
                    visitId: string;
                    visitStatus: string;
                    category: string;
                    patient: {
                        /** Format: uuid */
                        id: string;
                        name: string;
                    };
                };
            }[];
        };
        CompleteDto: {
            reply: string;
        };
        CopyDto: {
            key: string;
            title?: {
                sv: string;
                en: string;
            };
        };
        CreateBookingDto: {
            /** Format: uuid */
            caseId: string;
            /** Format: uuid */
            slotId: string;
        };
        CreateHealthCentreDto: {
            name: string;
            municipality?: string;
            roadDistanceKm: number;
            travelMinutes?: number;
        };
        CreatePatientDto: {
            personnummer: string;
            name: string;
            /** Format: uuid */
            healthCentreId: string;
            phone?: string;
        };
        CreateReferralDto: {
            /** Format: uuid */
            serviceId: string;
            /** Format: uuid */
            patientId: string;
            answers: {
                [key: string]: number | boolean | string;
            };
        };
        CreateRoomDto: {
            name: string;
        };
        CreateSessionDto: {
            /** Format: uuid */
            specialistId: string;
            /** Format: uuid */
            healthCentreId: string;
            start: string;
            end: string;
            slotMinutes: number;
            /** @enum {string} */
            mode: "remote" | "onsite";
            /** Format: uuid */
            roomId?: string;
            /** Format: uuid */
            nurseId?: string;
        };
        CreateUserDto: {
            username: string;
            password: string;
            /** @enum {string} */
            role: "nurse" | "specialist" | "admin";
            /** Format: uuid */
            healthCentreId?: string;
            /** Format: uuid */
            clinicId?: string;
            displayName: string;
        };
        DefinitionDto: {
            [key: string]: unknown;
        };
        EndedSessions: {
            /** Format: uuid */
            userId: string;
            endedSessions: number;
        };
        EvaluateDto: {
            answers: {
                [key: string]: unknown;
            };
        };
        FederatedReferral: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            direction: "outgoing" | "incoming";
            partnerName: string;
            regionName: string;
            /** Format: uuid */
            serviceId: string;
            serviceTitle: string;
            patient: {
                /** Format: uuid */
                id?: string | null;
                personnummer: string;
                name: string;
                birthDate: string;
            } | null;
            referrer: {
                [key: string]: string;
            };
            answers: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "sent" | "received" | "accepted" | "rejected" | "completion_requested" | "answered";
            statusReason: string | null;
            completionQuestion: string | null;
            completionReply: string | null;
            answer: {
                summary: string;
                author: string;
                answeredAt: string;
            } | null;
            /** Format: date-time */
            answerReadAt: string | null;
            /** Format: uuid */
            answerReadBy: string | null;
            price: number;
            currency: string;
            /** Format: date-time */
            sentAt: string;
            /** Format: date-time */
            updatedAt: string;
            waitingForDelivery: number;
        };
        FederatedReferralAnswerRead: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            answerReadAt: string;
            /** Format: uuid */
            answerReadBy: string;
        };
        FederatedReferralFhirBundle: {
            /** @enum {string} */
            resourceType: "Bundle";
            id?: string;
            type: string;
            timestamp?: string;
            entry?: {
                fullUrl?: string;
                resource?: unknown;
            }[];
        };
        FederationCatalogue: {
            /** Format: uuid */
            installationId: string;
            services: components["schemas"]["OfferedService"][];
        };
        FederationInvoiceBasis: {
            month: string;
            totals: {
                /** Format: uuid */
                partnerId: string;
                partnerName: string;
                /** @enum {string} */
                direction: "outgoing" | "incoming";
                currency: string;
                referrals: number;
                total: number;
            }[];
            lines: {
                /** Format: uuid */
                referralId: string;
                /** @enum {string} */
                direction: "outgoing" | "incoming";
                partnerName: string;
                /** Format: uuid */
                serviceId: string;
                serviceTitle: string;
                /** @enum {string} */
                status: "sent" | "received" | "accepted" | "rejected" | "completion_requested" | "answered";
                price: number;
                currency: string;
                /** Format: date-time */
                sentAt: string;
            }[];
        };
        FederationJwks: {
            /** Format: uuid */
            installationId: string;
            keys: components["schemas"]["FederationPublicJwk"][];
        };
        FederationKeyRotation: {
            kid: string;
            retired: string[];
        };
        FederationMessageReceived: {
            /** Format: uuid */
            messageId: string;
            status: string;
        };
        FederationOutboxRetry: {
            due: number;
        };
        FederationOutboxStatus: {
            /** Format: uuid */
            partnerId: string;
            partnerName: string;
            waiting: number;
            delivered: number;
            /** Format: date-time */
            oldestWaitingSince: string | null;
            attempts: number;
            lastError: string | null;
        };
        FederationPartner: {
            /** Format: uuid */
            id: string;
            name: string;
            baseUrl: string;
            /** Format: uuid */
            installationId: string;
            keyIds: string[];
            /** Format: date-time */
            keysFetchedAt: string;
        };
        FederationPublicJwk: {
            kty: string;
            crv: string;
            x: string;
            y: string;
            kid: string;
            alg?: string;
            use?: string;
        };
        FederationServiceChange: {
            field: string;
            from: unknown;
            to: unknown;
        };
        FederationServiceForm: {
            version: number;
            definition: unknown;
        };
        FhirQuestionnaire: {
            /** @enum {string} */
            resourceType: "Questionnaire";
        } & {
            [key: string]: unknown;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        HealthCentre: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            regionId: string;
            name: string;
            municipality: string | null;
            roadDistanceKm: number;
            travelMinutes: number | null;
            hsaId?: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        HsaIdChange: {
            /** Format: uuid */
            id: string;
            hsaId: string | null;
        };
        HsaIdDto: {
            hsaId: string | null;
        };
        InboundMessageDto: {
            jws: string;
        };
        InboxAnswer: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            visitId: string;
            /** Format: uuid */
            caseId: string;
            patient: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            author: string;
            summary: string;
            diagnosisCodes: string[];
            plan: string;
            planLabel: {
                sv: string;
                en: string;
            } | null;
            instructions: string | null;
            /** Format: uuid */
            followUpCaseId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            readAt: string | null;
        };
        InterpreterBooking: {
            /** Format: uuid */
            visitId: string;
            language: string;
            link: string;
            /** Format: date-time */
            validFrom: string;
            /** Format: date-time */
            validUntil: string;
        };
        InterpreterJoin: {
            /** @enum {string} */
            mode: "livekit" | "p2p";
            room: string;
            url?: string;
            token?: string;
            /** Format: date-time */
            expiresAt: string;
            iceServers?: {
                urls: string | string[];
                username?: string;
                credential?: string;
            }[];
            language: string;
            seat?: {
                credential: string;
                peerId: string;
                /** Format: uuid */
                visitId: string;
                /** Format: date-time */
                expiresAt: string;
            };
        };
        InterpreterLink: {
            /** @enum {string} */
            state: "open" | "early" | "used" | "over";
            language: string;
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            /** Format: date-time */
            opensAt: string;
        };
        LetterBatchDto: {
            /** Format: uuid */
            healthCentreId: string;
        };
        ListedTriageCase: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            patientId: string;
            patientName?: string;
            interpreterLanguage?: string | null;
            /** Format: uuid */
            healthCentreId: string;
            pathwayKey: string;
            pathwayVersion: number;
            category: string;
            /** Format: date */
            dueDate: string | null;
            overdue: boolean;
            score: number;
            reasons: components["schemas"]["TriageReason"][];
            instruction: {
                sv: string;
                en: string;
            } | null;
            bookable: boolean;
            status: components["schemas"]["CaseStatus"];
            statusReason: string | null;
            flags: string[];
            originalCategory: string | null;
            /** Format: date-time */
            triagedAt: string;
            personnummer: string;
            booking: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                slotId: string;
                /** Format: date-time */
                start: string;
                /** Format: uuid */
                visitId: string | null;
            } | null;
        };
        ListedVisit: {
            /** Format: uuid */
            id: string;
            status: components["schemas"]["VisitStatus"];
            /** Format: uuid */
            caseId: string;
            /** Format: uuid */
            bookingId: string;
            /** Format: uuid */
            healthCentreId: string;
            /** Format: uuid */
            specialistId: string;
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            startLocal: string;
            /** Format: date-time */
            centreJoinedAt: string | null;
            /** Format: date-time */
            specialistJoinedAt: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            /** @enum {string} */
            videoMode: "livekit" | "p2p";
            patient: {
                /** Format: uuid */
                id: string;
                name: string;
                interpreterLanguage: string | null;
            };
            category: string;
            healthCentre: {
                /** Format: uuid */
                id: string;
                name: string;
            };
        };
        LoginDto: {
            username: string;
            password: string;
        };
        MyPathway: {
            key: string;
            title: {
                sv: string;
                en: string;
            };
            version: number;
            specialty: string | null;
            /** @enum {string} */
            state: "planned" | "training" | "live" | "paused";
            liveFrom: string | null;
            trained: boolean;
            /** Format: date-time */
            trainedAt: string | null;
            trainedVersion: number | null;
            refresherDue: boolean;
            refresherVignettes: number;
            usable: boolean;
        };
        MyQueue: {
            key: string;
            title: {
                sv: string;
                en: string;
            };
            specialty: string | null;
        };
        Neighbour: {
            /** Format: uuid */
            healthCentreId: string;
            name: string;
            roadKm: number;
        };
        NeighbourDto: {
            /** Format: uuid */
            healthCentreId: string;
            roadKm: number;
        };
        OfferServiceDto: {
            title: string;
            specialty: string;
            pathwayKey: string;
            turnaroundDays: number;
            pricePerReferral: number;
            /** @default SEK */
            currency: string;
            contact?: string;
        };
        OfferedService: {
            /** Format: uuid */
            id: string;
            regionName: string;
            title: string;
            specialty: string;
            pathwayKey: string;
            turnaroundDays: number;
            pricePerReferral: number;
            currency: string;
            contact: string | null;
            /** @enum {string} */
            status: "open" | "closed";
            version: number;
            form: components["schemas"]["FederationServiceForm"] | null;
        };
        OptionalReasonDto: {
            reason?: string;
        };
        OutcomeDraftDto: {
            summary?: string;
            diagnosisCodes?: string;
            plan?: string;
            instructions?: string;
            triageFeedback?: {
                /** @enum {string} */
                verdict?: "appropriate" | "should_have_stayed_in_primary_care" | "should_have_been_more_urgent" | "should_have_been_less_urgent";
                ruleIds?: string[];
            };
        };
        OutcomeDraftSaved: {
            /** Format: date-time */
            updatedAt: string;
        };
        OutcomeDto: {
            summary: string;
            /** @default [] */
            diagnosisCodes: string[];
            plan: string;
            instructions?: string;
            followUpInDays?: number;
            triageFeedback?: {
                /** @enum {string} */
                verdict: "appropriate" | "should_have_stayed_in_primary_care" | "should_have_been_more_urgent" | "should_have_been_less_urgent";
                ruleIds?: string[];
            };
        };
        OwnPublishedPathway: {
            key: string;
            title: {
                sv: string;
                en: string;
            };
            version: number;
            offered: boolean;
        };
        PartnerNews: {
            /** Format: uuid */
            id: string;
            partnerName: string;
            /** Format: uuid */
            serviceId: string;
            serviceTitle: string;
            changes: components["schemas"]["FederationServiceChange"][];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            readAt: string | null;
        };
        PartnerNewsRead: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            readAt: string;
            /** Format: uuid */
            readBy: string;
        };
        PartnerOffer: {
            /** Format: uuid */
            partnerId: string;
            partnerName: string;
            /** Format: uuid */
            serviceId: string;
            regionName: string;
            title: string;
            specialty: string;
            pathwayKey: string;
            turnaroundDays: number;
            pricePerReferral: number;
            currency: string;
            contact: string | null;
            /** @enum {string} */
            status: "open" | "closed";
            version: number;
            form: components["schemas"]["FederationServiceForm"] | null;
            /** Format: date-time */
            fetchedAt: string;
            partnerReachable: boolean;
        };
        PathwayAssessment: {
            pathwayKey: string;
            pathwayVersion: number | null;
            complete: boolean;
            decided: boolean;
            category: string | null;
            dueInDays: number | null;
            bookable: boolean;
            inQueue: boolean;
            instruction?: {
                sv: string;
                en: string;
            };
            score: number;
            scoreBreakdown: {
                [key: string]: number;
            };
            reasons: {
                ruleId: string;
                category: string;
                text: {
                    sv: string;
                    en: string;
                };
            }[];
            stillMatter: string[];
            missing: string[];
        };
        PathwayDefinitionJsonSchema: {
            [key: string]: unknown;
        };
        PathwayDiff: {
            key: string;
            from: number | "draft";
            to: number | "draft";
            changes: {
                /** @enum {string} */
                kind: "pathway" | "question" | "rule" | "category" | "ranking" | "score" | "testCase" | "scheduling";
                path: string;
                sv: string;
                en: string;
            }[];
        };
        PathwayDraft: {
            key: string;
            /** @description Text in Swedish and English */
            title: {
                sv: string;
                en: string;
            };
            /** @description Text in Swedish and English */
            description?: {
                sv: string;
                en: string;
            };
            questions: {
                id: string;
                /** @enum {string} */
                type: "integer" | "decimal" | "boolean" | "choice" | "text";
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                /** @description Text in Swedish and English */
                help?: {
                    sv: string;
                    en: string;
                };
                min?: number;
                max?: number;
                options?: {
                    value: string;
                    /** @description Text in Swedish and English */
                    label: {
                        sv: string;
                        en: string;
                    };
                }[];
                maxLength?: number;
                required: boolean;
                /** @description A condition in the rule language (a JSONLogic subset, see the README) */
                shownWhen?: boolean | number | string | {
                    [key: string]: unknown;
                };
                absentMeans?: number | boolean | string;
                /** @enum {string} */
                prefill?: "patient.ageYears";
            }[];
            score?: {
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                min?: number;
                max?: number;
                domains: {
                    id: string;
                    /** @description Text in Swedish and English */
                    label: {
                        sv: string;
                        en: string;
                    };
                    cases: {
                        /** @description A condition in the rule language (a JSONLogic subset, see the README) */
                        when: boolean | number | string | {
                            [key: string]: unknown;
                        };
                        points: number;
                    }[];
                }[];
            };
            rules: {
                id: string;
                category: string;
                /** @description A condition in the rule language (a JSONLogic subset, see the README) */
                when: boolean | number | string | {
                    [key: string]: unknown;
                };
                /** @description Text in Swedish and English */
                reason: {
                    sv: string;
                    en: string;
                };
                /** @description fires only when no rule of a higher category fires */
                fallback?: boolean;
            }[];
            categories: {
                key: string;
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                order: number;
                dueInDays: number | null;
                bookable: boolean;
                inQueue: boolean;
                fallback?: boolean;
                /** @description Text in Swedish and English */
                instruction?: {
                    sv: string;
                    en: string;
                };
                /**
                 * @description The urgency level the screens colour by; when absent it is derived from the due time, queue and booking
                 * @enum {string}
                 */
                urgency?: "emergency" | "urgent" | "soon" | "routine" | "primary_care";
            }[];
            ranking: {
                /** @enum {string} */
                key: "category" | "dueDate" | "score" | "triagedAt";
                /** @enum {string} */
                direction?: "asc" | "desc";
            }[];
            testCases: {
                name: string;
                answers: {
                    [key: string]: unknown;
                };
                expected: {
                    category: string;
                    score?: number;
                };
            }[];
            scheduling?: {
                neighbourMaxTravelKm: number;
            };
            /** @description The specialty that serves the pathway (GET /specialties): only its specialists see the queue */
            specialty?: string;
            /** @description The plans of the specialist's answer; absent or empty: follow_up_remote, follow_up_primary_care, hospital_referral, discharged */
            answerPlans?: {
                key: string;
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                /** @description choosing it opens a follow-up case in the queue */
                followUp?: boolean;
            }[];
            version: null;
            /** @enum {string} */
            status: "draft";
            revision: number;
            /** Format: date-time */
            updatedAt: string;
            review: components["schemas"]["PathwayDraftReview"];
        };
        PathwayDraftReview: {
            key: string;
            revision: number;
            restoredFrom: number | null;
            /** @enum {string} */
            reviewState: "editing" | "submitted" | "approved" | "rejected";
            author: {
                /** Format: uuid */
                userId: string;
                name: string | null;
            } | null;
            submittedBy: {
                /** Format: uuid */
                userId: string;
                name: string | null;
            } | null;
            /** Format: date-time */
            submittedAt: string | null;
            submitComment: string | null;
            reviewedBy: {
                /** Format: uuid */
                userId: string;
                name: string | null;
            } | null;
            /** Format: date-time */
            reviewedAt: string | null;
            reviewComment: string | null;
            reviewedRevision: number | null;
        };
        PathwayEvaluation: {
            pathwayKey: string;
            from: string;
            to: string;
            sinceGoLive: boolean;
            centres: {
                /** Format: uuid */
                healthCentreId: string;
                healthCentreName: string;
                state: string;
                liveFrom: string | null;
                casesSent: number;
                categories: {
                    [key: string]: number;
                };
                bookable: number;
                booked: number;
                shareBooked: number | null;
                meanDaysToVisit: number | null;
                shareWithinDueDate: number | null;
                meanDaysBeforeDueDate: number | null;
                feedback: {
                    appropriate: number;
                    should_have_stayed_in_primary_care: number;
                    should_have_been_more_urgent: number;
                    should_have_been_less_urgent: number;
                    total: number;
                };
                feedbackShares: {
                    appropriate: number | null;
                    should_have_stayed_in_primary_care: number | null;
                    should_have_been_more_urgent: number | null;
                    should_have_been_less_urgent: number | null;
                };
                retriaged: number;
                retriageRate: number | null;
                noShows: number;
                noShowRate: number | null;
                remoteVisitsCompleted: number;
                travelAvoidedKm: number;
                waitingDays: {
                    beforeGoLive: number | null;
                    sinceGoLive: number | null;
                };
                casesSinceGoLive: number;
            }[];
            total: {
                casesSent: number;
                categories: {
                    [key: string]: number;
                };
                bookable: number;
                booked: number;
                shareBooked: number | null;
                meanDaysToVisit: number | null;
                shareWithinDueDate: number | null;
                meanDaysBeforeDueDate: number | null;
                feedback: {
                    appropriate: number;
                    should_have_stayed_in_primary_care: number;
                    should_have_been_more_urgent: number;
                    should_have_been_less_urgent: number;
                    total: number;
                };
                feedbackShares: {
                    appropriate: number | null;
                    should_have_stayed_in_primary_care: number | null;
                    should_have_been_more_urgent: number | null;
                    should_have_been_less_urgent: number | null;
                };
                retriaged: number;
                retriageRate: number | null;
                noShows: number;
                noShowRate: number | null;
                remoteVisitsCompleted: number;
                travelAvoidedKm: number;
                waitingDays: {
                    beforeGoLive: number | null;
                    sinceGoLive: number | null;
                };
                casesSinceGoLive: number;
            };
        };
        PathwayImpact: {
            /** @enum {string} */
            source: "past_cases" | "test_cases";
            revision: number;
            total: number;
            changed: number;
            unchanged: number;
            invalid: number;
            transitions: {
                from: string;
                to: string;
                count: number;
            }[];
            lines: {
                from: string;
                to: string;
                count: number;
                sv: string;
                en: string;
            }[];
            summary: {
                sv: string;
                en: string;
            };
        };
        PathwayImpactCases: {
            key: string;
            revision: number;
            from: string | null;
            to: string | null;
            count: number;
            cases: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                patientId: string;
                /** Format: uuid */
                healthCentreId: string;
                healthCentreName: string;
                /** Format: date-time */
                triagedAt: string;
                pathwayVersion: number;
                status: string;
                category: string;
                newCategory: string | null;
            }[];
        };
        PathwayReviewQueueItem: {
            key: string;
            title: {
                sv: string;
                en: string;
            };
            revision: number;
            submittedBy: {
                /** Format: uuid */
                userId: string;
                name: string | null;
            };
            /** Format: date-time */
            submittedAt: string;
            submitComment: string | null;
            canReview: boolean;
        };
        PathwayReviewer: {
            /** Format: uuid */
            userId: string;
            username: string;
            displayName: string;
            role: string;
        };
        PathwayRollouts: {
            pathwayKey: string;
            passShare: number;
            rollouts: components["schemas"]["RolloutView"][];
        };
        PathwaySignOffPolicy: {
            /** @enum {string} */
            signOffBy: "reviewers" | "second_admin";
            reviewers: components["schemas"]["PathwayReviewer"][];
        };
        PathwaySummary: {
            key: string;
            title: {
                sv: string;
                en: string;
            };
            version: number | null;
            /** @enum {string} */
            status: "draft" | "scheduled" | "published" | "retired";
            /** @enum {string} */
            ownership: "template" | "own" | "adopted";
            revision: number;
            /** Format: date-time */
            effectiveFrom?: string;
        };
        PathwayTestResult: {
            name: string;
            passed: boolean;
            expected: {
                category: string;
                score?: number;
            };
            actual: {
                category: string;
                score: number;
            } | {
                invalid: {
                    field: string;
                    reason: string;
                    /** @enum {string} */
                    code?: "required" | "unknown_field" | "hidden_question" | "not_integer" | "invalid_type" | "not_in_options" | "too_small" | "too_big" | "too_long" | "not_an_object";
                    params?: {
                        [key: string]: string | number | boolean;
                    };
                }[];
            };
        };
        PathwayVersionDefinition: {
            key: string;
            /** @description Text in Swedish and English */
            title: {
                sv: string;
                en: string;
            };
            /** @description Text in Swedish and English */
            description?: {
                sv: string;
                en: string;
            };
            questions: {
                id: string;
                /** @enum {string} */
                type: "integer" | "decimal" | "boolean" | "choice" | "text";
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                /** @description Text in Swedish and English */
                help?: {
                    sv: string;
                    en: string;
                };
                min?: number;
                max?: number;
                options?: {
                    value: string;
                    /** @description Text in Swedish and English */
                    label: {
                        sv: string;
                        en: string;
                    };
                }[];
                maxLength?: number;
                required: boolean;
                /** @description A condition in the rule language (a JSONLogic subset, see the README) */
                shownWhen?: boolean | number | string | {
                    [key: string]: unknown;
                };
                absentMeans?: number | boolean | string;
                /** @enum {string} */
                prefill?: "patient.ageYears";
            }[];
            score?: {
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                min?: number;
                max?: number;
                domains: {
                    id: string;
                    /** @description Text in Swedish and English */
                    label: {
                        sv: string;
                        en: string;
                    };
                    cases: {
                        /** @description A condition in the rule language (a JSONLogic subset, see the README) */
                        when: boolean | number | string | {
                            [key: string]: unknown;
                        };
                        points: number;
                    }[];
                }[];
            };
            rules: {
                id: string;
                category: string;
                /** @description A condition in the rule language (a JSONLogic subset, see the README) */
                when: boolean | number | string | {
                    [key: string]: unknown;
                };
                /** @description Text in Swedish and English */
                reason: {
                    sv: string;
                    en: string;
                };
                /** @description fires only when no rule of a higher category fires */
                fallback?: boolean;
            }[];
            categories: {
                key: string;
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                order: number;
                dueInDays: number | null;
                bookable: boolean;
                inQueue: boolean;
                fallback?: boolean;
                /** @description Text in Swedish and English */
                instruction?: {
                    sv: string;
                    en: string;
                };
                /**
                 * @description The urgency level the screens colour by; when absent it is derived from the due time, queue and booking
                 * @enum {string}
                 */
                urgency?: "emergency" | "urgent" | "soon" | "routine" | "primary_care";
            }[];
            ranking: {
                /** @enum {string} */
                key: "category" | "dueDate" | "score" | "triagedAt";
                /** @enum {string} */
                direction?: "asc" | "desc";
            }[];
            testCases: {
                name: string;
                answers: {
                    [key: string]: unknown;
                };
                expected: {
                    category: string;
                    score?: number;
                };
            }[];
            scheduling?: {
                neighbourMaxTravelKm: number;
            };
            /** @description The specialty that serves the pathway (GET /specialties): only its specialists see the queue */
            specialty?: string;
            /** @description The plans of the specialist's answer; absent or empty: follow_up_remote, follow_up_primary_care, hospital_referral, discharged */
            answerPlans?: {
                key: string;
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                /** @description choosing it opens a follow-up case in the queue */
                followUp?: boolean;
            }[];
            version: number | null;
            /** @enum {string} */
            status: "draft" | "scheduled" | "published" | "retired";
        };
        PathwayVersionEntry: {
            version: number | null;
            /** @enum {string} */
            status: "draft" | "scheduled" | "published" | "retired";
            revision: number;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            publishedAt: string | null;
            /** Format: uuid */
            publishedBy: string | null;
            /** Format: date-time */
            effectiveFrom: string | null;
            restoredFrom: number | null;
            /** @enum {string} */
            reviewState: "editing" | "submitted" | "approved" | "rejected";
            author: {
                /** Format: uuid */
                userId: string;
                name: string | null;
            } | null;
            submittedBy: {
                /** Format: uuid */
                userId: string;
                name: string | null;
            } | null;
            /** Format: date-time */
            submittedAt: string | null;
            submitComment: string | null;
            reviewedBy: {
                /** Format: uuid */
                userId: string;
                name: string | null;
            } | null;
            /** Format: date-time */
            reviewedAt: string | null;
            reviewComment: string | null;
            reviewedRevision: number | null;
        };
        Patient: {
            /** Format: uuid */
            id: string;
            personnummer: string;
            name: string;
            /** Format: uuid */
            healthCentreId: string;
            phone: string | null;
            email: string | null;
            postalAddress: string | null;
            interpreterLanguage: string | null;
            /** Format: date */
            birthDate: string;
            ageYears: number;
            isCoordinationNumber: boolean;
            /** Format: date-time */
            createdAt: string;
        };
        PatientLinkTime: {
            /** Format: uuid */
            slotId: string;
            /** Format: date-time */
            start: string;
            when: string;
            startLocal: string;
        };
        PatientLinkVisit: {
            /** @enum {string} */
            state: "scheduled" | "cancelled" | "over";
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            when: string;
            startLocal: string;
            place: {
                name: string;
                address: string | null;
                phone: string | null;
            };
            bring: {
                sv: string;
                en: string;
            }[];
            /** Format: date-time */
            confirmedAt: string | null;
            wish: {
                message: string;
                /** Format: date-time */
                at: string;
            } | null;
            canChange: boolean;
        };
        ProposeAgreementDto: {
            title: string;
            /** Format: uuid */
            providerRegionId: string;
            /** Format: uuid */
            providerClinicId: string;
            healthCentreIds: string[];
            pathwayKeys: string[];
            capacityShare: number;
            /** @default 40 */
            fullTimeHoursPerWeek: number;
            validFrom: string;
            validTo: string;
            prices: {
                remoteVisit: number;
                onsiteDay: number;
                noShow: number;
            };
            /** @default SEK */
            currency: string;
        };
        PublishDto: {
            revision?: number;
            /** Format: date-time */
            effectiveFrom?: string;
        };
        PublishedPathway: {
            key: string;
            /** @description Text in Swedish and English */
            title: {
                sv: string;
                en: string;
            };
            /** @description Text in Swedish and English */
            description?: {
                sv: string;
                en: string;
            };
            questions: {
                id: string;
                /** @enum {string} */
                type: "integer" | "decimal" | "boolean" | "choice" | "text";
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                /** @description Text in Swedish and English */
                help?: {
                    sv: string;
                    en: string;
                };
                min?: number;
                max?: number;
                options?: {
                    value: string;
                    /** @description Text in Swedish and English */
                    label: {
                        sv: string;
                        en: string;
                    };
                }[];
                maxLength?: number;
                required: boolean;
                /** @description A condition in the rule language (a JSONLogic subset, see the README) */
                shownWhen?: boolean | number | string | {
                    [key: string]: unknown;
                };
                absentMeans?: number | boolean | string;
                /** @enum {string} */
                prefill?: "patient.ageYears";
            }[];
            score?: {
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                min?: number;
                max?: number;
                domains: {
                    id: string;
                    /** @description Text in Swedish and English */
                    label: {
                        sv: string;
                        en: string;
                    };
                    cases: {
                        /** @description A condition in the rule language (a JSONLogic subset, see the README) */
                        when: boolean | number | string | {
                            [key: string]: unknown;
                        };
                        points: number;
                    }[];
                }[];
            };
            rules: {
                id: string;
                category: string;
                /** @description A condition in the rule language (a JSONLogic subset, see the README) */
                when: boolean | number | string | {
                    [key: string]: unknown;
                };
                /** @description Text in Swedish and English */
                reason: {
                    sv: string;
                    en: string;
                };
                /** @description fires only when no rule of a higher category fires */
                fallback?: boolean;
            }[];
            categories: {
                key: string;
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                order: number;
                dueInDays: number | null;
                bookable: boolean;
                inQueue: boolean;
                fallback?: boolean;
                /** @description Text in Swedish and English */
                instruction?: {
                    sv: string;
                    en: string;
                };
                /**
                 * @description The urgency level the screens colour by; when absent it is derived from the due time, queue and booking
                 * @enum {string}
                 */
                urgency?: "emergency" | "urgent" | "soon" | "routine" | "primary_care";
            }[];
            ranking: {
                /** @enum {string} */
                key: "category" | "dueDate" | "score" | "triagedAt";
                /** @enum {string} */
                direction?: "asc" | "desc";
            }[];
            testCases: {
                name: string;
                answers: {
                    [key: string]: unknown;
                };
                expected: {
                    category: string;
                    score?: number;
                };
            }[];
            scheduling?: {
                neighbourMaxTravelKm: number;
            };
            /** @description The specialty that serves the pathway (GET /specialties): only its specialists see the queue */
            specialty?: string;
            /** @description The plans of the specialist's answer; absent or empty: follow_up_remote, follow_up_primary_care, hospital_referral, discharged */
            answerPlans?: {
                key: string;
                /** @description Text in Swedish and English */
                label: {
                    sv: string;
                    en: string;
                };
                /** @description choosing it opens a follow-up case in the queue */
                followUp?: boolean;
            }[];
            version: number | null;
            /** @enum {string} */
            status: "draft" | "scheduled" | "published" | "retired";
            revision: number;
            /** @enum {string} */
            ownership: "template" | "own" | "adopted";
        };
        QueueItem: {
            rank: number;
            /** Format: uuid */
            caseId: string;
            category: string;
            originalCategory: string | null;
            /** Format: date */
            dueDate: string;
            overdue: boolean;
            score: number;
            reasons: components["schemas"]["TriageReason"][];
            flags: string[];
            patient: {
                /** Format: uuid */
                id: string;
                name: string;
                age: number;
                interpreterLanguage: string | null;
                /** Format: date */
                birthDate: string;
            };
            healthCentre: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            /** Format: date-time */
            triagedAt: string;
        };
        QueuePage: {
            pathwayKey: string;
            total: number;
            offset: number;
            items: components["schemas"]["QueueItem"][];
        };
        RebookDto: {
            /** Format: uuid */
            slotId: string;
        };
        RecordTrainingDto: {
            /** Format: uuid */
            userId: string;
        };
        RefreshDto: {
            idleSeconds?: number;
        };
        Region: {
            /** Format: uuid */
            id: string;
            code: string;
            name: string;
            clinics: {
                /** Format: uuid */
                id: string;
                name: string;
                hospitalName: string;
                specialty: string;
            }[];
        };
        RegionAgreement: {
            /** Format: uuid */
            id: string;
            title: string;
            /** @enum {string} */
            status: "proposed" | "active" | "terminated";
            provider: {
                /** Format: uuid */
                regionId: string;
                regionName: string;
                /** Format: uuid */
                clinicId: string;
                clinicName: string;
            };
            receiver: {
                /** Format: uuid */
                regionId: string;
                regionName: string;
            };
            healthCentres: {
                /** Format: uuid */
                id: string;
                name: string;
            }[];
            specialists: {
                /** Format: uuid */
                id: string;
                displayName: string;
            }[];
            pathwayKeys: string[];
            capacity: {
                share: number;
                fullTimeHoursPerWeek: number;
                hoursPerWeek: number;
                bookedHoursThisWeek: number;
            };
            validFrom: string;
            validTo: string;
            prices: {
                remoteVisit: number;
                onsiteDay: number;
                noShow: number;
                currency: string;
            };
            /** Format: date-time */
            proposedAt: string;
            /** Format: date-time */
            acceptedAt: string | null;
            /** Format: date-time */
            terminatedAt: string | null;
        };
        RegisterPartnerDto: {
            name: string;
            /** Format: uri */
            baseUrl: string;
        };
        RejectDto: {
            reason: string;
        };
        ReportResult: {
            id: string;
            from: string;
            to: string;
            columns: {
                key: string;
                title: {
                    sv: string;
                    en: string;
                };
                /** @enum {string} */
                type: "text" | "number" | "date" | "percent" | "money";
            }[];
            rows: {
                [key: string]: unknown;
            }[];
        };
        ReportSettings: {
            externalLocumWeeklyCost: number | null;
            currency: string;
            /** Format: date-time */
            updatedAt: string | null;
        };
        ReportSettingsDto: {
            externalLocumWeeklyCost: number | null;
        };
        ReportSummary: {
            id: string;
            title: {
                sv: string;
                en: string;
            };
            description: {
                sv: string;
                en: string;
            };
        };
        RequestCompletionDto: {
            question: string;
        };
        RescheduleDto: {
            /** Format: uuid */
            slotId: string;
        };
        RetriageDto: {
            category: string;
            reason: string;
        };
        RetryDto: {
            /** Format: uuid */
            partnerId?: string;
        };
        ReviewersDto: {
            userIds: string[];
            /** @enum {string} */
            signOffBy?: "reviewers" | "second_admin";
        };
        /** @enum {string} */
        Role: "nurse" | "specialist" | "admin";
        RolloutView: {
            /** Format: uuid */
            healthCentreId: string;
            healthCentreName: string;
            /** @enum {string} */
            state: "planned" | "training" | "live" | "paused";
            liveFrom: string | null;
            nurses: number;
            trainedNurses: number;
            refresherDue: number;
        };
        RuleFeedback: {
            pathwayKey: string;
            threshold: number;
            minFired: number;
            rules: {
                ruleId: string;
                fired: number;
                overridden: number;
                share: number;
                flagged: boolean;
                retriaged: number;
                verdicts: {
                    appropriate: number;
                    should_have_stayed_in_primary_care: number;
                    should_have_been_more_urgent: number;
                    should_have_been_less_urgent: number;
                };
            }[];
        };
        SavedOutcomeDraft: {
            draft: {
                summary?: string;
                diagnosisCodes?: string;
                plan?: string;
                instructions?: string;
                triageFeedback?: {
                    /** @enum {string} */
                    verdict?: "appropriate" | "should_have_stayed_in_primary_care" | "should_have_been_more_urgent" | "should_have_been_less_urgent";
                    ruleIds?: string[];
                };
            } | null;
            /** Format: date-time */
            updatedAt: string | null;
        };
        SearchPatientDto: {
            personnummer: string;
        };
        Session: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            method: "password" | "oidc";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastRefreshedAt: string;
            /** Format: date-time */
            idleExpiresAt: string;
            /** Format: date-time */
            absoluteExpiresAt: string;
            current?: boolean;
        };
        SetRolloutDto: {
            /** @enum {string} */
            state: "planned" | "training" | "live" | "paused";
            liveFrom?: string;
        };
        SignIn: {
            accessToken: string;
            /** Format: date-time */
            expiresAt: string;
            user: components["schemas"]["User"];
        };
        SignInMethods: {
            password: boolean;
            oidc: boolean;
        };
        Slot: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            sessionId: string;
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            startLocal: string;
            /** Format: uuid */
            healthCentreId: string;
            /** @enum {string} */
            mode: "remote" | "onsite";
            specialist: {
                /** Format: uuid */
                id: string;
                displayName: string;
            };
            booked: boolean;
        };
        Specialty: {
            key: string;
            label: {
                sv: string;
                en: string;
            };
            profession: {
                sv: string;
                en: string;
            };
            mine: boolean;
        };
        StaffingImport: {
            imported: number;
            months: string[];
            specialties: string[];
        };
        StaffingImportDto: {
            csv: string;
        };
        StaffingMonth: {
            specialty: string;
            month: string;
            hiredDoctorWeeks: number;
            hiredDoctorCost: number;
            internalLocumWeeks: number | null;
            currency: string;
            /** Format: date-time */
            updatedAt: string;
        };
        StaffingMonthDto: {
            specialty: string;
            month: string;
            hiredDoctorWeeks: number;
            hiredDoctorCost: number;
            internalLocumWeeks?: number | null;
            currency?: string;
        };
        SubmitDto: {
            comment?: string;
            revision?: number;
        };
        SubmitTriageDto: {
            /** Format: uuid */
            patientId: string;
            pathwayKey: string;
            answers: {
                [key: string]: unknown;
            };
        };
        TrainingAttemptDto: {
            version: number;
            results: {
                index: number;
                answers: {
                    [key: string]: unknown;
                };
            }[];
        };
        TrainingAttemptResult: {
            pathwayKey: string;
            version: number | null;
            /** @enum {string} */
            mode: "full" | "refresher";
            total: number;
            correct: number;
            score: number;
            passShare: number;
            passed: boolean;
            feedback: components["schemas"]["VignetteFeedback"][];
        };
        TrainingRecord: {
            /** Format: uuid */
            userId: string;
            displayName: string;
            /** Format: uuid */
            healthCentreId: string | null;
            trained: boolean;
            /** Format: date-time */
            trainedAt: string | null;
            pathwayVersion: number | null;
            /** @enum {string|null} */
            method: "recorded" | "vignettes" | "upgrade" | "refresher" | null;
            score: number | null;
            /** Format: uuid */
            recordedBy: string | null;
        };
        TrainingSettings: {
            pathwayKey: string;
            passShare: number;
        };
        TrainingSettingsDto: {
            passShare: number;
        };
        TrainingVignettes: {
            pathwayKey: string;
            version: number | null;
            passShare: number;
            /** @enum {string} */
            mode: "full" | "refresher";
            trainedVersion?: number;
            changes?: {
                index: number;
                reasons: ("new" | "answers" | "expected" | "question")[];
                questionIds: string[];
            }[];
            vignettes: {
                index: number;
                name: string;
                facts: {
                    questionId: string;
                    label: {
                        sv: string;
                        en: string;
                    };
                    value: number | boolean | string;
                    valueLabel?: {
                        sv: string;
                        en: string;
                    };
                }[];
            }[];
        };
        TriageCase: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            patientId: string;
            patientName?: string;
            interpreterLanguage?: string | null;
            /** Format: uuid */
            healthCentreId: string;
            pathwayKey: string;
            pathwayVersion: number;
            category: string;
            /** Format: date */
            dueDate: string | null;
            overdue: boolean;
            score: number;
            reasons: components["schemas"]["TriageReason"][];
            instruction: {
                sv: string;
                en: string;
            } | null;
            bookable: boolean;
            status: components["schemas"]["CaseStatus"];
            statusReason: string | null;
            flags: string[];
            originalCategory: string | null;
            /** Format: date-time */
            triagedAt: string;
            answers?: {
                [key: string]: unknown;
            };
        };
        TriageReason: {
            ruleId: string;
            category?: string;
            text: {
                sv: string;
                en: string;
            };
        };
        UndeliveredNotices: {
            items: {
                id: string;
                kind: string;
                channel: string;
                /** @enum {string} */
                status: "pending" | "failed";
                attempts: number;
                reason: string | null;
                /** Format: date-time */
                createdAt: string;
                /** Format: date-time */
                nextAttemptAt: string | null;
                /** Format: uuid */
                healthCentreId: string;
                patient: {
                    /** Format: uuid */
                    id: string;
                    name: string;
                };
                /** Format: uuid */
                visitId: string | null;
            }[];
            lettersToPrint: number;
        };
        UpdatePatientDto: {
            name?: string;
            phone?: string | null;
            email?: string | null;
            postalAddress?: string | null;
            interpreterLanguage?: string[];
        };
        User: {
            /** Format: uuid */
            id: string;
            username: string;
            displayName: string;
            role: components["schemas"]["Role"];
            /** Format: uuid */
            healthCentreId: string | null;
            /** Format: uuid */
            clinicId: string | null;
            /** Format: uuid */
            regionId: string;
            hsaId?: string | null;
            active?: boolean;
        };
        VideoRoom: {
            /** Format: uuid */
            id: string;
            name: string;
            active: boolean;
        };
        VignetteFeedback: {
            index: number;
            correct: boolean;
            expected: string;
            got?: string;
            reasons?: {
                ruleId: string;
                text: {
                    sv: string;
                    en: string;
                };
            }[];
            invalid?: {
                field: string;
                reason: string;
                /** @enum {string} */
                code?: "required" | "unknown_field" | "hidden_question" | "not_integer" | "invalid_type" | "not_in_options" | "too_small" | "too_big" | "too_long" | "not_an_object";
                params?: {
                    [key: string]: string | number | boolean;
                };
            }[];
        };
        Visit: {
            answerForm: {
                readonly plans: {
                    key: string;
                    label: {
                        sv: string;
                        en: string;
                    };
                    followUp?: boolean;
                }[];
                firedRules: {
                    ruleId: string;
                    text: {
                        sv: string;
                        en: string;
                    };
                }[];
            };
            /** Format: uuid */
            id: string;
            status: components["schemas"]["VisitStatus"];
            /** Format: uuid */
            caseId: string;
            /** Format: uuid */
            bookingId: string;
            /** Format: uuid */
            healthCentreId: string;
            /** Format: uuid */
            specialistId: string;
            /** Format: date-time */
            start: string;
            /** Format: date-time */
            end: string;
            startLocal: string;
            /** Format: date-time */
            centreJoinedAt: string | null;
            /** Format: date-time */
            specialistJoinedAt: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** Format: date-time */
            endedAt: string | null;
            /** @enum {string} */
            videoMode: "livekit" | "p2p";
            healthCentre: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            specialist: {
                /** Format: uuid */
                id: string;
                displayName: string;
                profession: {
                    sv: string;
                    en: string;
                } | null;
            };
            patient: {
                /** Format: uuid */
                id: string;
                name: string;
                personnummer: string;
                /** Format: date */
                birthDate: string;
                interpreterLanguage: string | null;
            };
            triage: {
                pathwayKey: string;
                pathwayVersion: number;
                category: string;
                score: number;
                reasons: {
                    ruleId: string;
                    category?: string;
                    text: {
                        sv: string;
                        en: string;
                    };
                }[];
                answers: {
                    [key: string]: unknown;
                };
                /** Format: date */
                dueDate: string | null;
            };
            outcome: {
                /** Format: uuid */
                id: string;
                summary: string;
                diagnosisCodes: string[];
                plan: string;
                instructions: string | null;
                /** Format: date-time */
                createdAt: string;
                planLabel: {
                    sv: string;
                    en: string;
                } | null;
                followUp: boolean;
            } | null;
        };
        VisitFhirBundle: {
            /** @enum {string} */
            resourceType: "Bundle";
            type: string;
            timestamp?: string;
            entry?: {
                fullUrl?: string;
                resource?: unknown;
            }[];
        };
        VisitJoin: {
            /** @enum {string} */
            mode: "livekit" | "p2p";
            room: string;
            url?: string;
            token?: string;
            /** Format: date-time */
            expiresAt: string;
            iceServers?: {
                urls: string | string[];
                username?: string;
                credential?: string;
            }[];
        };
        VisitOutcome: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            visitId: string;
            /** Format: uuid */
            caseId: string;
            /** Format: uuid */
            healthCentreId: string;
            summary: string;
            diagnosisCodes: string[];
            plan: string;
            instructions: string | null;
            /** Format: uuid */
            followUpCaseId: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        /** @enum {string} */
        VisitStatus: "scheduled" | "waiting" | "in_progress" | "completed" | "no_show" | "cancelled";
        WishDto: {
            message?: string;
        };
        WithdrawDto: {
            reason: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AgreementsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionAgreement"][];
                };
            };
        };
    };
    AgreementsController_propose: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProposeAgreementDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionAgreement"];
                };
            };
        };
    };
    AgreementsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionAgreement"];
                };
            };
        };
    };
    AgreementsController_accept: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionAgreement"];
                };
            };
        };
    };
    AgreementsController_terminate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegionAgreement"];
                };
            };
        };
    };
    AuditController_list: {
        parameters: {
            query?: {
                patientId?: string;
                userId?: string;
                from?: string;
                to?: string;
                action?: "create" | "read" | "update" | "delete" | "execute" | "login";
                outcome?: "success" | "denied" | "failed";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEvent"][];
                };
            };
        };
    };
    AuthController_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignIn"];
                };
            };
        };
    };
    AuthController_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_logoutEverywhere: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
        };
    };
    OidcController_methods: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInMethods"];
                };
            };
        };
    };
    OidcController_callback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Into the web app, signed in or refused */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OidcController_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the IdP's sign-in page */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuthController_changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignIn"];
                };
            };
        };
    };
    AuthController_refresh: {
        parameters: {
            query?: never;
            header: {
                /** @description Must be 1 */
                "x-ledtriage-refresh": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessToken"];
                };
            };
        };
    };
    AuthController_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"][];
                };
            };
        };
    };
    SchedulingController_book: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBookingDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Booking"];
                };
            };
        };
    };
    SchedulingController_cancelBooking: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OptionalReasonDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelledBooking"];
                };
            };
        };
    };
    SchedulingController_reschedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescheduleDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Booking"];
                };
            };
        };
    };
    SchedulingController_calendar: {
        parameters: {
            query?: {
                specialistId?: string;
                healthCentreId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sessions as iCalendar (RFC 5545), without patient names */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
        };
    };
    CalendarFeedController_info: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarFeedInfo"];
                };
            };
        };
    };
    CalendarFeedController_renew: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarFeedCreated"];
                };
            };
        };
    };
    CalendarFeedController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The URL revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    CalendarFeedController_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The URL owner's sessions as iCalendar (RFC 5545), without patient names */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
        };
    };
    SchedulingController_listSessions: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                specialistId?: string;
                healthCentreId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClinicSession"][];
                };
            };
        };
    };
    SchedulingController_createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSessionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClinicSession"];
                };
            };
        };
    };
    SchedulingController_cancelSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelledClinicSession"];
                };
            };
        };
    };
    OrganisationController_clinics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Clinic"][];
                };
            };
        };
    };
    HsaIdController_clinic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HsaIdDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HsaIdChange"];
                };
            };
        };
    };
    FederationController_catalogue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederationCatalogue"];
                };
            };
        };
    };
    FederationController_invoiceBasis: {
        parameters: {
            query: {
                month: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederationInvoiceBasis"];
                };
            };
        };
    };
    FederationController_jwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederationJwks"];
                };
            };
        };
    };
    FederationController_rotate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederationKeyRotation"];
                };
            };
        };
    };
    FederationController_receive: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InboundMessageDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederationMessageReceived"];
                };
            };
        };
    };
    FederationController_news: {
        parameters: {
            query: {
                unread: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerNews"][];
                };
            };
        };
    };
    FederationController_readNews: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerNewsRead"];
                };
            };
        };
    };
    FederationController_offers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerOffer"][];
                };
            };
        };
    };
    FederationController_outboxStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederationOutboxStatus"][];
                };
            };
        };
    };
    FederationController_retry: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetryDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederationOutboxRetry"];
                };
            };
        };
    };
    FederationController_partners: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederationPartner"][];
                };
            };
        };
    };
    FederationController_registerPartner: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterPartnerDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederationPartner"];
                };
            };
        };
    };
    FederationController_offerService: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OfferServiceDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfferedService"];
                };
            };
        };
    };
    FederationController_changeService: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeServiceDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OfferedService"];
                };
            };
        };
    };
    HealthController_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    OrganisationController_healthCentres: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCentre"][];
                };
            };
        };
    };
    OrganisationController_createHealthCentre: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateHealthCentreDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthCentre"];
                };
            };
        };
    };
    HsaIdController_healthCentre: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HsaIdDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HsaIdChange"];
                };
            };
        };
    };
    SchedulingController_neighbours: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Neighbour"][];
                };
            };
        };
    };
    SchedulingController_setNeighbour: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NeighbourDto"];
            };
        };
        responses: {
            /** @description The centre's neighbours, after the change */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Neighbour"][];
                };
            };
        };
    };
    SchedulingController_rooms: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VideoRoom"][];
                };
            };
        };
    };
    SchedulingController_createRoom: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRoomDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VideoRoom"];
                };
            };
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    InterpretersController_view: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InterpreterLink"];
                };
            };
        };
    };
    InterpretersController_join: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InterpreterJoin"];
                };
            };
        };
    };
    VisitsController_inbox: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxAnswer"][];
                };
            };
        };
    };
    VisitsController_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnswerRead"];
                };
            };
        };
    };
    RolloutController_mine: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyPathway"][];
                };
            };
        };
    };
    RolloutController_queues: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyQueue"][];
                };
            };
        };
    };
    NoticeStaffController_printBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LetterBatchDto"];
            };
        };
        responses: {
            /** @description The letters as one PDF; they are marked printed */
            201: {
                headers: {
                    /** @description The batch's id */
                    "Letter-Batch-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
        };
    };
    NoticeStaffController_undelivered: {
        parameters: {
            query?: {
                healthCentreId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UndeliveredNotices"];
                };
            };
        };
    };
    PatientLinkController_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientLinkVisit"];
                };
            };
        };
    };
    PatientLinkController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientLinkVisit"];
                };
            };
        };
    };
    PatientLinkController_confirm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientLinkVisit"];
                };
            };
        };
    };
    PatientLinkController_rebook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RebookDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientLinkVisit"];
                };
            };
        };
    };
    PatientLinkController_times: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientLinkTime"][];
                };
            };
        };
    };
    PatientLinkController_wish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WishDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientLinkVisit"];
                };
            };
        };
    };
    CatalogueController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueEntry"][];
                };
            };
        };
    };
    CatalogueController_own: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnPublishedPathway"][];
                };
            };
        };
    };
    CatalogueController_adopt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueEntry"];
                };
            };
        };
    };
    CatalogueController_giveUp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PathwayReviewersController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayReviewer"][];
                };
            };
        };
    };
    PathwayReviewersController_replace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewersDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayReviewer"][];
                };
            };
        };
    };
    PathwayReviewersController_queue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayReviewQueueItem"][];
                };
            };
        };
    };
    PathwayReviewersController_signOff: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwaySignOffPolicy"];
                };
            };
        };
    };
    PathwaysController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwaySummary"][];
                };
            };
        };
    };
    PathwaysController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DefinitionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwaySummary"];
                };
            };
        };
    };
    PathwaysController_schema: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayDefinitionJsonSchema"];
                };
            };
        };
    };
    PathwaysController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublishedPathway"];
                };
            };
        };
    };
    PathwaysController_copy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CopyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwaySummary"];
                };
            };
        };
    };
    PathwaysController_draft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayDraft"];
                };
            };
        };
    };
    PathwaysController_replaceDraft: {
        parameters: {
            query?: never;
            header: {
                /** @description The ETag of the draft edited (with no draft open: `"<revision>"` of the published one) */
                "If-Match": string;
            };
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DefinitionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwaySummary"];
                };
            };
        };
    };
    PathwaysController_approve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmitDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayDraftReview"];
                };
            };
        };
    };
    PathwaysController_impact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayImpact"];
                };
            };
        };
    };
    PathwaysController_impactCases: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayImpactCases"];
                };
            };
        };
    };
    PathwaysController_reject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmitDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayDraftReview"];
                };
            };
        };
    };
    PathwaysController_submit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmitDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayDraftReview"];
                };
            };
        };
    };
    PathwaysController_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayTestResult"][];
                };
            };
        };
    };
    PathwaysController_evaluate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EvaluateDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayAssessment"];
                };
            };
        };
    };
    RolloutController_evaluate: {
        parameters: {
            query?: {
                healthCentreId?: string;
                from?: string;
                to?: string;
                sinceGoLive?: "true" | "false";
                csvStyle?: "rfc4180" | "excel-sv";
            };
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayEvaluation"];
                    "text/csv": string;
                };
            };
        };
    };
    PathwaysController_fhir: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FhirQuestionnaire"];
                };
            };
        };
    };
    CatalogueController_offer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueEntry"];
                };
            };
        };
    };
    CatalogueController_withdrawOffer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PathwaysController_publish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwaySummary"];
                };
            };
        };
    };
    RolloutController_rollouts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayRollouts"];
                };
            };
        };
    };
    RolloutController_setRollout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                healthCentreId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetRolloutDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RolloutView"];
                };
            };
        };
    };
    RolloutController_ruleFeedback: {
        parameters: {
            query?: {
                threshold?: number;
                minFired?: number;
            };
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleFeedback"];
                };
            };
        };
    };
    RolloutController_vignettes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingVignettes"];
                };
            };
        };
    };
    RolloutController_trainingRecords: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingRecord"][];
                };
            };
        };
    };
    RolloutController_recordTraining: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordTrainingDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingRecord"];
                };
            };
        };
    };
    RolloutController_trainingSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrainingSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingSettings"];
                };
            };
        };
    };
    RolloutController_attempt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrainingAttemptDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrainingAttemptResult"];
                };
            };
        };
    };
    RolloutController_check: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckVignetteDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VignetteFeedback"];
                };
            };
        };
    };
    PathwaysController_versions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayVersionEntry"][];
                };
            };
        };
    };
    PathwaysController_diff: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayDiff"];
                };
            };
        };
    };
    PathwaysController_version: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwayVersionDefinition"];
                };
            };
        };
    };
    PathwaysController_restore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathwaySummary"];
                };
            };
        };
    };
    PatientsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePatientDto"];
            };
        };
        responses: {
            /** @description Was listed at another health centre of the region: moved to the one named */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Patient"];
                };
            };
            /** @description Registered at the health centre named */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Patient"];
                };
            };
            /** @description Already listed at the health centre named; existingId is its id */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PatientsController_search: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SearchPatientDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Patient"];
                };
            };
        };
    };
    PatientsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Patient"];
                };
            };
        };
    };
    PatientsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePatientDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Patient"];
                };
            };
        };
    };
    PatientAccessLogController_accessLog: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                format?: "json" | "csv" | "pdf";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the log (format=json), or the whole log from the cursor as CSV or PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessLogPage"];
                    "text/csv": string;
                    "application/pdf": string;
                };
            };
        };
    };
    TriageController_queue: {
        parameters: {
            query: {
                pathwayKey: string;
                healthCentreId?: string;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuePage"];
                };
            };
        };
    };
    ReferralsController_list: {
        parameters: {
            query?: {
                direction?: "outgoing" | "incoming";
                status?: "sent" | "received" | "accepted" | "rejected" | "completion_requested" | "answered";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferral"][];
                };
            };
        };
    };
    ReferralsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateReferralDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferral"];
                };
            };
        };
    };
    ReferralsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferral"];
                };
            };
        };
    };
    ReferralsController_accept: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferral"];
                };
            };
        };
    };
    ReferralsController_answer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnswerReferralDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferral"];
                };
            };
        };
    };
    ReferralsController_readAnswer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferralAnswerRead"];
                };
            };
        };
    };
    ReferralsController_complete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompleteDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferral"];
                };
            };
        };
    };
    ReferralsController_fhir: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferralFhirBundle"];
                };
            };
        };
    };
    ReferralsController_reject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RejectDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferral"];
                };
            };
        };
    };
    ReferralsController_requestCompletion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestCompletionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FederatedReferral"];
                };
            };
        };
    };
    AgreementsController_regions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Region"][];
                };
            };
        };
    };
    ReportsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportSummary"][];
                };
            };
        };
    };
    ReportsController_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportSettings"];
                };
            };
        };
    };
    ReportsController_updateSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReportSettingsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportSettings"];
                };
            };
        };
    };
    ReportsController_run: {
        parameters: {
            query: {
                from: string;
                to: string;
                csvStyle?: "rfc4180" | "excel-sv";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportResult"];
                    "text/csv": string;
                };
            };
        };
    };
    SchedulingController_autoSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AutoScheduleDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutoScheduleResult"];
                };
            };
        };
    };
    SchedulingController_slots: {
        parameters: {
            query?: {
                healthCentreId?: string;
                from?: string;
                to?: string;
                free?: "true" | "false";
                pathwayKey?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Slot"][];
                };
            };
        };
    };
    RolloutController_specialties: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Specialty"][];
                };
            };
        };
    };
    StaffingController_list: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffingMonth"][];
                };
            };
        };
    };
    StaffingController_put: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffingMonthDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffingMonth"];
                };
            };
        };
    };
    StaffingController_import: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffingImportDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffingImport"];
                };
            };
        };
    };
    TriageController_list: {
        parameters: {
            query?: {
                healthCentreId?: string;
                status?: "awaiting_booking" | "booked" | "redirected" | "completed" | "withdrawn";
                patientId?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListedTriageCase"][];
                };
            };
        };
    };
    TriageController_submit: {
        parameters: {
            query?: never;
            header: {
                /** @description One key per form submission, reused on retry */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmitTriageDto"];
            };
        };
        responses: {
            /** @description A retry with the same Idempotency-Key and body: the case as first answered */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriageCase"];
                };
            };
            /** @description The case, stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriageCase"];
                };
            };
        };
    };
    TriageController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriageCase"];
                };
            };
        };
    };
    TriageController_history: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseHistory"];
                };
            };
        };
    };
    TriageController_retriage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetriageDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriageCase"];
                };
            };
        };
    };
    TriageController_withdraw: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriageCase"];
                };
            };
        };
    };
    OrganisationController_users: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"][];
                };
            };
        };
    };
    OrganisationController_createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
        };
    };
    OrganisationController_activate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
        };
    };
    OrganisationController_deactivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
        };
    };
    OrganisationController_endSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndedSessions"];
                };
            };
        };
    };
    HsaIdController_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HsaIdDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HsaIdChange"];
                };
            };
        };
    };
    VisitsController_list: {
        parameters: {
            query?: {
                healthCentreId?: string;
                date?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListedVisit"][];
                };
            };
        };
    };
    VisitsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Visit"];
                };
            };
        };
    };
    VisitsController_fhir: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitFhirBundle"];
                };
            };
        };
    };
    InterpretersController_book: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BookInterpreterDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InterpreterBooking"];
                };
            };
        };
    };
    VisitsController_join: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitJoin"];
                };
            };
        };
    };
    VisitsController_outcome: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OutcomeDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOutcome"];
                };
            };
        };
    };
    OutcomeDraftsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedOutcomeDraft"];
                };
            };
        };
    };
    OutcomeDraftsController_save: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OutcomeDraftDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OutcomeDraftSaved"];
                };
            };
        };
    };
}
