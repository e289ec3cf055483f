import CoventureCore
import Foundation
import Logging

/// Everything the server reads from its environment, with safe defaults.
public struct AppConfig: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseChoice
    public var dataDirectory: String
    /// Connections per event loop (the server runs one event loop per core).
    /// PostgreSQL default: 2 loops × 4 = 8 connections per node, well below PostgreSQL's default of 100,
    /// leaving room for several nodes, migrations and `psql`.
    public var poolSizePerEventLoop: Int
    /// Seconds a request waits for a pooled connection before failing with 503.
    public var poolTimeoutSeconds: Int
    /// Secure, `__Host-` cookies need https; browsers accept them on http://localhost and http://127.0.0.1 too.
    /// Set this only to serve plain http on another address during development.
    public var insecureCookies: Bool
    /// Socket addresses of reverse proxies whose `X-Forwarded-For` is believed.
    public var trustedProxies: Set<String>
    public var sessionIdleTimeout: TimeInterval
    public var sessionAbsoluteTimeout: TimeInterval
    public var invitationLifetime: TimeInterval
    /// Where `Public/` (stylesheet, scripts) is served from.
    public var publicDirectory: String
    /// The Ed25519 seed that signs checkpoints (created on first start, mode 0600). Never in the database.
    public var ledgerKeyFile: String
    /// The name this deployment signs with, and the start of every log's origin (`<name>/initiatives/<id>`).
    public var ledgerName: String
    /// At most one checkpoint per log this often.
    public var checkpointInterval: TimeInterval
    /// Whether a background task signs due checkpoints (tests sign on demand instead).
    public var backgroundCheckpoints: Bool
    /// How often a background task closes decisions past their deadline and warns those who have not voted on one
    /// closing within a day; nil turns the recurring task off (tests close on demand). Past deadlines are closed at
    /// every start either way.
    public var decisionSweepInterval: TimeInterval? = 30
    /// The read cache's size (0 turns it off) and how long an entry may serve at most: `ReadCache`.
    public var readCacheMegabytes: Int = 64
    public var readCacheMaxAge: TimeInterval = 10
    /// How often check-in reminders are sent and the weekly digests looked at (#16); nil turns both off (tests send
    /// them on demand). `COVENTURE_REMINDER_MINUTES`, 0 for off.
    public var reminderSweepInterval: TimeInterval? = 3600
    /// The site's public address, for links in e-mails (`COVENTURE_PUBLIC_URL`).
    public var publicURL = "http://localhost:8080"
    /// The address the digests' e-mails come from (`COVENTURE_MAIL_FROM`).
    public var mailFrom = "coventure@localhost"
    /// The level SQL statements are logged at (a test raises it to count the statements each page issues).
    public var sqlLogLevel: Logger.Level = .debug
    // Webhooks (#16)
    /// `COVENTURE_WEBHOOK_ALLOW_PRIVATE=1`: endpoints may be plain http and resolve to loopback and private addresses
    /// (development, tests); never to link-local or metadata ones.
    public var webhookAllowPrivate: Bool = false
    /// How often the deliverer looks for due messages when the last look found none; nil turns it off (tests deliver
    /// on demand).
    public var webhookSweepInterval: TimeInterval? = 1
    /// How long one live-update stream lasts before the browser reconnects (issue #17): under the proxies' idle limits.
    public var liveStreamSeconds: TimeInterval = 600
    /// How often an idle live-update stream sends a comment, so that proxies and browsers keep it open.
    public var liveKeepAliveSeconds: TimeInterval = 15
    /// The AES key that seals webhook secrets in the database (created on first start, mode 0600). Never in the database.
    public var webhookKeyFile: String? = nil
    /// The bearer token `GET /metrics` asks for (`COVENTURE_METRICS_TOKEN`); nil: no metrics are served (404).
    public var metricsToken: String? = nil
    /// How often idempotency keys past their 24 hours are removed (#17); nil turns the sweep off. Claims ignore such
    /// rows anyway: the sweep only keeps the table small.
    public var idempotencySweepInterval: TimeInterval? = 3600

    public init(
        database: DatabaseChoice, dataDirectory: String = "./data", poolSizePerEventLoop: Int = 4,
        poolTimeoutSeconds: Int = 10, insecureCookies: Bool = false, trustedProxies: Set<String> = [],
        sessionIdleTimeout: TimeInterval = 2 * 3600, sessionAbsoluteTimeout: TimeInterval = 12 * 3600,
        invitationLifetime: TimeInterval = 7 * 24 * 3600, publicDirectory: String = AppConfig.defaultPublicDirectory()
    ) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.poolSizePerEventLoop = poolSizePerEventLoop
        self.poolTimeoutSeconds = poolTimeoutSeconds
        self.insecureCookies = insecureCookies
        self.trustedProxies = trustedProxies
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.invitationLifetime = invitationLifetime
        self.publicDirectory = publicDirectory
        self.ledgerKeyFile = (dataDirectory as NSString).appendingPathComponent("ledger-key.ed25519")
        self.ledgerName = "coventure.local"
        self.checkpointInterval = 2
        self.backgroundCheckpoints = true
    }

    /// Reads `DATABASE_URL`, `COVENTURE_DATA_DIR`, `COVENTURE_DB_POOL`, `COVENTURE_DB_POOL_TIMEOUT`,
    /// `COVENTURE_INSECURE_COOKIES`, `COVENTURE_TRUSTED_PROXIES`, `COVENTURE_SESSION_IDLE_MINUTES`,
    /// `COVENTURE_SESSION_MAX_HOURS`, `COVENTURE_READ_CACHE_MB`, `COVENTURE_READ_CACHE_SECONDS`, `COVENTURE_SWEEP_SECONDS`, …
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        let dataDirectory = env["COVENTURE_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let database: DatabaseChoice
        if let url = env["DATABASE_URL"], !url.isEmpty {
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: (dataDirectory as NSString).appendingPathComponent("coventure.sqlite"))
        }
        func int(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let raw = env[key], !raw.isEmpty else { return fallback }
            guard let value = Int(raw), range.contains(value) else {
                throw ConfigError("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(raw)'")
            }
            return value
        }
        var config = AppConfig(database: database, dataDirectory: dataDirectory)
        config.poolSizePerEventLoop = try int("COVENTURE_DB_POOL", 4, 1...64)
        config.poolTimeoutSeconds = try int("COVENTURE_DB_POOL_TIMEOUT", 10, 1...600)
        config.insecureCookies = ["1", "true", "yes"].contains(env["COVENTURE_INSECURE_COOKIES"]?.lowercased() ?? "")
        config.trustedProxies = Set(
            (env["COVENTURE_TRUSTED_PROXIES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty })
        config.sessionIdleTimeout = TimeInterval(try int("COVENTURE_SESSION_IDLE_MINUTES", 120, 1...10_080) * 60)
        config.sessionAbsoluteTimeout = TimeInterval(try int("COVENTURE_SESSION_MAX_HOURS", 12, 1...720) * 3600)
        if let dir = env["COVENTURE_PUBLIC_DIR"], !dir.isEmpty { config.publicDirectory = dir }
        if let file = env["COVENTURE_LEDGER_KEY_FILE"], !file.isEmpty { config.ledgerKeyFile = file }
        if let file = env["COVENTURE_WEBHOOK_KEY_FILE"], !file.isEmpty { config.webhookKeyFile = file }
        if let name = env["COVENTURE_LEDGER_NAME"], !name.isEmpty {
            guard !name.contains(" "), !name.contains("+"), !name.contains("\n") else {
                throw ConfigError("COVENTURE_LEDGER_NAME must not contain spaces or '+', not '\(name)'")
            }
            config.ledgerName = name
        }
        config.checkpointInterval = TimeInterval(try int("COVENTURE_CHECKPOINT_SECONDS", 2, 1...3600))
        config.readCacheMegabytes = try int("COVENTURE_READ_CACHE_MB", 64, 0...4096)
        config.readCacheMaxAge = TimeInterval(try int("COVENTURE_READ_CACHE_SECONDS", 10, 0...3600))
        // Several nodes behind a proxy (issue #17): how soon a decision closes after its deadline, and a pulse round
        // opens or closes, on whichever node holds the sweep's lease. `bench/cluster` shortens it to watch takeovers.
        let sweepSeconds = try int("COVENTURE_SWEEP_SECONDS", 30, 0...3600)
        config.decisionSweepInterval = sweepSeconds == 0 ? nil : TimeInterval(sweepSeconds)
        let reminderMinutes = try int("COVENTURE_REMINDER_MINUTES", 60, 0...10_080)
        config.reminderSweepInterval = reminderMinutes == 0 ? nil : TimeInterval(reminderMinutes * 60)
        if let url = env["COVENTURE_PUBLIC_URL"], !url.isEmpty {
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(" ") else {
                throw ConfigError("COVENTURE_PUBLIC_URL must be an http(s) address such as https://coventure.example.org, not '\(url)'")
            }
            config.publicURL = url
        }
        if let from = env["COVENTURE_MAIL_FROM"], !from.isEmpty {
            guard (try? MailMessage.mailbox(.init(name: "", email: from))) != nil else {
                throw ConfigError("COVENTURE_MAIL_FROM must be a plain address such as coventure@example.org, not '\(from)'")
            }
            config.mailFrom = from
        }
        config.webhookAllowPrivate = ["1", "true", "yes"].contains(env["COVENTURE_WEBHOOK_ALLOW_PRIVATE"]?.lowercased() ?? "")
        if let token = env["COVENTURE_METRICS_TOKEN"], !token.isEmpty { config.metricsToken = token }
        return config
    }

    /// `Public/` beside the package (works for `swift run` and `swift test` from the checkout).
    public static func defaultPublicDirectory() -> String {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Public").path + "/"
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
