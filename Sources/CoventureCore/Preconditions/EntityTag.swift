import Crypto
import Foundation

/// An HTTP entity tag (RFC 9110 §8.8.3): an opaque version of a representation, strong unless marked `W/`.
public struct EntityTag: Hashable, Sendable, CustomStringConvertible {
    /// The characters between the quotes.
    public let opaque: String
    public let isWeak: Bool

    public init(opaque: String, isWeak: Bool = false) {
        self.opaque = opaque
        self.isWeak = isWeak
    }

    /// The tag as a header writes it: `"…"` or `W/"…"`.
    public var description: String { (isWeak ? "W/" : "") + "\"" + opaque + "\"" }

    /// The strong validator of a representation: the first 16 bytes of the SHA-256 of its bytes, in lowercase hex.
    /// Any change to a byte of what a `GET` returns changes it, as RFC 9110 §8.8.1 asks of a strong validator.
    public static func strong(of representation: some Sequence<UInt8>) -> EntityTag {
        let digest = SHA256.hash(data: Array(representation))
        return EntityTag(opaque: digest.prefix(16).map { String(format: "%02x", $0) }.joined())
    }

    /// Strong comparison (RFC 9110 §8.8.3.2): both strong and the same characters. `If-Match` uses only this one.
    public func matchesStrongly(_ other: EntityTag) -> Bool {
        !isWeak && !other.isWeak && opaque == other.opaque
    }
}

/// The `If-Match` request header (RFC 9110 §13.1.1): `*`, or a comma-separated list of entity tags.
public enum IfMatch: Equatable, Sendable {
    /// `*`: the resource must exist, whatever its version.
    case any
    case tags([EntityTag])

    /// The header's name, as refusals name it.
    public static let header = "If-Match"

    /// Reads every `If-Match` field line of a request (several lines are one comma-separated list, RFC 9110 §5.3);
    /// nil when there is none. Empty list elements are allowed and ignored (§5.6.1). A value that is not `*` alone nor
    /// a list of entity tags is refused with a `ValidationError` naming the header: it cannot be evaluated, and
    /// guessing what a client meant could overwrite someone else's change.
    public static func parse(_ fieldLines: [String]) throws -> IfMatch? {
        guard !fieldLines.isEmpty else { return nil }
        let value = fieldLines.joined(separator: ",")
        if value.trimmingCharacters(in: .whitespaces) == "*" { return .any }
        var scanner = TagScanner(Array(value.unicodeScalars))
        var tags: [EntityTag] = []
        while true {
            scanner.skipWhitespace()
            if scanner.atEnd { break }
            if scanner.consume(",") { continue }
            guard let tag = scanner.entityTag() else {
                throw ValidationError(field: header, "must be * or a comma-separated list of entity tags such as \"3f2a…\"")
            }
            tags.append(tag)
            scanner.skipWhitespace()
            guard scanner.atEnd || scanner.consume(",") else {
                throw ValidationError(field: header, "must separate its entity tags with commas")
            }
        }
        guard !tags.isEmpty else { throw ValidationError(field: header, "must name at least one entity tag, or be *") }
        return .tags(tags)
    }

    /// Whether the condition holds for a resource whose current tag is `current` (it exists). A weak tag in the list
    /// never matches: `If-Match` compares strongly.
    public func isSatisfied(by current: EntityTag) -> Bool {
        switch self {
        case .any: true
        case .tags(let tags): tags.contains { $0.matchesStrongly(current) }
        }
    }
}

/// Reads entity tags off a header value: `[W/]"etagc*"`, etagc being `!`, `#`…`~` or obs-text (RFC 9110 §8.8.3).
private struct TagScanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var atEnd: Bool { index >= scalars.count }

    mutating func skipWhitespace() {
        while !atEnd, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard !atEnd, scalars[index] == scalar else { return false }
        index += 1
        return true
    }

    mutating func entityTag() -> EntityTag? {
        let start = index
        var weak = false
        if consume("W") {
            guard consume("/") else { index = start; return nil }
            weak = true
        }
        guard consume("\"") else { index = start; return nil }
        var opaque = String.UnicodeScalarView()
        while !atEnd {
            let scalar = scalars[index]
            if scalar == "\"" {
                index += 1
                return EntityTag(opaque: String(opaque), isWeak: weak)
            }
            guard scalar.value == 0x21 || (0x23...0x7E).contains(scalar.value) || (0x80...0xFF).contains(scalar.value) else {
                index = start
                return nil
            }
            opaque.append(scalar)
            index += 1
        }
        index = start
        return nil
    }
}

/// The version a page form is rendered from: a digest of the values of the fields the form edits, as rendered. The
/// form carries it in a hidden `version` field; on submit the digest of the values stored now is computed again, and a
/// difference means someone else changed them since the form was opened (issue #17).
public enum FormVersion {
    /// The hidden field's name.
    public static let field = "version"
    /// Its name in a form whose path, or whose page, already has a `version` meaning something else (a practice
    /// version to move an adoption to; the charter version someone agrees to), whose contract stays as it is.
    public static let fieldBesideAnotherVersion = "formVersion"

    /// Lowercase hex of the first 16 bytes of the SHA-256 of the fields, each name and value length-prefixed so that
    /// no two different sets of fields share an input; the order is the fields' names, so it does not matter which
    /// order a form lists them in.
    public static func digest(_ fields: [String: String]) -> String {
        var bytes: [UInt8] = []
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            for part in [name, value] {
                let utf8 = Array(part.utf8)
                withUnsafeBytes(of: UInt64(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: utf8)
            }
        }
        return EntityTag.strong(of: bytes).opaque
    }

    /// The fields whose current value differs from what the person typed: what a form shows as "You had typed: …".
    public static func differences(typed: [String: String], current: [String: String]) -> [String: String] {
        typed.filter { name, value in current[name].map { $0 != value } ?? false }
    }
}
