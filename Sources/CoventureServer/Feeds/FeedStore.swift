import CoventureCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Inbound key-result feeds (issue #16): created (URL and secret shown once, the secret stored hashed), revoked, and
/// called by a tool to record a check-in in the key result owner's name, marked with its source.
///
/// Who may create or revoke a key result's feeds is who may check in on it (`Permission.keyResult(_, .checkIn)`): its
/// owner, the leaders of streams contributing to it and its owning party's admins (anyone of the organization for an
/// organization's own key result). A feed is a standing check-in, so it needs exactly the right a check-in needs.
package struct FeedStore: RecordingStore {
    let db: any Database
    let recorder: Recorder

    /// A feed's label when its creator gives none.
    static let defaultSource = "Feed"

    package func create(_ keyResultID: UUID, source: String?, by actor: Actor, origin: String) async throws -> CreatedFeedDTO {
        let secret = Secrets.make(prefix: "cvf_")
        return try await recorder.record(
            .keyResult(keyResultID, .checkIn), by: actor,
            validate: { () -> (source: String, creator: UUID) in
                // The operator has no key results to answer for: a feed is made by a person.
                guard let creator = actor.personID else { throw ValidationError(field: "personId", "a feed is created by a person, not the operator") }
                return (try Self.source(source, field: "source") ?? Self.defaultSource, creator)
            },
            apply: { db, input in
                let source = input.source
                let sql = db as! any SQLDatabase
                guard let keyResult = try await sql.raw("""
                    SELECT initiative_id, organization_id FROM key_results WHERE id = \(bind: keyResultID)
                    """).first()
                else { throw AppError.notFound }
                let log = try keyResult.decode(column: "initiative_id", as: UUID?.self)
                    ?? keyResult.decode(column: "organization_id", as: UUID.self)
                let feed = KeyResultFeedRow(
                    id: UUID(), keyResultID: keyResultID, source: source, secretHash: Secrets.hash(secret), createdBy: input.creator,
                    createdAt: Date())
                try await feed.insert(db)
                let id = feed.id
                // Never the secret, nor its hash: the ledger is read by every party.
                let event = EventDraft(
                    log: log, action: .keyResultFeedCreated, objectID: id,
                    change: ["keyResultId": .id(keyResultID), "source": .string(source)])
                return Recorded(CreatedFeedDTO(id: id, url: origin + APIURL.feedCall(.value(secret)).path, secret: secret), event)
            })
    }

    /// Revokes a feed: its secret answers 404 from now on. Revoking one already revoked changes nothing.
    @discardableResult
    func revoke(_ feedID: UUID, by actor: Actor) async throws -> FeedDTO {
        guard let keyResultID = try await FeedReader(db: db).keyResultID(ofFeed: feedID) else { throw AppError.notFound }
        return try await recorder.record(
            .keyResult(keyResultID, .checkIn), by: actor, validate: {},
            apply: { db, _ in
                guard var feed = try await KeyResultFeedRow.find(feedID, db),
                    let keyResult = try await KeyResultRow.find(feed.keyResultID, db)
                else { throw AppError.notFound }
                guard feed.revokedAt == nil else { return Recorded(feed.dto, []) }
                let original = feed
                feed.revokedAt = Date()
                try await feed.update(db, changedFrom: original)
                let event = EventDraft(
                    log: keyResult.initiativeID ?? keyResult.organizationID, action: .keyResultFeedRevoked, objectID: feedID,
                    change: ["keyResultId": .id(feed.keyResultID), "source": .string(feed.source)])
                return Recorded(feed.dto, event)
            })
    }

    /// A tool's call: the secret finds the feed (404 when unknown or revoked); the feed's rate limit (429); its key
    /// result's owner must still be one who may check in on it (410 otherwise: the feed stops for good); a signed
    /// body must carry a good, fresh signature (401) seen once (409); then the check-in goes through the one
    /// check-in path, in the owner's name, with its source.
    func receive(
        secret: String, signature headers: WebhookSignature.Headers, body: [UInt8], throttle: FeedThrottle, now: Date = Date()
    ) async throws -> CheckInDTO {
        guard let feed = try await FeedReader(db: db).live(secret: secret) else { throw AppError.notFound }
        if let wait = throttle.admit(feed.id, now: now) {
            throw AppError.rateLimited(
                retryAfter: wait,
                reason: "This feed sent more than \(Int(TokenBucket.perMinute)) check-ins a minute (or \(Int(TokenBucket.burst)) at once).")
        }
        let owner = try await ownerWhoMayCheckIn(feed)
        var messageID: String?
        if !headers.areAbsent {
            do {
                messageID = try WebhookSignature.verify(headers, body: body, key: WebhookSignature.key(secret: secret), now: now)
            } catch {
                throw AppError.badCredential(field: error.header, message: error.message)
            }
            guard try await FeedReplays(recorder: recorder).firstSight(feed.id, messageID: messageID!, now: now) else {
                throw AppError.conflict(field: "webhook-id", message: "was already received in the last 10 minutes; nothing was recorded again")
            }
        }
        do {
            let call = try Self.decode(body)
            let source = try Self.source(call.source, field: "source") ?? feed.source
            let request = CheckInRequest(
                value: call.value, confidence: call.confidence ?? feed.confidence ?? Confidence.onTrack.rawValue, narrative: call.narrative)
            let checkIn: CheckInDTO
            do {
                checkIn = try await KeyResultStore(db: db, recorder: recorder).checkIn(feed.keyResultID, request, by: owner, source: source)
            } catch AppError.notFound, AppError.forbidden {
                // The owner left (or lost the right) while the call waited: the feed stops, as it would have before.
                throw Self.ownerGone
            }
            try await recorder.bookkeeping { db in
                try await KeyResultFeedRow.update(db, set: "last_used_at = \(bind: now)", where: "id = \(bind: feed.id)")
            }
            return checkIn
        } catch {
            if let messageID { try? await FeedReplays(recorder: recorder).forget(feed.id, messageID: messageID) }
            throw error
        }
    }

    static let ownerGone = AppError.gone(
        "this feed's key result has no owner who may check in on it any more (they left the initiative, or it has no owner); create a new feed once it has one")

    /// The owner as the actor of the check-in, when they still may check in on the key result.
    private func ownerWhoMayCheckIn(_ feed: LiveFeed) async throws -> Actor {
        guard let ownerID = feed.ownerID, let organizationID = feed.ownerOrganizationID else { throw Self.ownerGone }
        let owner = Actor(personID: ownerID, organizationID: organizationID)
        guard try await Policy.decide(.keyResult(feed.keyResultID, .checkIn), actor: owner, on: db) == .allow else { throw Self.ownerGone }
        return owner
    }

    /// The call's JSON body; a body that is not one names the field, as every API body does.
    static func decode(_ body: [UInt8]) throws -> FeedCheckInRequest {
        guard !body.isEmpty else { throw AppError.invalid(field: "value", message: "is required: send a JSON body such as {\"value\": 42}") }
        let decoder = JSONDecoder()
        return try decoder.decode(FeedCheckInRequest.self, from: Data(body))
    }

    /// A source label: optional, one line, at most 100 characters.
    static func source(_ text: String?, field: String) throws -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try Validate.text(text, field: field, maxLength: 100)
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}
