import Foundation
import PropertyBased
@testable import CoventureCore

/// Random inputs shared by the property tests.
///
/// Strings are drawn to stress a JSON writer: plenty of quotes, backslashes and control characters,
/// plus non-ASCII text, U+2028, U+FFFF, scalars above the Basic Multilingual Plane and multi-scalar emoji.
enum TestGen {
    /// Scalars that are known trouble for JSON writers and key sorting.
    static let trickyScalars: [Unicode.Scalar] = [
        "\"", "\\", "/", " ", "\u{0}", "\u{8}", "\u{9}", "\u{A}", "\u{B}", "\u{C}", "\u{D}", "\u{1B}", "\u{1F}",
        "\u{7F}", "\u{80}", "\u{85}", "\u{A0}", "é", "\u{301}", "€", "\u{2028}", "\u{2029}", "\u{FB33}", "\u{FEFF}",
        "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{200D}", "\u{10FFFF}",
    ]

    static func scalar<R: RandomNumberGenerator>(using rng: inout R) -> Unicode.Scalar {
        let value: UInt32
        switch Int.random(in: 0..<10, using: &rng) {
        case 0...3: value = UInt32.random(in: 0x20...0x7E, using: &rng)
        case 4: value = UInt32.random(in: 0x00...0x1F, using: &rng)
        case 5, 6: return trickyScalars.randomElement(using: &rng)!
        case 7: value = UInt32.random(in: 0xA0...0xD7FF, using: &rng)
        case 8: value = UInt32.random(in: 0xE000...0xFFFF, using: &rng)
        default: value = UInt32.random(in: 0x1_0000...0x10_FFFF, using: &rng)
        }
        return Unicode.Scalar(value)!
    }

    static func string<R: RandomNumberGenerator>(using rng: inout R, length: ClosedRange<Int> = 0...10) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: length, using: &rng) {
            if Int.random(in: 0..<20, using: &rng) == 0 {
                // A whole multi-scalar emoji (family, flag) now and then.
                scalars.append(contentsOf: ["👩‍👩‍👧", "🇳🇱", "e\u{301}"].randomElement(using: &rng)!.unicodeScalars)
            } else {
                scalars.append(scalar(using: &rng))
            }
        }
        return String(scalars)
    }

    static func int64<R: RandomNumberGenerator>(using rng: inout R) -> Int64 {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: [Int64.min, Int64.max, 0, -1, 1].randomElement(using: &rng)!
        case 1: Int64.random(in: Int64.min...Int64.max, using: &rng)
        default: Int64.random(in: -1000...1000, using: &rng)
        }
    }

    /// A JSON value nested at most `depth` containers deep.
    static func json<R: RandomNumberGenerator>(using rng: inout R, depth: Int) -> JSONValue {
        let kinds = depth > 0 ? 6 : 4
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(int64(using: &rng))
        case 3: return .string(string(using: &rng))
        case 4:
            return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in json(using: &rng, depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                members[string(using: &rng, length: 0...6)] = json(using: &rng, depth: depth - 1)
            }
            return .object(members)
        }
    }

    static func uuid<R: RandomNumberGenerator>(using rng: inout R) -> UUID {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }

    /// A plausible event body: random ids, sequence, actor (sometimes the operator), change and time.
    static func eventBody<R: RandomNumberGenerator>(using rng: inout R) -> LedgerEventBody {
        let operatorActs = Int.random(in: 0..<4, using: &rng) == 0
        var change: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            change[string(using: &rng, length: 1...8)] = json(using: &rng, depth: 2)
        }
        // Whole seconds plus the middle of a millisecond, so the millisecond is unambiguous.
        let millis = Int64.random(in: 946_684_800_000...4_102_444_800_000, using: &rng)
        return LedgerEventBody(
            logID: uuid(using: &rng), sequence: Int.random(in: 1...1_000_000, using: &rng),
            actorID: operatorActs ? nil : uuid(using: &rng),
            actorOrganizationID: operatorActs ? nil : uuid(using: &rng),
            action: string(using: &rng, length: 1...16), objectType: string(using: &rng, length: 1...12),
            objectID: uuid(using: &rng), change: change,
            recordedAt: Date(timeIntervalSince1970: (Double(millis) + 0.5) / 1000))
    }

    static let jsonString = Generator { rng in string(using: &rng, length: 0...24) }
    static let jsonKey = Generator { rng in string(using: &rng, length: 0...6) }
    static let json = Generator { rng in json(using: &rng, depth: 3) }
    static let jsonPairs = Generator { rng in
        (0..<Int.random(in: 0...12, using: &rng)).map { _ in (string(using: &rng, length: 0...6), json(using: &rng, depth: 1)) }
    }
    static let uuid = Generator { rng in uuid(using: &rng) }
    static let eventBody = Generator { rng in eventBody(using: &rng) }
}

/// Canonical bytes shown as text in failure messages.
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Decodes canonical bytes with Foundation's JSONDecoder.
func decodeJSON(_ bytes: [UInt8]) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
}

/// Decodes a JSON text written in a test with Foundation's JSONDecoder.
func decodeJSON(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}
