import CoventureCore
import CoventureServer
import Fluent
import Foundation
import Vapor

/// Appends many synthetic events to one log quickly, for benchmarks: the same rows the recording path writes,
/// through the same `LedgerAppender`, 5,000 events per transaction. Never used for real changes.
struct LedgerBulkWriter {
    let app: Application
    let log: UUID
    let actor: Actor

    func append(count: Int, progress: (Int) -> Void) async throws {
        var written = 0
        let size = try await LedgerTree(db: app.db).size(log: log)
        while written < count {
            let batch = min(5000, count - written)
            let first = Int(size) + written
            let drafts = (0..<batch).map { offset in
                EventDraft(
                    log: log, action: .benchmarkEntry, objectID: UUID(),
                    change: ["n": .int(first + offset), "note": .string("A synthetic entry, as large as a typical change.")])
            }
            let actor = self.actor
            _ = try await app.writeGate.run {
                try await app.db.transaction { tx in
                    try await LedgerAppender.append(drafts, actor: actor, at: Date(), on: tx)
                }
            }
            written += batch
            progress(written)
        }
    }
}

/// The ledger's proof benchmarks' data.
public enum BenchmarkLedger {
    /// `coventure ledger fill`: a benchmark initiative (and an owner's API token) whose log holds `entries` synthetic events,
    /// written by `LedgerBulkWriter` (the same rows the recording path writes, in bulk).
    public static func fill(_ app: Application, entries: Int, progress: (Int) -> Void) async throws -> (initiative: UUID, token: String) {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let person = try await PeopleStore(application: app).createPerson(
            .init(name: "Ledger Benchmark", email: "ledger-bench-\(suffix)@example.org", organizationName: "Benchmark Org \(suffix)",
                  passwordHash: nil, isOrgAdmin: true))
        let owner = SignedInPerson(
            id: person.id, name: person.name, email: person.email, organizationID: person.organizationId,
            organizationName: person.organizationName, isOrgAdmin: true, sessionID: nil)
        let initiative = try await InitiativeStore(application: app).create(
            CreateInitiativeRequest(name: "Ledger benchmark \(suffix)", purpose: "Synthetic entries for proof benchmarks.", governance: .ownerLed),
            by: owner)
        try await LedgerBulkWriter(app: app, log: initiative.id, actor: owner.actor).append(count: entries - 3, progress: progress)
        _ = try await app.ledger.signIfDue(log: initiative.id, on: app.db, logger: app.logger, force: true)
        let token = try await TokenStore(application: app).create(
            name: "ledger benchmark", personID: owner.id, organizationID: owner.organizationID, actor: .operator, secret: Secrets.make(prefix: "cvt_"))
        return (initiative.id, token.secret)
    }
}
