import Foundation
import Testing
@testable import CoventureCore

/// The weekly digest's words and the e-mail it is written as (issue #16). The message is read back by Python's own
/// `email` package, an independent RFC 5322 / MIME parser.
@Suite("Weekly digest and its e-mail")
struct WeeklyDigestTests {
    static let digest = WeeklyDigest(
        personName: "Chloé Dubois", week: "2026-W49",
        initiatives: [
            .init(name: "SME Digital Lending", changes: 12, link: "/initiatives/a/activity"),
            .init(name: "GreenGrid", changes: 0, link: "/initiatives/b/activity"),
        ],
        awaiting: [.init(text: "The decision “Budget 2027” awaits your vote.", link: "/decisions/d")])

    @Test("It says what changed and what awaits, with absolute links; a quiet week with nothing waiting is empty")
    func words() {
        let text = Self.digest.plainText(site: "https://coventure.example/")
        #expect(text.contains("- SME Digital Lending: 12 changes by others. https://coventure.example/initiatives/a/activity"))
        #expect(!text.contains("GreenGrid"), "an initiative without changes is not listed")
        #expect(text.contains("- The decision “Budget 2027” awaits your vote. https://coventure.example/decisions/d"))
        #expect(text.contains("https://coventure.example/me/updates"))
        #expect(Self.digest.summary == "Your week in Coventure: 12 changes by others in your initiatives; 1 thing awaits you.")
        #expect(!Self.digest.isEmpty)
        #expect(WeeklyDigest(personName: "A", week: "2026-W49", initiatives: [.init(name: "X", changes: 0, link: "/")], awaiting: []).isEmpty)
    }

    @Test("The ISO week is the UTC one, years turning with ISO weeks")
    func isoWeeks() {
        let formatter = ISO8601DateFormatter()
        #expect(WeeklyDigest.isoWeek(of: formatter.date(from: "2026-11-30T00:00:00Z")!) == "2026-W49")
        #expect(WeeklyDigest.isoWeek(of: formatter.date(from: "2027-01-01T12:00:00Z")!) == "2026-W53")
        #expect(WeeklyDigest.isoWeek(of: formatter.date(from: "2027-01-04T00:00:00Z")!) == "2027-W01")
    }

    static func message(subject: String = "Your week in Coventure: 12 changes", to name: String = "Chloé Dubois",
                        body: String = digest.plainText(site: "https://coventure.example")) -> MailMessage {
        MailMessage(
            from: .init(name: "Coventure", email: "coventure@example.org"), to: .init(name: name, email: "chloe.dubois@helio.example"),
            subject: subject, body: body, date: Date(timeIntervalSince1970: 1_796_000_000), messageID: "abc-123@example.org")
    }

    @Test("Every line ends in CRLF and is at most 78 characters; no name or subject can add a header")
    func wellFormed() throws {
        let long = String(repeating: "Überweisung für Ärzte und Öfen ", count: 8)
        let text = try Self.message(subject: "Hello\r\nBcc: victim@example.org " + long, to: "Eve\nBcc: x@example.org", body: long + "\n\n=tail ").rendered()
        #expect(text.hasSuffix("\r\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.filter { $0.utf8.count > 78 })")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let headerNames = lines.prefix { !$0.isEmpty }.filter { !$0.hasPrefix(" ") }.map { String($0.prefix { $0 != ":" }) }
        #expect(headerNames == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"])
    }

    @Test("An address that does not fit a header is refused, not written")
    func unusableAddresses() {
        for email in ["a b@example.org", "<x>@example.org", "no-at-sign", "a@b@c", "zoë@example.org", "a@example.org\r\nBcc: b@c"] {
            #expect(throws: MailMessage.Refusal.self) { try MailMessage.mailbox(.init(name: "X", email: email)) }
        }
    }

    @Test("Python's email package reads back the same headers and body")
    func pythonReadsIt() throws {
        guard let python = Self.python() else { return }
        let long = String(repeating: "Überweisung für Ärzte ", count: 6)
        let message = Self.message(subject: "Ihre Woche: " + long, to: "Chloé Dubois", body: Self.digest.plainText(site: "https://coventure.example") + "\n" + long + " =3D trailing ")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString).eml")
        try Data(try message.rendered().utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import email, email.policy, json, sys
            with open(sys.argv[1], 'rb') as f:
                m = email.message_from_binary_file(f, policy=email.policy.default)
            print(json.dumps({"from": str(m["From"]), "to": str(m["To"]), "subject": str(m["Subject"]), "id": str(m["Message-ID"]),
                              "date": str(m["Date"]), "defects": len(m.defects), "body": m.get_content()}))
            """
        let output = try Self.run(python, ["-c", script, file.path])
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect(parsed["from"] as? String == "Coventure <coventure@example.org>")
        #expect(parsed["to"] as? String == "Chloé Dubois <chloe.dubois@helio.example>")
        #expect(parsed["subject"] as? String == "Ihre Woche: " + long.trimmingCharacters(in: .whitespaces))
        #expect(parsed["id"] as? String == "<abc-123@example.org>")
        #expect(parsed["defects"] as? Int == 0)
        // The message ends with its last line's CRLF, which the parser keeps as a newline.
        #expect(parsed["body"] as? String == message.body + "\n")
    }

    static func python() -> String? {
        ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(String(decoding: errors, as: UTF8.self))")
        return String(decoding: data, as: UTF8.self)
    }
}
