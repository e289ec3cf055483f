import Foundation

/// A plain-text e-mail written as an RFC 5322 message (with MIME, RFC 2045–2047), for the outbox an operator's mail
/// relay sends (issue #16). Written by hand because it is small: headers folded and encoded so that no name or subject
/// can add a header, and a quoted-printable body so that every line is short 7-bit text whatever the relay accepts.
public struct MailMessage: Sendable, Equatable {
    public struct Address: Sendable, Equatable {
        public var name: String
        public var email: String

        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    public var from: Address
    public var to: Address
    public var subject: String
    public var body: String
    public var date: Date
    /// The message's id without angle brackets, e.g. "3f2c…@coventure.local".
    public var messageID: String

    public init(from: Address, to: Address, subject: String, body: String, date: Date, messageID: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
    }

    public enum Refusal: Error, Equatable {
        /// An address this writer will not put in a header: not plain ASCII `local@domain` (no spaces, angle
        /// brackets, quotes or control characters).
        case unusableAddress(String)
    }

    /// The whole message: CRLF line endings, every line at most 78 characters.
    public func rendered() throws -> String {
        let headers = [
            Self.header("From", try Self.mailboxTokens(from)),
            Self.header("To", try Self.mailboxTokens(to)),
            Self.header("Subject", Self.words(Self.singleLine(subject))),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        return (headers + ["", Self.quotedPrintable(body)]).joined(separator: "\r\n") + "\r\n"
    }

    // MARK: Headers

    /// A header of `tokens` joined by spaces, folded (CRLF and a space) wherever the next token would pass 78 characters.
    static func header(_ name: String, _ tokens: [String]) -> String {
        var lines = ["\(name):"]
        for token in tokens {
            if lines[lines.count - 1].utf8.count + 1 + token.utf8.count > 78, lines[lines.count - 1] != "\(name):" {
                lines.append(" " + token)
            } else {
                lines[lines.count - 1] += " " + token
            }
        }
        return lines.joined(separator: "\r\n")
    }

    /// `name <local@domain>`, or the bare address without a name; refused when the address does not fit a header.
    public static func mailbox(_ address: Address) throws -> String {
        try mailboxTokens(address).joined(separator: " ")
    }

    static func mailboxTokens(_ address: Address) throws -> [String] {
        let email = address.email
        let allowed = email.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 && !"<>\"(),;:\\[]".unicodeScalars.contains($0) }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard allowed, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw Refusal.unusableAddress(email) }
        let name = singleLine(address.name)
        guard !name.isEmpty else { return [email] }
        // A name of letters, digits and spaces is written as it is; any other (a comma, a quote, an accent) is
        // encoded, which needs no quoting rules at all.
        let plain = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == " " || $0 == "-") }
        return (plain ? name.split(separator: " ").map(String.init) : encodedWords(name)) + ["<\(email)>"]
    }

    /// Control characters (a CR or LF would start a new header) become spaces.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : $0 }))
            .trimmingCharacters(in: .whitespaces)
    }

    /// Printable ASCII as its words; anything else as RFC 2047 encoded words.
    static func words(_ text: String) -> [String] {
        if text.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value < 127 }) && !text.contains("=?") {
            return text.split(separator: " ").map(String.init)
        }
        return encodedWords(text)
    }

    /// RFC 2047 encoded words (`=?utf-8?B?…?=`), never splitting a character: 36 bytes of UTF-8 make 48 characters of
    /// base64, a 60-character word, which fits a folded line beside any header's name.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 36, !chunk.isEmpty {
                words.append("=?utf-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?utf-8?B?\(chunk.base64EncodedString())?=") }
        return words
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date.timeIntervalSince1970.isFinite ? date : Date(timeIntervalSince1970: 0))
    }

    // MARK: Body

    /// Quoted-printable (RFC 2045 §6.7): lines end in CRLF, at most 76 characters with soft breaks ("=" at the end),
    /// "=" and every byte outside printable ASCII as "=XX", a space or tab before a line break encoded.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalized.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let bytes = Array(String(line).utf8)
            var tokens: [String] = []
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                if (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast) {
                    tokens.append(String(UnicodeScalar(byte)))
                } else {
                    tokens.append(String(format: "=%02X", byte))
                }
            }
            // Soft line breaks: at most 75 characters and "=" per physical line; an "=XX" is never split.
            var physical: [String] = [], current = ""
            for token in tokens {
                if current.count + token.count > 75 {
                    physical.append(current + "=")
                    current = ""
                }
                current += token
            }
            physical.append(current)
            return physical.joined(separator: "\r\n")
        }.joined(separator: "\r\n")
    }
}
