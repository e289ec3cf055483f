import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Ledger event body")
struct LedgerEventBodyTests {
    static let logID = UUID(uuidString: "0E8C1C9A-5B2D-4F3E-9A1B-ABCDEF012345")!
    static let actorID = UUID(uuidString: "7C9E6679-7425-40DE-944B-E07FC1F90AE7")!
    static let partyID = UUID(uuidString: "16FD2706-8BAF-433B-82EB-8C7FADA847DA")!
    static let objectID = UUID(uuidString: "886313E1-3B8A-4372-9B90-0C9AEE199E5D")!

    static let sample = LedgerEventBody(
        logID: logID, sequence: 42, actorID: actorID, actorOrganizationID: partyID,
        action: "initiative.governance.change", objectType: "initiative", objectID: objectID,
        change: ["note": .string("Zoë said \"ok\"\n"), "model": .string("jointVenture"), "stakes": .object(["b": .int(4000), "a": .int(6000)])],
        recordedAt: Date(timeIntervalSince1970: 1_764_412_701.123))

    // MARK: Timestamps

    @Test("Timestamps are UTC with exactly three fractional digits")
    func knownTimestamps() {
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: 1_764_412_701.123)) == "2025-11-29T10:38:21.123Z")
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: 1_764_412_701.007)) == "2025-11-29T10:38:21.007Z")
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: 951_782_400.999)) == "2000-02-29T00:00:00.999Z")
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: 253_402_300_799.999)) == "9999-12-31T23:59:59.999Z")
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000Z")
    }

    @Test("Sub-millisecond time is cut off, never rounded up into the next millisecond or second")
    func truncates() {
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: 0.0009)) == "1970-01-01T00:00:00.000Z")
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: 59.9999)) == "1970-01-01T00:00:59.999Z")
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: 1_764_412_701.1236)) == "2025-11-29T10:38:21.123Z")
    }

    @Test("Timestamps agree with ISO8601DateFormatter on the second, and carry the millisecond")
    func agreesWithISO8601() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...4_102_444_800), Gen.int(in: 0...999)) { seconds, millis in
            // The middle of the millisecond, so that binary floating point cannot blur which one it is.
            let date = Date(timeIntervalSince1970: Double(seconds) + (Double(millis) + 0.5) / 1000)
            let whole = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(seconds)))
            let expected = whole.dropLast() + "." + String(format: "%03d", millis) + "Z"
            #expect(LedgerEventBody.timestamp(date) == expected)
        }
    }

    @Test("A date before 1970 with a fraction of a second is written as the correct earlier time")
    func beforeEpoch() {
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: -86_400.25)) == "1969-12-30T23:59:59.750Z")
    }

    @Test("A date made from an exact millisecond is written with that millisecond")
    func exactMillisecond() {
        // 1_093_148_283.304 s is stored as a double a hair below .304: flooring it directly would print .303.
        #expect(LedgerEventBody.timestamp(Date(timeIntervalSince1970: 1_093_148_283.304)) == "2004-08-22T04:18:03.304Z")
    }

    // MARK: Canonical bytes

    @Test("An event body has one exact canonical form")
    func knownAnswer() {
        let expected = #"{"action":"initiative.governance.change","actor":"7c9e6679-7425-40de-944b-e07fc1f90ae7","at":"2025-11-29T10:38:21.123Z","change":{"model":"jointVenture","note":"Zoë said \"ok\"\n","stakes":{"a":6000,"b":4000}},"log":"0e8c1c9a-5b2d-4f3e-9a1b-abcdef012345","object":{"id":"886313e1-3b8a-4372-9b90-0c9aee199e5d","type":"initiative"},"party":"16fd2706-8baf-433b-82eb-8c7fada847da","seq":42,"v":1}"#
        #expect(Self.sample.canonical.canonicalString == expected)
        #expect(Self.sample.canonicalBytes == Array(expected.utf8))
        #expect(EventDigest.sha256Hex(Self.sample.canonicalBytes) == EventDigest.sha256Hex(Array(expected.utf8)))
    }

    @Test("An operator's event has a null actor and party")
    func operatorEvent() {
        var body = Self.sample
        body.actorID = nil
        body.actorOrganizationID = nil
        body.change = [:]
        #expect(
            body.canonical.canonicalString
                == #"{"action":"initiative.governance.change","actor":null,"at":"2025-11-29T10:38:21.123Z","change":{},"log":"0e8c1c9a-5b2d-4f3e-9a1b-abcdef012345","object":{"id":"886313e1-3b8a-4372-9b90-0c9aee199e5d","type":"initiative"},"party":null,"seq":42,"v":1}"#)
    }

    @Test("UUIDs are written lower-case, never in UUID's upper-case uuidString form")
    func lowerCaseUUIDs() {
        let text = Self.sample.canonical.canonicalString
        for id in [Self.logID, Self.actorID, Self.partyID, Self.objectID] {
            #expect(text.contains(id.uuidString.lowercased()))
            #expect(!text.contains(id.uuidString))
        }
    }

    @Test("Equal bodies, however their change dictionaries were built, give identical bytes")
    func equalBodiesSameBytes() async {
        await propertyCheck(input: TestGen.eventBody) { body in
            var copy = body
            copy.change = [:]
            for (key, value) in body.change.reversed() { copy.change[key] = CanonicalJSONTests.rebuilt(value) }
            #expect(copy == body)
            #expect(copy.canonicalBytes == body.canonicalBytes)
            #expect(body.canonicalBytes == body.canonical.canonicalBytes)
        }
    }

    @Test("Changing any one field of a body changes its canonical bytes")
    func everyFieldCounts() async {
        await propertyCheck(count: 300, input: TestGen.eventBody, Gen.int(in: 0...9)) { body, field in
            var changed = body
            switch field {
            case 0: changed.logID = UUID()
            case 1: changed.sequence += 1
            case 2: changed.actorID = body.actorID == nil ? UUID() : nil
            case 3: changed.actorOrganizationID = body.actorOrganizationID == nil ? UUID() : nil
            case 4: changed.action += "x"
            case 5: changed.objectType += "x"
            case 6: changed.objectID = UUID()
            case 7: changed.change["added \(UUID())"] = .null
            case 8: changed.recordedAt = body.recordedAt.addingTimeInterval(0.001)
            default: changed.change = ["wrapped": .object(body.change)]
            }
            #expect(changed != body)
            #expect(changed.canonicalBytes != body.canonicalBytes, "field \(field)")
        }
    }

    @Test("The canonical bytes are JSON that reads back into the body's own values")
    func bytesCarryTheFields() async throws {
        await propertyCheck(input: TestGen.eventBody) { body in
            let decoded = try decodeJSON(body.canonicalBytes)
            #expect(decoded == .object([
                "v": .int(1),
                "log": .string(body.logID.uuidString.lowercased()),
                "seq": .int(Int64(body.sequence)),
                "actor": body.actorID.map { .string($0.uuidString.lowercased()) } ?? .null,
                "party": body.actorOrganizationID.map { .string($0.uuidString.lowercased()) } ?? .null,
                "action": .string(body.action),
                "object": .object(["type": .string(body.objectType), "id": .string(body.objectID.uuidString.lowercased())]),
                "change": .object(body.change),
                "at": .string(LedgerEventBody.timestamp(body.recordedAt)),
            ]))
        }
    }
}
