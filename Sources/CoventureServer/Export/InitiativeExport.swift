import CoventureCore
import Foundation
import NIOCore
import Vapor

/// A party's full export of an initiative (issue #17), written as `ExportFormat` lines into a streamed response body:
/// the header, every entity the exporting admin may see through the API (each kind read by its feature's own reader
/// or store and written as the API's DTO), every ledger entry up to the checkpoint, and that checkpoint.
///
/// Memory stays flat in the size of the history: the ledger is read 1 000 entries a page (by sequence number, an
/// index range scan), check-ins 1 000 a page per key result, and every other kind one list (or one list per parent) at
/// a time, written out before the next is read. Lines are encoded on `CPUWork`, never on an event loop.
struct InitiativeExport: Sendable {
    let request: Request
    let initiativeID: UUID
    let person: SignedInPerson
    /// Signed before the first byte is sent: the ledger section ends exactly at its size.
    let checkpoint: ExportFormat.CheckpointLine
    let checkpointSize: UInt64
    let exportedAt: Date

    static let pageSize = 1_000

    /// Signs a checkpoint of the log as it is now (the API's own checkpoint, cosignatures included), so that every
    /// entry recorded until the export starts is covered by a signature.
    static func prepare(_ req: Request, initiativeID: UUID, person: SignedInPerson) async throws -> InitiativeExport {
        let ledger = req.application.ledger
        guard let stored = try await ledger.signIfDue(log: initiativeID, on: req.db, logger: req.logger, force: true) else {
            throw AppError.notFound
        }
        let note = try await LedgerCosignatures(db: req.db).noteWithCosignatures(stored, log: initiativeID)
        return InitiativeExport(
            request: req, initiativeID: initiativeID, person: person,
            checkpoint: ExportFormat.CheckpointLine(note: note, verifierKey: ledger.verifierKey), checkpointSize: stored.size,
            exportedAt: Date())
    }

    func write(to writer: any AsyncBodyStreamWriter) async throws {
        let sink = ExportSink(writer: writer)
        try await entities(into: sink)
        try await ledgerEntries(into: sink)
        try await sink.write(try await CPUWork.shared.run { [checkpoint] in
            try ExportFormat.line(checkpoint, encoder: ExportFormat.encoder())
        })
        try await sink.flush()
    }

    // MARK: Entities

