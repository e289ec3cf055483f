import CoventureCore
import Foundation
import NIOCore
import Vapor

/// The rendered reads of initiatives (pages and JSON), each kept for the initiative revision it was rendered at.
///
/// Issue #6: the OKR tree, workstream map, line of sight and overview of a large initiative take tens of milliseconds
/// to load and render, yet change only when something is recorded. A repeated read is served from here after two
/// indexed lookups (the session, and the membership with the revision); the first read after any change renders afresh.
///
/// What a cached read may depend on, and how each is keyed:
/// - the data of the initiative and of its parties' organizations: `InitiativeRevision`;
/// - who is asking: the person, their membership (role and party) and their form token are part of the key, so
///   a page with controls or a "you" is never shown to anyone else; so is the header's unread count (the bell), which
///   changes with no change to the initiative;
/// - the query string (pagination, the person of a line of sight): part of the key;
/// - the clock and facts from outside the initiative (a stale check-in, a person's commitments in other
///   initiatives): not in the revision, so an entry is kept at most `maxAge` (10 s by default).
struct ReadCache: Sendable {
    struct Key: Hashable, Sendable {
        var view: String
        var initiativeID: UUID
        var personID: UUID
        var membership: String
        var query: String
        var formToken: String
        var unreadNotifications: Int
    }

    struct Body: Sendable {
        var buffer: ByteBuffer
        var contentType: HTTPMediaType?
        var cacheControl: String?
    }

    let store: RevisionedCache<Key, InitiativeRevision, Body>

    init(megabytes: Int, maxAge: TimeInterval) {
        store = RevisionedCache(byteBudget: megabytes * 1_048_576, maxAge: maxAge)
    }

    var isEnabled: Bool { store.byteBudget > 0 }
}

extension Application {
    private struct ReadCacheKey: StorageKey { typealias Value = ReadCache }

    var readCache: ReadCache {
        get {
            guard let cache = storage[ReadCacheKey.self] else { fatalError("configure(_:) sets the read cache") }
            return cache
        }
        set { storage[ReadCacheKey.self] = newValue }
    }
}

extension Request {
    /// A read of the initiative `initiativeID`: checks that the caller may read it (404 otherwise, as `Policy`
    /// decides), then serves it from the read cache when nothing it depends on changed since it was kept, or
    /// produces it with the caller's membership and keeps it if it succeeded.
    func cachedRead(
        _ view: String, initiative initiativeID: UUID,
        produce: (InitiativeViewer.Membership) async throws -> some AsyncResponseEncodable
    ) async throws -> Response {
        let person = try person()
        let (viewer, revision) = try await Policy.reader(personID: person.id, initiativeID: initiativeID, on: db)
        try Policy.enforce(AccessPolicy.decide(.read, for: viewer))
        guard let membership = viewer.membership, let revision else { throw AppError.notFound }
        let cache = application.readCache
        guard cache.isEnabled else { return try await produce(membership).encodeResponse(for: self) }
        let key = ReadCache.Key(
            view: view, initiativeID: initiativeID, personID: person.id,
            membership: "\(membership.role.rawValue) \(membership.partyOrganizationID) \(membership.partyIsOwner)",
            query: url.query ?? "", formToken: csrfToken, unreadNotifications: person.unreadNotifications ?? 0)
        if let body = cache.store.value(for: key, at: revision) {
            Metrics.shared.readCache(hit: true)
            var headers = HTTPHeaders()
            if let contentType = body.contentType { headers.contentType = contentType }
            if let cacheControl = body.cacheControl { headers.replaceOrAdd(name: .cacheControl, value: cacheControl) }
            return Response(status: .ok, headers: headers, body: .init(buffer: body.buffer))
        }
        Metrics.shared.readCache(hit: false)
        // The revision was read before producing: a change committed meanwhile may show in what is kept, but it is
        // kept under the older revision, which no later request can present again.
        let response = try await produce(membership).encodeResponse(for: self)
        if response.status == .ok, let buffer = response.body.buffer {
            cache.store.store(
                .init(buffer: buffer, contentType: response.headers.contentType, cacheControl: response.headers.first(name: .cacheControl)),
                cost: buffer.readableBytes + 256, for: key, at: revision)
        }
        return response
    }
}
