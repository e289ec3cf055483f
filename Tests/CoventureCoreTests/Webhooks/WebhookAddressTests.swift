import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// The SSRF guard's rule (issue #16): which addresses a webhook may be sent to.
@Suite("Webhook addresses")
struct WebhookAddressTests {
    typealias A = WebhookAddress

    static func kind(_ text: String) -> A.Kind? { A(text)?.kind }

    static func v4(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> UInt32 { UInt32(a << 24 | b << 16 | c << 8 | d) }

    @Test("Named ranges: loopback, RFC 1918, CGNAT, link-local, metadata, unspecified, multicast, reserved and public")
    func namedRanges() {
        let expected: [(String, A.Kind)] = [
            ("127.0.0.1", .loopback), ("127.255.255.254", .loopback), ("::1", .loopback), ("[::1]", .loopback),
            ("10.0.0.1", .private), ("10.255.255.255", .private), ("172.16.0.1", .private), ("172.31.255.255", .private),
            ("192.168.1.1", .private), ("fc00::1", .private), ("fd12:3456::1", .private),
            ("100.64.0.1", .cgnat), ("100.127.255.255", .cgnat),
            ("169.254.0.1", .linkLocal), ("169.254.169.253", .linkLocal), ("fe80::1", .linkLocal), ("febf::1", .linkLocal),
            ("169.254.169.254", .metadata), ("fd00:ec2::254", .metadata),
            ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("::", .unspecified),
            ("224.0.0.1", .multicast), ("239.255.255.250", .multicast), ("255.255.255.255", .multicast), ("ff02::1", .multicast),
            ("240.0.0.1", .reserved), ("192.0.2.1", .reserved), ("198.51.100.7", .reserved), ("203.0.113.9", .reserved),
            ("2001:db8::1", .reserved),
            ("8.8.8.8", .public), ("1.1.1.1", .public), ("172.15.255.255", .public), ("172.32.0.0", .public),
            ("100.63.255.255", .public), ("100.128.0.0", .public), ("2606:4700::1111", .public), ("2a00:1450:4001::200e", .public),
        ]
        for (text, kind) in expected { #expect(Self.kind(text) == kind, "\(text)") }
    }

    @Test("An IPv6 form carrying an IPv4 address is the kind of that IPv4 address (mapped, compatible, NAT64, 6to4)")
    func embeddedIPv4() {
        #expect(Self.kind("::ffff:127.0.0.1") == .loopback)
        #expect(Self.kind("::ffff:7f00:1") == .loopback)
        #expect(Self.kind("::ffff:169.254.169.254") == .metadata)
        #expect(Self.kind("::ffff:10.1.2.3") == .private)
        #expect(Self.kind("::10.1.2.3") == .private)
        #expect(Self.kind("64:ff9b::169.254.169.254") == .metadata)
        #expect(Self.kind("64:ff9b::8.8.8.8") == .public)
        #expect(Self.kind("2002:7f00:0001::") == .loopback)
        #expect(Self.kind("2002:0808:0808::1") == .public)
    }

    @Test("Text that is not an address parses to nothing: names, zone indexes, octal-looking parts, out-of-range parts")
    func notAddresses() {
        for text in ["example.com", "localhost", "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "0x7f.0.0.1", "1..2.3",
                     "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::ffff:1.2.3", "[1.2.3.4"] {
            #expect(A(text) == nil, "\(text.debugDescription)")
        }
    }

    @Test("The guard allows public addresses always, loopback and private ones only when allowed, the rest never")
    func policy() {
        for kind in A.Kind.allCases {
            let strict = kind.allowed(allowPrivate: false), relaxed = kind.allowed(allowPrivate: true)
            switch kind {
            case .public: #expect(strict && relaxed)
            case .loopback, .private, .cgnat: #expect(!strict && relaxed)
            case .linkLocal, .metadata, .unspecified, .multicast, .reserved: #expect(!strict && !relaxed, "\(kind) is never allowed")
            }
        }
    }

    static let octet = Gen.int(in: 0...255)
    static let anyV4 = Gen.int(in: 0...Int(UInt32.max)).map { UInt32($0) }

    @Test("Every address of 10/8, 172.16/12 and 192.168/16 is private, and of 169.254/16 link-local or metadata")
    func rangesHoldForEveryAddress() async {
        await propertyCheck(count: 500, input: Self.octet, Self.octet, Self.octet) { b, c, d in
            #expect(A.v4(Self.v4(10, b, c, d)).kind == .private)
            #expect(A.v4(Self.v4(172, 16 + b % 16, c, d)).kind == .private)
            #expect(A.v4(Self.v4(192, 168, c, d)).kind == .private)
            #expect(A.v4(Self.v4(127, b, c, d)).kind == .loopback)
            let linkLocal = A.v4(Self.v4(169, 254, c, d)).kind
            #expect(linkLocal == (c == 169 && d == 254 ? .metadata : .linkLocal))
            #expect(!linkLocal.allowed(allowPrivate: true))
        }
    }

    @Test("An IPv4 address and its IPv4-mapped IPv6 form are the same kind, and both print and parse back")
    func mappedFormAgrees() async {
        await propertyCheck(count: 500, input: Self.anyV4) { value in
            let v4 = A.v4(value)
            let mapped = A.v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)])
            #expect(v4.kind == mapped.kind, "\(v4)")
            #expect(A(v4.description) == v4)
            #expect(A(mapped.description) == mapped)
        }
    }

    @Test("Every address of fe80::/10 is link-local and of fc00::/7 private, whatever its other bits")
    func v6RangesHoldForEveryAddress() async {
        let bytes = Self.octet.map { UInt8($0) }.array(of: 14...14)
        await propertyCheck(count: 300, input: bytes, Self.octet) { rest, second in
            let linkLocal = A.v6([0xfe, 0x80 | UInt8(second & 0x3f)] + rest)
            #expect(linkLocal.kind == .linkLocal, "\(linkLocal)")
            let ula = A.v6([0xfc | UInt8(second & 1), UInt8(second)] + rest)
            #expect(ula.kind == .private || ula.kind == .metadata, "\(ula)")
        }
    }
}
