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

    @Test("Feed sentences name the workstream, the work item, the person and the value, looked up for the page",
          arguments: TestDatabase.all)
    func namesAndValues(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let world = try await World.make(t)
            let session = try await Factory.session(t, world.ownerAdmin)
            _ = try await AssignmentStore(application: t.app).updateWorkItem(
                world.streams.streamID, itemID: world.streams.workItemID, UpdateWorkItemRequest(status: .done), by: world.ownerAdmin.actor)
            let page = try await t.send(.GET, SiteURL.initiativeActivity(.value(world.initiative.id)).path, as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains(
                "<strong>Olivia Owner</strong> assigned Chris Contributor to <em>Matrix stream</em> at <strong class=\"value\">30\u{00A0}%</strong>"))
            #expect(page.text.contains("<strong>Olivia Owner</strong> moved <em>Matrix item</em> to <strong class=\"value\">done</strong>"))
            #expect(page.text.contains("added the work item <em>Matrix item</em> to <em>Matrix stream</em> for Chris Contributor"))
            #expect(!page.text.contains("a workstream"), "every workstream named")
        }
    }
}
