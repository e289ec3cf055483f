import CoventureCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import CoventureServer

/// Runs a test against a fully configured, migrated app on a fresh database, and always shuts it down.
func withTestApp(
    _ database: TestDatabase, configure adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (TestApp) async throws -> Void
) async throws {
    let fresh = try await FreshDatabase.make(database)
    // The whole suite runs in parallel on two cores: a connection can wait long behind other tests' work, which
    // production's 10 s would call a failure (CI failed on it under load). Correctness, not latency, is tested here.
    var config = AppConfig(database: fresh.choice, dataDirectory: fresh.directory, poolSizePerEventLoop: 2, poolTimeoutSeconds: 60)
    config.backgroundCheckpoints = false
    config.decisionSweepInterval = nil
    config.reminderSweepInterval = nil
    // Tests deliver webhooks on demand (`WebhookDelivery.sweep`), never to an address a test did not set up.
    config.webhookSweepInterval = nil
    // A live-update stream ends soon, so a request to one (the access matrix's) answers within the test.
    config.liveStreamSeconds = 0.3
    config.liveKeepAliveSeconds = 0.1
    adjust(&config)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try configure(app, config)
        // A live server's shutdown waits for requests in flight. Vapor gives up after 10 s and lets the app shut its
        // databases down under a request still running, which then traps on `req.db` (CI crashed so: a browser's
        // sign-in, slowed by bcrypt on a loaded machine, outlived its test). Tests wait for it instead.
        app.http.server.configuration.shutdownTimeout = .seconds(300)
        try await Coventure.migrate(app)
        let contract = ContractValidator(document: app.openAPI.document())
        try await body(TestApp(app: app, database: database, contract: contract))
        try await app.asyncShutdown()
    } catch {
        try? await app.asyncShutdown()
        await fresh.cleanup()
        throw error
    }
    await fresh.cleanup()
}

/// How a request is made: anonymously, from a signed-in browser (session + CSRF cookies), or with a token.
enum Caller: Sendable {
    case anonymous
    case browser(session: String)
    case bearer(String)

    /// The double-submit CSRF token tests use: any value works as long as cookie and field agree.
    static let csrf = "test-csrf-token-0123456789abcdef"
}

struct TestApp: Sendable {
    let app: Application
    let database: TestDatabase
    /// Every response to an API request `send` makes is checked against the app's OpenAPI document: a status the
    /// operation does not document, or a body that does not match its schema, fails the test where it was sent.
    var contract: ContractValidator

    var db: any Database { app.db }

    func send(
        _ method: HTTPMethod, _ path: String, as caller: Caller = .anonymous, form: [String: String]? = nil,
        json: (any Encodable & Sendable)? = nil, text: (body: String, type: HTTPMediaType)? = nil,
        headers extra: HTTPHeaders = [:], cookies more: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestingHTTPResponse {
        var headers = extra
        let policy = app.cookiePolicy
        var cookies = ["\(policy.csrfName)=\(Caller.csrf)"] + more.map { "\($0.key)=\($0.value)" }
        switch caller {
        case .anonymous: break
        case .browser(let session): cookies.append("\(policy.sessionName)=\(session)")
        case .bearer(let token): headers.bearerAuthorization = BearerAuthorization(token: token)
        }
        headers.replaceOrAdd(name: .cookie, value: cookies.joined(separator: "; "))
        var body = ByteBuffer()
        if var form {
            if case .browser = caller, form[Forms.csrfField] == nil { form[Forms.csrfField] = Caller.csrf }
            if case .anonymous = caller, form[Forms.csrfField] == nil { form[Forms.csrfField] = Caller.csrf }
            headers.contentType = .urlEncodedForm
            body = ByteBuffer(string: form.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&"))
        } else if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONEncoder().encode(json))
        } else if let text {
            headers.contentType = text.type
            body = ByteBuffer(string: text.body)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        if path.hasPrefix("/api/") {
            let mismatches = contract.check(
                method: method.rawValue, path: path, status: Int(response.status.code),
                contentType: response.headers.first(name: .contentType), body: Data(buffer: response.body))
            for mismatch in mismatches {
                Issue.record("The response departs from the OpenAPI document: \(mismatch)", sourceLocation: sourceLocation)
            }
        }
        return response
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func decode<T: Decodable>(_ type: T.Type, from response: TestingHTTPResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: response.body))
    }

    /// Every event row, in log order.
    func events(log: UUID) async throws -> [LedgerEventRow] {
        try await LedgerEventRow.all(db, where: "log_id = \(bind: log)", orderBy: "seq")
    }

    func eventCount() async throws -> Int { try await LedgerEventRow.count(db) }
}

extension TestingHTTPResponse {
    var text: String { body.string }
}

extension TestApp {
    /// Follows a page form's 303 as a browser does: a GET of its `Location`, sending the flash cookie it set.
    func follow(_ response: TestingHTTPResponse, as caller: Caller, sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestingHTTPResponse {
        #expect(response.status == .seeOther, "\(response.status): \(response.text.prefix(300))", sourceLocation: sourceLocation)
        let location = try #require(response.headers.first(name: .location), sourceLocation: sourceLocation)
        var cookies: [String: String] = [:]
        let name = app.cookiePolicy.flashName
        if let flash = response.headers.setCookie?[name] { cookies[name] = flash.string }
        return try await send(.GET, location, as: caller, cookies: cookies, sourceLocation: sourceLocation)
    }

    /// Serves the app on a real loopback socket (a free port) for the duration of `body`.
    func withLiveServer<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else {
            await app.server.shutdown()
            throw TestSetupError("the live server has no port")
        }
        do {
            let result = try await body("http://127.0.0.1:\(port)")
            await app.server.shutdown()
            return result
        } catch {
            await app.server.shutdown()
            throw error
        }
    }
}
