import Foundation

/// An IP address a webhook endpoint resolved to, and what kind of network it belongs to (the SSRF guard, issue #16).
///
/// The server sends webhooks to URLs that partners' admins type in. Without a guard, an endpoint could point the
/// server at its own loopback services, the private network behind it, or the cloud's metadata service (which hands
/// out credentials). Every address a URL resolves to is classified here, at registration and again before every
/// delivery, and only `public` ones are sent to (loopback and private ones too when the operator allows them for
/// development: never link-local or metadata, which no legitimate receiver uses).
public enum WebhookAddress: Equatable, Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    /// Sixteen bytes, network order.
    case v6([UInt8])

    public enum Kind: String, Sendable, CaseIterable {
        case `public`
        case loopback
        /// RFC 1918 (10/8, 172.16/12, 192.168/16) and unique local IPv6 (fc00::/7).
        case `private`
        /// Shared address space for carrier-grade NAT (100.64/10, RFC 6598).
        case cgnat
        /// 169.254/16 and fe80::/10.
        case linkLocal
        /// Cloud metadata services: 169.254.169.254 and fd00:ec2::254 (AWS's IPv6 one).
        case metadata
        /// 0.0.0.0/8 and ::.
        case unspecified
        /// 224/4 and ff00::/8, and the IPv4 broadcast address.
        case multicast
        /// Ranges no receiver lives on: 240/4 (reserved), 192.0.0/24 (protocol assignments), the documentation and
        /// benchmarking ranges, 2001:db8::/32 and 100::/64 (discard).
        case reserved

        /// What the guard lets through: public addresses always; loopback and private ones (RFC 1918, ULA, CGNAT)
        /// only when the operator allows them (`COVENTURE_WEBHOOK_ALLOW_PRIVATE=1`, for development and tests);
        /// link-local, metadata, unspecified, multicast and reserved never.
        public func allowed(allowPrivate: Bool) -> Bool {
            switch self {
            case .public: true
            case .loopback, .private, .cgnat: allowPrivate
            case .linkLocal, .metadata, .unspecified, .multicast, .reserved: false
            }
        }

        /// Words for the refusal: "must not resolve to a private address (10.0.0.5)".
        public var label: String {
            switch self {
            case .public: "a public address"
            case .loopback: "a loopback address"
            case .private: "a private address"
            case .cgnat: "a carrier-grade NAT address"
            case .linkLocal: "a link-local address"
            case .metadata: "a cloud metadata address"
            case .unspecified: "an unspecified address"
            case .multicast: "a multicast or broadcast address"
            case .reserved: "a reserved address"
            }
        }
    }

    /// Parses a textual address: dotted-quad IPv4 (four decimal parts, no leading zeros, as `inet_pton` reads it) or
    /// IPv6 (with `::`, an embedded dotted quad, and brackets as URLs write it; no zone index). Nil for anything else.
    public init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let v4 = Self.parseV4(text) {
            self = .v4(v4)
        } else if let v6 = Self.parseV6(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .v4(let value): Self.dotted(value)
        case .v6(let bytes):
            stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
        }
    }

    /// The kind of network this address belongs to. An IPv6 address carrying an IPv4 one (IPv4-mapped `::ffff:a.b.c.d`,
    /// IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`) is the kind of the IPv4 address it carries: otherwise
    /// `::ffff:127.0.0.1` would reach loopback through a public-looking form.
    public var kind: Kind {
        switch self {
        case .v4(let value): return Self.kind(v4: value)
        case .v6(let bytes): return Self.kind(v6: bytes)
        }
    }

    private static func kind(v4 a: UInt32) -> Kind {
        func within(_ base: UInt32, _ prefix: UInt32) -> Bool {
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
            return a & mask == base & mask
        }
        func ip(_ x: UInt32, _ y: UInt32, _ z: UInt32, _ w: UInt32) -> UInt32 { x << 24 | y << 16 | z << 8 | w }
        if a == ip(169, 254, 169, 254) { return .metadata }
        if within(ip(0, 0, 0, 0), 8) { return .unspecified }
        if within(ip(127, 0, 0, 0), 8) { return .loopback }
        if within(ip(10, 0, 0, 0), 8) || within(ip(172, 16, 0, 0), 12) || within(ip(192, 168, 0, 0), 16) { return .private }
        if within(ip(100, 64, 0, 0), 10) { return .cgnat }
        if within(ip(169, 254, 0, 0), 16) { return .linkLocal }
        if within(ip(224, 0, 0, 0), 4) || a == UInt32.max { return .multicast }
        if within(ip(240, 0, 0, 0), 4) || within(ip(192, 0, 0, 0), 24) || within(ip(192, 0, 2, 0), 24)
            || within(ip(198, 51, 100, 0), 24) || within(ip(203, 0, 113, 0), 24) || within(ip(198, 18, 0, 0), 15)
        {
            return .reserved
        }
        return .public
    }

    private static let metadataV6: [UInt8] = [0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54]

    private static func kind(v6 b: [UInt8]) -> Kind {
        func v4(at offset: Int) -> UInt32 {
            UInt32(b[offset]) << 24 | UInt32(b[offset + 1]) << 16 | UInt32(b[offset + 2]) << 8 | UInt32(b[offset + 3])
        }
        let firstTenZero = b[0..<10].allSatisfy { $0 == 0 }
        if firstTenZero && b[10] == 0xff && b[11] == 0xff { return kind(v4: v4(at: 12)) }  // ::ffff:a.b.c.d
        if b == metadataV6 { return .metadata }
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        if firstTenZero && b[10] == 0 && b[11] == 0 { return kind(v4: v4(at: 12)) }  // ::a.b.c.d (deprecated form)
        // NAT64 (RFC 6052 well-known prefix 64:ff9b::/96 and the local-use 64:ff9b:1::/48) carries an IPv4 address.
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b {
            if b[4..<12].allSatisfy({ $0 == 0 }) { return kind(v4: v4(at: 12)) }
            if b[4] == 0 && b[5] == 1 { return .private }
        }
        if b[0] & 0xfe == 0xfc { return .private }  // fc00::/7
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return .linkLocal }  // fe80::/10
        if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return .private }  // fec0::/10, the deprecated site-local
        if b[0] == 0xff { return .multicast }
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 { return .reserved }  // 2001:db8::/32
        if b[0] == 0x01 && b[1..<8].allSatisfy({ $0 == 0 }) { return .reserved }  // 100::/64
        // 6to4 (2002::/16) tunnels to the IPv4 address in its next four bytes.
        if b[0] == 0x20 && b[1] == 0x02 {
            return kind(v4: v4(at: 2))
        }
        return .public
    }

    private static func dotted(_ value: UInt32) -> String {
        [value >> 24, value >> 16 & 0xff, value >> 8 & 0xff, value & 0xff].map(String.init).joined(separator: ".")
    }

    private static func parseV4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            // Leading zeros are refused: some resolvers read "010" as octal, and the guard must read what they read.
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || !part.hasPrefix("0"), let byte = UInt32(part), byte <= 255
            else { return nil }
            value = value << 8 | byte
        }
        return value
    }

    private static func parseV6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":"), !text.contains("%") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parseV4(piece) {
                    result.append(UInt16(v4 >> 16))
                    result.append(UInt16(v4 & 0xffff))
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, piece.allSatisfy(\.isHexDigit), let group = UInt16(piece, radix: 16) else { return nil }
                result.append(group)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all: [UInt16]
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard head.count == 8 else { return nil }
            all = head
        }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }
}
