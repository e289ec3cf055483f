import CoventureCore
import Foundation
import Testing
import Vapor
@testable import CoventureServer

@Suite("Activity feed")
struct ActivityFeedTests {
    @Test("The activity page tells every change in words, OKR and workstream changes included, and never shows an event code",
          arguments: TestDatabase.all)
    func everyEventInWords(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let page = try await t.send(
                .GET, SiteURL.initiativeActivity(.value(world.initiative.id)).path, as: try await Factory.session(t, world.ownerAdmin))
            #expect(page.status == .ok)
            for action in LedgerAction.allCases {
                #expect(!page.text.contains(">\(action.rawValue)<") && !page.text.contains(" \(action.rawValue)"), "\(action.rawValue) shown as a code")
            }
            #expect(page.text.contains("checked in"))
            #expect(page.text.contains("started the workstream"))
            #expect(page.text.contains("added the key result"))
        }
    }
}
