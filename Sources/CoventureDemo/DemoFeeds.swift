import CoventureCore
import CoventureServer
import Fluent
import Foundation
import SQLKit
import Vapor

/// An inbound feed in the demo (issue #16): Helio's meter platform reports the pilot's installed meters every night to
/// Marcus's key result, so its history shows check-ins from a tool beside his own. The feed's secret is not kept (it
/// was never shown to anyone); a demo user who wants to try a feed creates one on the key result's page.
/// Loaded after `DemoNeedsYou`, which makes the key result.
enum DemoFeeds {
    static let source = "Helio meter platform (nightly)"

    static func load(into app: Application, people byEmail: [String: SignedInPerson], venture: UUID, now: Date = Date()) async throws {
        let marcus = byEmail[DemoData.partnerAdminEmail]!
        guard let meters = try await KeyResultRow.first(
            app.db, where: "initiative_id = \(bind: venture) AND title = \(bind: "Pilot homes with a meter installed")")
        else { return }
        let keyResultID = meters.id
        _ = try await FeedStore(application: app).create(keyResultID, source: source, by: marcus.actor, origin: "")
        // Two nights' figures, in Marcus's name as every feed's check-ins are, after his own of a week ago.
        for (daysAgo, value) in [(3.0, "228"), (1.0, "236")] {
            _ = try await KeyResultStore(application: app).checkIn(
                keyResultID, CheckInRequest(value: NumberInput(value), confidence: Confidence.onTrack.rawValue, narrative: ""),
                by: marcus.actor, at: now.addingTimeInterval(-daysAgo * 86_400), source: source)
        }
    }
}
