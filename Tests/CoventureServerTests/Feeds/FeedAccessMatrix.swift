import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The feeds fixture of the access matrix's `World` (issue #16): two feeds of the matrix's key result, made by its owner.
struct MatrixFeeds: Sendable {
    /// Called by every kind of caller: its secret is the credential, whoever sends it.
    var called: CreatedFeedDTO
    /// Revoked by those who may; revoking again changes nothing and is still allowed.
    var revoked: CreatedFeedDTO
    /// The owner's calendar feed, read by every kind of caller (its secret is the credential); every person of the
    /// world has one, so each may stop theirs.
    var calendar: CreatedCalendarFeedDTO

    static func make(_ t: TestApp, keyResult: UUID, owner: SignedInPerson, people: [SignedInPerson]) async throws -> MatrixFeeds {
        let store = FeedStore(application: t.app), calendars = CalendarStore(application: t.app)
        for person in people where person.id != owner.id { _ = try await calendars.create(for: person, origin: "") }
        return MatrixFeeds(
            called: try await store.create(keyResult, source: "Matrix BI job", by: owner.actor, origin: ""),
            revoked: try await store.create(keyResult, source: "Matrix script", by: owner.actor, origin: ""),
            calendar: try await calendars.create(for: owner, origin: ""))
    }
}

extension AccessMatrixTests {
    static let feedEntries: [Entry] = {
        let k: @Sendable (World) -> Param<UUID> = { .value($0.okrs.keyResult.id) }
        let revoked: @Sendable (World) -> Param<UUID> = { .value($0.feeds.revoked.id) }
        return [
            // Pages: who may check in on the key result manages its feeds.
            Entry(method: .POST, url: .keyResultFeeds(.key), path: { w in SiteURL.keyResultFeeds(k(w)).path },
                  form: { _ in ["source": "Matrix page"] }, expect: keyResultCheckIn(anonymous: .signIn)),
            Entry(method: .POST, url: .keyResultFeedRevoke(.key, feed: .key),
                  path: { w in SiteURL.keyResultFeedRevoke(k(w), feed: revoked(w)).path }, form: { _ in [:] },
                  expect: keyResultCheckIn(anonymous: .signIn)),
            // API
            Entry(method: .POST, url: .api(.keyResultFeeds(.key)), path: { w in APIURL.keyResultFeeds(k(w)).path },
                  json: { _ in ["source": "Matrix API"] }, expect: keyResultCheckIn(anonymous: .unauthorized)),
            Entry(method: .DELETE, url: .api(.feed(.key)), path: { w in APIURL.feed(revoked(w)).path },
                  expect: keyResultCheckIn(anonymous: .unauthorized)),
            // The feed itself needs no token: its secret is the credential, so every caller records a check-in.
            Entry(method: .POST, url: .api(.feedCall(.key)), path: { w in APIURL.feedCall(.value(w.feeds.called.secret)).path },
                  json: { _ in ["value": 260] }, expect: everyone(.ok)),
            // Calendar feeds: the feed answers whoever holds its URL; each person makes or stops their own.
            Entry(method: .GET, url: .calendarFeed(.key), path: { w in w.feeds.calendar.url }, expect: everyone(.ok)),
            Entry(method: .POST, url: .tokensCalendarFeed, path: { _ in SiteURL.tokensCalendarFeed.path }, form: { _ in [:] },
                  expect: signedIn(anonymous: .signIn)),
            Entry(method: .POST, url: .tokensCalendarFeedRevoke, path: { _ in SiteURL.tokensCalendarFeedRevoke.path }, form: { _ in [:] },
                  expect: signedIn(anonymous: .signIn)),
            Entry(method: .POST, url: .api(.calendarFeed), path: { _ in APIURL.calendarFeed.path }, expect: signedIn(anonymous: .unauthorized)),
            Entry(method: .DELETE, url: .api(.calendarFeed), path: { _ in APIURL.calendarFeed.path }, expect: signedIn(anonymous: .unauthorized)),
            // Metrics: without COVENTURE_METRICS_TOKEN (as here) there are none, for anyone (Metrics/MetricsTests covers the token).
            Entry(method: .GET, url: .metrics, path: { _ in SiteURL.metrics.path }, expect: everyone(.notFound)),
        ]
    }()
}
