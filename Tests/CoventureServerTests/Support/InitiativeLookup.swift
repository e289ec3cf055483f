import Fluent
import SQLKit
import Testing
@testable import CoventureServer

extension InitiativeRow {
    /// The initiative of this name, required to exist: how tests find the demo's initiatives, whose names are unique.
    static func named(_ name: String, on db: any Database) async throws -> InitiativeRow {
        try #require(try await first(db, where: "name = \(bind: name)"))
    }
}
