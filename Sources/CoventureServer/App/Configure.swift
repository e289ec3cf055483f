import CoventureCore
import Fluent
import Vapor

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    var appConfig: AppConfig {
        get { storage[ConfigKey.self]! }
        set { storage[ConfigKey.self] = newValue }
    }
}

/// One JSON form for the whole API: sorted keys (stable bodies), ISO 8601 dates. Vapor's content configuration
/// is process-wide, so it is set exactly once (a global's initializer runs once, thread-safely), however many
/// applications a process builds (tests build many, in parallel).
private let jsonCoding: Void = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)
}()

/// Builds the application: database, middleware, routes. Does not migrate (see `Coventure.prepare`).
public func configure(_ app: Application, _ config: AppConfig) throws {
    app.appConfig = config
    app.cookiePolicy = CookiePolicy(insecure: config.insecureCookies)
    app.signInThrottle = SignInThrottle(trustedProxies: config.trustedProxies)
    app.feedThrottle = FeedThrottle()
    app.lineOfSightWork = WorkstreamLineOfSight()
    // Each feature's lines on the "Needs you" home page; a later feature adds its source here.
    app.needsYouSources = [
        NoticesNeedsYou(), OKRNeedsYou(), DecisionNeedsYou(), ValueNeedsYou(), PracticeNeedsYou(), PulseNeedsYou(), WorkstreamNeedsYou(),
        InvitationNeedsYou(),
    ]
    app.readCache = ReadCache(megabytes: config.readCacheMegabytes, maxAge: config.readCacheMaxAge)
    app.live = LiveEvents()
    if case .sqlite = config.database {
        app.writeGate = WriteGate(serializes: true, live: app.live)
        app.lifecycle.use(LiveListener(postgresURL: nil))
    } else {
        app.writeGate = WriteGate(serializes: false, live: nil)
        if case .postgres(let url) = config.database { app.lifecycle.use(LiveListener(postgresURL: url)) }
    }
    try DatabaseSetup.configure(app, config)
    let key = try LedgerKey.loadOrCreate(at: config.ledgerKeyFile)
    app.ledger = LedgerService(
        signer: try NoteSigner(name: config.ledgerName, privateKey: key), interval: config.checkpointInterval, gate: app.writeGate)
    if config.backgroundCheckpoints { app.lifecycle.use(LedgerLifecycle()) }
    app.lifecycle.use(DecisionDeadlines.sweep(every: config.decisionSweepInterval))
    // Pulse (#15): rounds open on their cadence and close after seven days, on the decision sweep's interval.
    app.lifecycle.use(PulseRounds.sweep(every: config.decisionSweepInterval))
    // My updates (#16): reminders to check in, and the weekly digests (in the app and to the mail outbox).
    app.lifecycle.use(CheckInReminders.sweep(every: config.reminderSweepInterval, digests: WeeklyDigests(app)))
    // Webhooks (#16): the secret box, the pinned HTTP clients, and the deliverer of the outbox.
    app.webhooks = WebhookContext(
        box: try WebhookSecretBox.loadOrCreate(
            at: config.webhookKeyFile ?? (config.dataDirectory as NSString).appendingPathComponent("webhook-secrets.key")),
        http: WebhookHTTP(group: app.eventLoopGroup), allowPrivate: config.webhookAllowPrivate)
    app.lifecycle.use(WebhookDeliverer(interval: config.webhookSweepInterval))
    // Idempotency keys (#17): rows past their 24 hours are removed.
    app.lifecycle.use(IdempotencyKeySweep.sweep(every: config.idempotencySweepInterval))
    app.backgroundWrites = BackgroundWrites(logger: app.logger)
    app.lifecycle.use(BackgroundWritesLifecycle())

    _ = jsonCoding
    app.routes.defaultMaxBodySize = "1mb"
    // Outermost first: security headers wrap everything, errors included.
    app.middleware = Middlewares()
    // Outermost of all: shutting down waits for every request it counted (`InFlightRequests`).
    let inFlight = InFlightRequests()
    app.middleware.use(inFlight)
    // Requests are timed only where the figures can be read: without a metrics token `/metrics` is a 404, and a
    // request would pay for a lock and two clock reads that nobody sees.
    if config.metricsToken?.isEmpty == false { app.middleware.use(MetricsMiddleware()) }
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorRenderingMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: config.publicDirectory))
    try Routes.register(app, config: config)
    // Registered last, so it runs first at shutdown (Vapor runs the handlers in reverse), before anything closes.
    app.lifecycle.use(InFlightRequestsLifecycle(requests: inFlight))
}

/// Entry points used by the `coventure` executable and by tests.
public enum Coventure {
    /// Runs pending migrations (under an advisory lock on PostgreSQL).
    public static func migrate(_ app: Application) async throws {
        try await DatabaseSetup.migrate(app, app.appConfig)
    }

    /// True when the database holds no organization yet (a first start).
    public static func isEmpty(_ app: Application) async throws -> Bool {
        try await OrganizationRow.count(app.db) == 0
    }

    /// Whether `serve` loads the demo on this start: only into an empty database, only when not turned off with
    /// `--no-demo`, and never in production (`COVENTURE_ENV=production`). The demo's password is public: a first
    /// production start on an empty PostgreSQL must not open accounts anyone can sign in to (issue #11, finding 7).
    /// In production the demo is loaded only by asking for it: `coventure demo`.
    public static func loadsDemoOnStart(databaseIsEmpty: Bool, noDemo: Bool, environment: [String: String]) -> Bool {
        databaseIsEmpty && !noDemo && environment["COVENTURE_ENV"] != "production"
    }
}