    private func entities(into sink: ExportSink) async throws {
        let req = request, id = initiativeID
        let initiatives = InitiativeStore(request: req)
        let initiative = try await initiatives.detail(id)
        let party = ExportFormat.Party(
            organizationId: person.organizationID,
            name: initiative.parties.first { $0.organizationId == person.organizationID }?.organizationName ?? person.organizationName)
        let header = ExportFormat.Header(initiativeId: id, party: party, exportedBy: person.id, exportedAt: exportedAt)
        try await sink.write(try await CPUWork.shared.run { try ExportFormat.line(header, encoder: ExportFormat.encoder()) })
        try await sink.emit("initiative", [initiative])
        try await sink.emit("party", initiative.parties)
        try await sink.emit("member", try await initiatives.members(id))
        try await sink.emit("invitation", try await initiatives.invitations(id))

        // Objectives carry their key results; each key result's check-ins follow, a page at a time.
        let okrs = OKRReader(request: req)
        let objectives = try await okrs.tree(id)
        try await sink.emit("objective", objectives)
        for keyResult in objectives.flatMap(\.keyResults) {
            var offset = 0, more = true
            while more {
                let page = try await okrs.keyResult(keyResult.id, historyOffset: offset, historyLimit: Self.pageSize)
                try await sink.emit("checkIn", page.keyResult.checkIns ?? [])
                offset += Self.pageSize
                more = page.hasOlder
            }
        }

        let streams = WorkstreamReader(request: req)
        let workstreams = try await streams.list(initiativeID: id)
        try await sink.emit("workstream", workstreams)
        let adoptions = AdoptionStore(request: req), retrospectives = RetrospectiveStore(request: req)
        for stream in workstreams {
            try await sink.emit("workItem", try await streams.workItems(of: stream.id))
            try await sink.emit("charterVersion", try await streams.charterVersions(of: stream.id))
            try await sink.emit("adoption", try await adoptions.list(stream.id))
            try await sink.emit("retrospective", try await retrospectives.list(stream.id))
        }

        let decisions = DecisionStore(request: req)
        try await sink.emit("decisionType", try await decisions.reader.types(id))
        try await sink.emit("decision", try await decisions.list(id, filter: DecisionReader.Filter()))
        // Votes as the API shows them to the exporting admin: hidden ones until the close are only their own.
        for record in try await decisions.reader.records(id) {
            try await sink.emit("vote", try await decisions.votes(record, viewer: person.id))
        }
        try await sink.emit("escalationLadder", [DecisionsAPIController.dto(try await decisions.reader.ladder(id))])

        let value = ValueStore(request: req)
        try await sink.emit("valueMetric", try await value.list(id))
        for metric in try await value.reader.metrics(id) {
            try await sink.emit("measurement", try await value.measurements(metric))
        }

        let investments = InvestmentReader(db: req.db)
        try await sink.emit("scoringFramework", [try await investments.overview(id)])
        try await sink.emit("proposal", try await investments.dtos(try await investments.records(id), parties: try await investments.parties(id)))

        let practices = PracticeStore(request: req)
        try await sink.emit("practice", try await practices.library(id))
        for practice in try await practices.reader.practices(id) {
            try await sink.emit("practiceVersion", try await practices.versions(practice))
        }

        // The pulse as the API shows it to this admin: means hidden under three answers, comments of shown parties.
        let pulse = PulseStore(request: req)
        try await sink.emit("pulseSettings", [try await pulse.settings(id, personID: person.id)])
        try await sink.emit("pulseRound", try await pulse.rounds(id, personID: person.id))
        try await sink.emit("pulse", [try await pulse.pulse(id, personID: person.id)])
    }

    // MARK: Ledger

    private func ledgerEntries(into sink: ExportSink) async throws {
        let tree = LedgerTree(db: request.db)
        var start: UInt64 = 0
        while start < checkpointSize {
            let leaves = try await tree.leaves(log: initiativeID, start: start, end: min(checkpointSize, start + UInt64(Self.pageSize)))
            guard let last = leaves.last, leaves.first?.index == start else {
                throw LedgerIntegrityError(log: initiativeID, reason: "entries from \(start) are missing")
            }
            try await sink.write(try await CPUWork.shared.run {
                let encoder = ExportFormat.encoder()
                var lines = Data()
                for leaf in leaves {
                    lines.append(try ExportFormat.line(ExportFormat.LedgerEntry(index: leaf.index, leafBytes: leaf.bytes), encoder: encoder))
                }
                return lines
            })
            start = last.index + 1
        }
    }
}

/// Gathers lines into chunks of about 64 KB before handing them to the response body: one write per line would cost
/// a flush each, and one write per section would hold a whole section in memory.
private final class ExportSink {
    let writer: any AsyncBodyStreamWriter
    private var buffer = ByteBuffer()
    static let chunkSize = 64 * 1024

    init(writer: any AsyncBodyStreamWriter) { self.writer = writer }

    /// The lines of one list of entities, `{"type":…,"data":…}` each, encoded off the event loop.
    func emit<T: Encodable & Sendable>(_ type: String, _ items: [T]) async throws {
        guard !items.isEmpty else { return }
        try await write(try await CPUWork.shared.run {
            let encoder = ExportFormat.encoder()
            var lines = Data()
            for item in items { lines.append(try ExportFormat.entityLine(type: type, item, encoder: encoder)) }
            return lines
        })
    }

    func write(_ data: Data) async throws {
        buffer.writeBytes(data)
        if buffer.readableBytes >= Self.chunkSize { try await flush() }
    }

    func flush() async throws {
        guard buffer.readableBytes > 0 else { return }
        let chunk = buffer
        buffer = ByteBuffer()
        try await writer.write(.buffer(chunk))
    }
}
