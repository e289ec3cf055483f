import Fluent
import Vapor

/// Every route, registered from the typed URL enum: this file composes them; each feature registers its own pages and
/// API in its `…Routes.swift`. Pages sit behind the session and CSRF middleware, the API behind bearer tokens. Access
/// inside handlers always goes through `Policy`.
enum Routes {
    static func register(_ app: Application, config: AppConfig) throws {
        app.get(SiteURL.healthz.pathComponents, use: health)
        app.get(SiteURL.metrics.pathComponents, use: MetricsController.metrics)

        // Pages
        let pages = app.grouped(
            CSRFMiddleware(),
            SessionAuthenticator(idleTimeout: config.sessionIdleTimeout, absoluteTimeout: config.sessionAbsoluteTimeout),
            FlashMiddleware())
        let signedIn = pages.grouped(RequireSignInForPages())
        registerPeoplePages(pages: pages, signedIn: signedIn)
        registerHomePages(pages: pages, signedIn: signedIn)
        registerNotificationPages(signedIn)
        registerInitiativePages(pages: pages, signedIn: signedIn)
        registerLedgerPages(signedIn)
        registerOKRPages(signedIn)
        registerWorkstreamPages(signedIn)
        registerDecisionPages(signedIn)
        registerValuePages(signedIn)
        registerInvestmentPages(signedIn)
        registerReportPages(signedIn)
        registerPracticePages(signedIn)
        registerPulsePages(signedIn)
        registerMyUpdatesPages(signedIn)
        registerWebhookPages(signedIn)
        registerLive(signedIn)
        registerFeedPages(signedIn)
        registerCalendarPages(open: app, signedIn: signedIn)

        registerAPI(app)
    }

    /// The API, in the order the OpenAPI document lists it.
    static func registerAPI(_ app: Application) {
        let registry = app.openAPI
        let document = APIOperation(
            method: .GET, url: .openAPI, id: "getOpenAPI", summary: "This OpenAPI 3.1 document", request: nil,
            response: .any, isPublic: true)
        app.on(document, registry: registry) { req async throws -> Response in
            let body = registry.document().canonicalString
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
        }

        let api = app.grouped(BearerAuthenticator())
        registerPeopleAPI(api, registry: registry)
        registerNotificationAPI(api, registry: registry)
        registerInitiativeAPI(api, registry: registry)
        registerLedgerAPI(api, registry: registry)
        registerOKRAPI(api, registry: registry)
        registerWorkstreamAPI(api, registry: registry)
        registerDecisionAPI(api, registry: registry)
        registerValueAPI(api, registry: registry)
        registerInvestmentAPI(api, registry: registry)
        registerPracticeAPI(api, registry: registry)
        registerPulseAPI(api, registry: registry)
        registerMyUpdatesAPI(api, registry: registry)
        registerWebhookAPI(api, registry: registry)
        registerFeedAPI(api, open: app, registry: registry)
        registerCalendarAPI(api, registry: registry)
        registerExportAPI(api, registry: registry)
    }

    /// 200 when the database answers a query and every ledger passes its self-check; 503 otherwise, saying why.
    /// It answers anyone (load balancers ask it), so it says how many logs failed but not which: their ids are for
    /// operators, who get them from `coventure ledger check` and the server's log (issue #11, finding 9).
    @Sendable static func health(req: Request) async throws -> Response {
        struct Health: Content {
            var status: String
            var database: String
            var ledger: String
            var failingLogs: Int?
        }
        let databaseOK = await DatabaseSetup.ping(req.db)
        let failures = req.application.ledger.failures
        let ok = databaseOK && failures.isEmpty
        let body = Health(
            status: ok ? "ok" : "failing", database: databaseOK ? "ok" : "unavailable",
            ledger: failures.isEmpty ? "ok" : "integrity failure (see the server's log, or run `coventure ledger check`)",
            failingLogs: failures.isEmpty ? nil : failures.count)
        let response = Response(status: ok ? .ok : .serviceUnavailable)
        try response.content.encode(body)
        return response
    }
}
