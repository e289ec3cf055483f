import CoventureCore
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// An API resource that can be changed, and so carries its version (issue #17, RFC 9110): its `GET` and its
/// `PATCH`/`PUT` answer an `ETag`, and a `PATCH`/`PUT` with `If-Match` is refused with 412 unless the resource is
/// still at one of the versions named. Operations declare it (`APIOperation.version`); the registry does the rest.
struct VersionedResource: Sendable {
    /// The resource's own row, locked on PostgreSQL before its version is compared (see `Precondition.ifMatch`).
    var table: String
    /// The path parameter that holds the row's id.
    var parameter: String
    /// The representation the resource's `GET` returns, read on the database handed in (the change's transaction).
    var load: @Sendable (Request, any Database) async throws -> any Encodable & Sendable

    /// The strong tag of a representation as the API encodes it. The API's JSON encoder sorts keys, so the same
    /// values give the same bytes on every node.
    static func tag(of representation: any Encodable & Sendable) throws -> EntityTag {
        var buffer = ByteBufferAllocator().buffer(capacity: 1024)
        var headers = HTTPHeaders()
        try ContentConfiguration.global.requireEncoder(for: .json).encode(representation, to: &buffer, headers: &headers)
        return EntityTag.strong(of: buffer.readableBytesView)
    }

    /// Runs an operation's handler with the request's `If-Match` (if any) in `Precondition.current`, and tags a 200
    /// answer with the version of the representation it carries: a `GET`'s body, and a change's, which is the
    /// resource as it is after the change.
    func respond(to req: Request, _ handler: @Sendable (Request) async throws -> Response) async throws -> Response {
        let fieldLines = req.headers[IfMatch.header]
        let response: Response
        if req.method == .GET || fieldLines.isEmpty {
            response = try await handler(req)
        } else {
            response = try await Precondition.ifMatch(fieldLines, resource: self, request: req).guarding(on: req.db) {
                try await handler(req)
            }
        }
        if response.status == .ok, let body = response.body.buffer {
            response.headers.replaceOrAdd(name: .eTag, value: EntityTag.strong(of: body.readableBytesView).description)
        }
        return response
    }
}

/// A condition a change must meet inside its own transaction: an API change's `If-Match`, or the version a page
/// form was rendered from (issue #17). Carried from the route to `Recorder.record` the way `IdempotencyClaim` is; the
/// recorder evaluates it after the permission check and before validation, so that the version compared is the
/// version changed, and a caller without the right learns nothing about it.
final class Precondition: Sendable {
    private let check: @Sendable (any Database) async throws -> Void
    /// Evaluated once per request: a second change in the same request would compare against the first's result.
    private let evaluated = NIOLockedValueBox(false)

    @TaskLocal static var current: Precondition?

    init(check: @escaping @Sendable (any Database) async throws -> Void) {
        self.check = check
    }

    /// Runs the check unless it already ran in this request; throws what the check throws.
    func evaluate(on db: any Database) async throws {
        let first = evaluated.withLockedValue { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        try await check(db)
    }

    /// Runs `body` (a handler) under this precondition, then evaluates it if no change did: a request that recorded
    /// nothing is still answered as its condition says.
    func guarding<T>(on db: any Database, _ body: () async throws -> T) async throws -> T {
        let result = try await Self.$current.withValue(self) { try await body() }
        try await evaluate(on: db)
        return result
    }

    /// `If-Match` on a versioned resource: 412 unless the resource's current version satisfies it; a malformed header
    /// is 400, a missing resource 404. On PostgreSQL the resource's row is locked first (`FOR NO KEY UPDATE`, the
    /// lock an `UPDATE` of the row takes, which unlike `FOR UPDATE` leaves other changes' foreign-key checks alone),
    /// so two conditional changes of one resource run one after the other and the second sees the first's result;
    /// unconditional writers lock that row too when they update it, and in the same order (the row, then the log's
    /// head), so the lock adds no deadlock. (Locking the log's head first, as `LedgerAppender` does last, would: an
    /// unconditional change holding the row and waiting for the head, a conditional one holding the head and waiting
    /// for the row.) On SQLite the write gate already runs one writer at a time.
    static func ifMatch(_ fieldLines: [String], resource: VersionedResource, request: Request) -> Precondition {
        Precondition { db in
            let condition: IfMatch?
            do {
                condition = try IfMatch.parse(fieldLines)
            } catch let error as ValidationError {
                throw AppError.from(error)
            }
            guard let condition else { return }
            if let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql",
                let id = request.parameters.get(resource.parameter, as: UUID.self)
            {
                _ = try await sql.raw("SELECT id FROM \(ident: resource.table) WHERE id = \(bind: id) FOR NO KEY UPDATE").all()
            }
            let current = try VersionedResource.tag(of: try await resource.load(request, db))
            guard condition.isSatisfied(by: current) else { throw AppError.preconditionFailed(current: current.description) }
        }
    }
}
