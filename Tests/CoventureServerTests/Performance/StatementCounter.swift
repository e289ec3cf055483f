import Foundation
import Logging
import NIOConcurrencyHelpers

/// Counts the SQL statements each request issues. The test app logs SQL at `level`; this backend keeps the
/// statements logged under a request id the test registered (its `X-Request-Id`), so tests running in parallel do
/// not disturb each other's counts. Everything at warning or worse still goes to standard error.
enum StatementLog {
    static let level = Logger.Level.notice
    private static let statements = NIOLockedValueBox([String: [String]]())
    private static let isInstalled = NIOLockedValueBox(false)

    /// Installs the logging backend once per test process.
    static func install() {
        isInstalled.withLockedValue { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in Handler(stream: StreamLogHandler.standardError(label: label)) }
        }
    }

    static func begin(_ requestID: String) { statements.withLockedValue { $0[requestID] = [] } }
    static func end(_ requestID: String) -> [String] { statements.withLockedValue { $0.removeValue(forKey: requestID) ?? [] } }

    struct Handler: LogHandler {
        var stream: StreamLogHandler
        var metadata: Logger.Metadata = [:]

        /// Fixed at the statements' level: tests quieten their app's logger to warnings (`logLevel = .warning`),
        /// which must not silence the statements. Only warnings and worse reach standard error.
        var logLevel: Logger.Level {
            get { StatementLog.level }
            set {}
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(
            level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String,
            function: String, line: UInt
        ) {
            if level >= .warning {
                var stream = self.stream
                stream.metadata = metadata
                stream.log(level: level, message: message, metadata: explicit, source: source, file: file, function: function, line: line)
            }
            guard level == StatementLog.level else { return }
            let all = metadata.merging(explicit ?? [:], uniquingKeysWith: { _, new in new })
            guard case .string(let id)? = all["request-id"] else { return }
            let sql: String
            if case .string(let text)? = all["sql"] { sql = text } else { sql = message.description }
            StatementLog.statements.withLockedValue { if $0[id] != nil { $0[id]!.append(sql) } }
        }
    }
}
