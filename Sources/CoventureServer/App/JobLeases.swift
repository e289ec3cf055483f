import Fluent
import Foundation
import SQLKit
import Vapor

/// Runs a background job on one node at a time (issue #17: several nodes on one PostgreSQL). A job is claimed by a
/// **lease row** in `job_leases`: one atomic upsert takes the row when it is free or its lease has run out, and answers
/// who holds it; the holder renews the lease while it works and deletes the row when done. A node killed mid-job
/// stops renewing, so another takes the job over once the lease runs out (`duration`, 15 s).
///
/// The same statements run on SQLite (one node, or several processes on one file) and PostgreSQL, so the tests cover
/// the path production takes. No connection is held while the job runs — an advisory lock would pin one for the whole
/// job, and jobs that fan out (webhook deliveries, eight endpoints at once) would starve the pool they work with.
///
/// What "once" means: two nodes never run the same job at the same time. A sweep that another node finished a moment
/// ago may run again on the next tick; every job is written to find nothing left to do then (a decision already
/// closed answers 409, notifications carry dedupe keys, a week's digest is recorded as sent, a checkpoint of a size
/// already signed is kept as it is).
struct JobLeases: Sendable {
    let recorder: Recorder
    var now: @Sendable () -> Date = { Date() }
    /// How long a claim holds without renewal: how soon another node takes over the job of one that died.
    var duration: TimeInterval = 15
    /// How often a running job renews its lease (well inside `duration`).
    var renewEvery: TimeInterval = 5

    init(recorder: Recorder) { self.recorder = recorder }

    init(application: Application) { self.init(recorder: application.recorder) }

    /// Runs `body` when this caller claims `name`; nil, without running it, when another holds it.
    func run<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        let holder = UUID()
        guard try await claim(name, holder: holder) else { return nil }
        let renewing = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(renewEvery * 1_000_000_000))
                if Task.isCancelled { break }
                _ = try? await renew(name, holder: holder)
            }
        }
        do {
            let value = try await body()
            renewing.cancel()
            await renewing.value
            try await release(name, holder: holder)
            return value
        } catch {
            renewing.cancel()
            await renewing.value
            try? await release(name, holder: holder)
            throw error
        }
    }

    /// Takes the lease when there is none or it has run out; true when `holder` holds it now.
    func claim(_ name: String, holder: UUID) async throws -> Bool {
        let now = now(), until = now.addingTimeInterval(duration)
        return try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw("""
                INSERT INTO job_leases (name, holder, expires_at) VALUES (\(bind: name), \(bind: holder), \(bind: until))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE job_leases.expires_at < \(bind: now)
                RETURNING holder
                """).first() != nil
        }
    }

    /// Extends the lease; false when it was lost (it ran out and another node took the job).
    func renew(_ name: String, holder: UUID) async throws -> Bool {
        let until = now().addingTimeInterval(duration)
        return try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw("""
                UPDATE job_leases SET expires_at = \(bind: until) WHERE name = \(bind: name) AND holder = \(bind: holder) RETURNING name
                """).first() != nil
        }
    }

    func release(_ name: String, holder: UUID) async throws {
        try await recorder.bookkeeping { db in
            try await (db as! any SQLDatabase).raw("DELETE FROM job_leases WHERE name = \(bind: name) AND holder = \(bind: holder)").run()
        }
    }
}

/// The lease rows of `JobLeases` (issue #17), schema version 10. Frozen once shipped.
struct CreateJobLeasesV10: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .uuid, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("job_leases").delete()
    }
}
