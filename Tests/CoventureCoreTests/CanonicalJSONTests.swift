import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    // MARK: Known answers

    @Test("An object comes out with its keys sorted and no whitespace between tokens")
    func knownObject() throws {
        let value = JSONValue.object(["b": .int(1), "a": .array([.bool(true), .null, .string("x\n")])])
        #expect(value.canonicalString == #"{"a":[true,null,"x\n"],"b":1}"#)

        let parsed = try decodeJSON(#"{ "b" : 1 ,  "a" : [ true , null , "x\n" ] }"#)
        #expect(parsed.canonicalString == #"{"a":[true,null,"x\n"],"b":1}"#)
    }

    @Test("Every scalar has exactly one written form")
    func scalars() {
        #expect(JSONValue.null.canonicalString == "null")
        #expect(JSONValue.bool(true).canonicalString == "true")
        #expect(JSONValue.bool(false).canonicalString == "false")
        #expect(JSONValue.int(0).canonicalString == "0")
        #expect(JSONValue.int(-1).canonicalString == "-1")
        #expect(JSONValue.int(42).canonicalString == "42")
        #expect(JSONValue.int(Int64.max).canonicalString == "9223372036854775807")
        #expect(JSONValue.int(Int64.min).canonicalString == "-9223372036854775808")
        #expect(JSONValue.string("").canonicalString == #""""#)
        #expect(JSONValue.array([]).canonicalString == "[]")
        #expect(JSONValue.object([:]).canonicalString == "{}")
    }

    @Test("Nested containers are written depth-first with sorted keys at every level")
    func nested() {
        let value = JSONValue.object([
            "z": .object(["y": .array([.object(["b": .int(2), "a": .int(1)]), .array([])]), "x": .object([:])]),
            "m": .array([.string("s"), .int(-3), .bool(false)]),
        ])
        #expect(value.canonicalString == #"{"m":["s",-3,false],"z":{"x":{},"y":[{"a":1,"b":2},[]]}}"#)
    }

    @Test("The five control characters with a short escape use it: \\b \\t \\n \\f \\r")
    func shortEscapes() {
        #expect(JSONValue.string("\u{08}").canonicalString == #""\b""#)
        #expect(JSONValue.string("\u{09}").canonicalString == #""\t""#)
        #expect(JSONValue.string("\u{0A}").canonicalString == #""\n""#)
        #expect(JSONValue.string("\u{0C}").canonicalString == #""\f""#)
        #expect(JSONValue.string("\u{0D}").canonicalString == #""\r""#)
    }

    @Test("Other control characters are escaped as \\u00XX with lower-case hex")
    func unicodeEscapes() {
        #expect(JSONValue.string("\u{00}").canonicalString == #""\u0000""#)
        #expect(JSONValue.string("\u{01}").canonicalString == #""\u0001""#)
        #expect(JSONValue.string("\u{0B}").canonicalString == #""\u000b""#)
        #expect(JSONValue.string("\u{0E}").canonicalString == #""\u000e""#)
        #expect(JSONValue.string("\u{0F}").canonicalString == #""\u000f""#)
        #expect(JSONValue.string("\u{1B}").canonicalString == #""\u001b""#)
        #expect(JSONValue.string("\u{1F}").canonicalString == #""\u001f""#)

        let short: [UInt32: String] = [0x08: #"\b"#, 0x09: #"\t"#, 0x0A: #"\n"#, 0x0C: #"\f"#, 0x0D: #"\r"#]
        for code in UInt32(0)..<0x20 {
            let expected = short[code] ?? "\\u00" + (code < 0x10 ? "0" : "") + String(code, radix: 16)
            let actual = JSONValue.string(String(Unicode.Scalar(code)!)).canonicalString
            #expect(actual == "\"\(expected)\"", "U+\(String(code, radix: 16))")
            #expect(actual == actual.lowercased(), "hex digits must be lower case")
        }
    }

    @Test("Quotes and backslashes are escaped; the solidus is not")
    func quoteAndBackslash() {
        #expect(JSONValue.string(#"say "hi""#).canonicalString == #""say \"hi\"""#)
        #expect(JSONValue.string(#"C:\dir\"#).canonicalString == #""C:\\dir\\""#)
        #expect(JSONValue.string("a/b").canonicalString == #""a/b""#)
        #expect(JSONValue.string(#"\""#).canonicalString == #""\\\"""#)
    }

    @Test("DEL, C1 controls, U+2028 and all non-ASCII text are written as raw UTF-8, not escaped")
    func rawUTF8() {
        #expect(JSONValue.string("\u{7F}").canonicalBytes == [0x22, 0x7F, 0x22])
        #expect(JSONValue.string("\u{80}").canonicalBytes == [0x22, 0xC2, 0x80, 0x22])
        #expect(JSONValue.string("é").canonicalBytes == [0x22, 0xC3, 0xA9, 0x22])
        #expect(JSONValue.string("\u{2028}").canonicalBytes == [0x22, 0xE2, 0x80, 0xA8, 0x22])
        #expect(JSONValue.string("\u{FFFF}").canonicalBytes == [0x22, 0xEF, 0xBF, 0xBF, 0x22])
        #expect(JSONValue.string("😀").canonicalBytes == [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22])
        #expect(JSONValue.string("Zoë · 東京 · 👩‍👩‍👧").canonicalBytes == [0x22] + Array("Zoë · 東京 · 👩‍👩‍👧".utf8) + [0x22])
    }

    @Test("The string and literals example of RFC 8785 §3.2.2 canonicalizes to the published form")
    func rfc8785StringExample() throws {
        // RFC 8785's sample input, minus the "numbers" member (floats are not part of our subset).
        let input = #"""
            {
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let value = try decodeJSON(input)
        #expect(value.canonicalString == #"{"literals":[null,true,false],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    @Test("Keys are sorted by UTF-16 code units, as in the sorting example of RFC 8785 §3.2.3")
    func rfc8785SortingExample() {
        let value = JSONValue.object([
            "\u{20AC}": .string("Euro Sign"),
            "\r": .string("Carriage Return"),
            "\u{FB33}": .string("Hebrew Letter Dalet With Dagesh"),
            "1": .string("One"),
            "\u{1F600}": .string("Emoji: Grinning Face"),
            "\u{80}": .string("Control"),
            "\u{F6}": .string("Latin Small Letter O With Diaeresis"),
        ])
        let expected = #"{"\r":"Carriage Return","1":"One","\#u{80}":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\#u{FB33}":"Hebrew Letter Dalet With Dagesh"}"#
        #expect(value.canonicalString == expected)
    }

    @Test("A key above the Basic Multilingual Plane sorts before U+FFFF, because its surrogates (D800…) are smaller")
    func surrogatesSortBeforeHighBMP() {
        // Ordered by scalar value U+FFFF would come first; RFC 8785 orders by UTF-16 code units.
        let value = JSONValue.object(["\u{FFFF}": .int(1), "\u{10000}": .int(2), "\u{E000}": .int(3), "\u{D7FF}": .int(4)])
        #expect(value.canonicalString == "{\"\u{D7FF}\":4,\"\u{10000}\":2,\"\u{E000}\":3,\"\u{FFFF}\":1}")
    }

    @Test("Keys sort code unit by code unit: upper case before lower case, a prefix before its extensions")
    func asciiKeyOrder() {
        let value = JSONValue.object(["b": .null, "ab": .null, "a": .null, "B": .null, "A": .null, "": .null, "a b": .null])
        #expect(value.canonicalString == #"{"":null,"A":null,"B":null,"a":null,"a b":null,"ab":null,"b":null}"#)
    }

    @Test("Keys are escaped exactly like string values")
    func keysAreEscaped() {
        let value = JSONValue.object(["a\"b": .int(1), "tab\there": .int(2), "\u{1}": .int(3)])
        #expect(value.canonicalString == #"{"\u0001":3,"a\"b":1,"tab\there":2}"#)
    }

    @Test("The helpers write integers as Int64, ids as lower-case UUIDs and nil as null")
    func helpers() throws {
        let id = try #require(UUID(uuidString: "0E8C1C9A-5B2D-4F3E-9A1B-ABCDEF012345"))
        #expect(JSONValue.int(7) == .int(Int64(7)))
        #expect(JSONValue.id(id).canonicalString == #""0e8c1c9a-5b2d-4f3e-9a1b-abcdef012345""#)
        #expect(JSONValue.optional(id as UUID?).canonicalString == #""0e8c1c9a-5b2d-4f3e-9a1b-abcdef012345""#)
        #expect(JSONValue.optional(nil as UUID?) == .null)
        #expect(JSONValue.optional("Hello" as String?) == .string("Hello"))
        #expect(JSONValue.optional(nil as String?) == .null)
    }

    @Test("canonicalString is the canonical bytes read as UTF-8")
    func canonicalStringMatchesBytes() {
        let value = JSONValue.object(["ключ": .string("значение \u{1F600}"), "n": .int(-12)])
        #expect(Array(value.canonicalString.utf8) == value.canonicalBytes)
    }

    @Test("Strings are never Unicode-normalized: canonically equivalent strings keep their own bytes")
    func noNormalization() {
        let composed = JSONValue.string("\u{E9}")
        let decomposed = JSONValue.string("e\u{301}")
        // Swift's String equality treats the two as equal, so JSONValue's == does too...
        #expect(composed == decomposed)
        // ...but RFC 8785 requires the data "as is", and the bytes differ.
        #expect(composed.canonicalBytes == [0x22, 0xC3, 0xA9, 0x22])
        #expect(decomposed.canonicalBytes == [0x22, 0x65, 0xCC, 0x81, 0x22])
    }

    // MARK: Decoding

    @Test("Decoding reads back every kind of value")
    func decodesEveryKind() throws {
        let value = try decodeJSON(#"{"n":null,"t":true,"f":false,"i":-7,"s":"x\u00e9","a":[1,[]],"o":{"k":{}}}"#)
        #expect(value == .object([
            "n": .null, "t": .bool(true), "f": .bool(false), "i": .int(-7), "s": .string("xé"),
            "a": .array([.int(1), .array([])]), "o": .object(["k": .object([:])]),
        ]))
    }

    @Test("Decoding keeps booleans and the integers 0 and 1 apart")
    func booleansAreNotNumbers() throws {
        #expect(try decodeJSON("[true,1,false,0]") == .array([.bool(true), .int(1), .bool(false), .int(0)]))
    }

    @Test("Decoding refuses numbers with a fraction, which are not canonical here")
    func refusesFractions() {
        #expect(throws: DecodingError.self) { try decodeJSON(#"{"a":1.5}"#) }
        #expect(throws: DecodingError.self) { try decodeJSON("[0.25]") }
    }

    @Test("Decoding refuses integers beyond Int64")
    func refusesHugeIntegers() {
        #expect(throws: DecodingError.self) { try decodeJSON("[9223372036854775808]") }
    }

    // MARK: Properties

    @Test("Outside strings the output has no whitespace, and no raw control character appears anywhere")
    func noInsignificantWhitespace() async {
        await propertyCheck(input: TestGen.json) { value in
            let bytes = value.canonicalBytes
            #expect(!bytes.contains { $0 < 0x20 }, "raw control byte in \(text(bytes))")
            let structure = Self.bytesOutsideStrings(bytes)
            #expect(!structure.contains(UInt8(ascii: " ")), "space outside a string in \(text(bytes))")
            let allowed = Set("{}[],:\"-0123456789truefalsenull".utf8)
            #expect(structure.allSatisfy(allowed.contains), "unexpected structural byte in \(text(bytes))")
        }
    }

    @Test("Object keys come out sorted by UTF-16 code units whatever order they were inserted in")
    func keysSortedRegardlessOfInsertionOrder() async {
        await propertyCheck(input: TestGen.jsonPairs) { pairs in
            var seen = Set<String>()
            let unique = pairs.filter { seen.insert($0.0).inserted }

            var forward: [String: JSONValue] = [:]
            for (key, value) in unique { forward[key] = value }
            var backward = [String: JSONValue](minimumCapacity: 97)
            for (key, value) in unique.reversed() { backward[key] = value }

            let expected = Self.sortedObjectBytes(unique)
            #expect(JSONValue.object(forward).canonicalBytes == expected)
            #expect(JSONValue.object(backward).canonicalBytes == expected)
        }
    }

    @Test("Encoding is deterministic: the same value, however its dictionaries were built, gives the same bytes")
    func deterministic() async {
        await propertyCheck(input: TestGen.json) { value in
            let bytes = value.canonicalBytes
            #expect(value.canonicalBytes == bytes)
            #expect(Self.rebuilt(value).canonicalBytes == bytes)
        }
    }

    @Test("Decoding the canonical bytes with JSONDecoder and encoding again gives identical bytes")
    func roundTrip() async throws {
        await propertyCheck(count: 200, input: TestGen.json) { value in
            let bytes = value.canonicalBytes
            let decoded = try decodeJSON(bytes)
            #expect(decoded.canonicalBytes == bytes, "\(text(bytes))")
            #expect(decoded == value)
        }
    }

    @Test("Every string, with quotes, backslashes, control characters or emoji, survives the round trip")
    func stringRoundTrip() async throws {
        await propertyCheck(count: 300, input: TestGen.jsonString) { string in
            let bytes = JSONValue.string(string).canonicalBytes
            let decoded = try decodeJSON(bytes)
            guard case .string(let back) = decoded else {
                Issue.record("decoded \(decoded) from \(text(bytes))")
                return
            }
            #expect(Array(back.unicodeScalars) == Array(string.unicodeScalars))
        }
    }

    @Test("A string without quotes, backslashes or control characters is written as its raw UTF-8 between quotes")
    func plainStringsAreRaw() async {
        let plain = TestGen.jsonString.map { string in
            String(String.UnicodeScalarView(string.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }))
        }
        await propertyCheck(input: plain) { string in
            #expect(JSONValue.string(string).canonicalBytes == [0x22] + Array(string.utf8) + [0x22])
        }
    }

    @Test("Integers are written as their plain decimal digits and read back unchanged")
    func integers() async throws {
        await propertyCheck(count: 200, input: Gen.int64()) { number in
            let bytes = JSONValue.int(number).canonicalBytes
            #expect(text(bytes) == String(number))
            let decoded = try decodeJSON(bytes)
            #expect(decoded == .int(number))
        }
    }

    @Test("Values written by a plain JSONEncoder decode to the same value and the same canonical bytes")
    func codableEncodingAgrees() async throws {
        await propertyCheck(input: TestGen.json) { value in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted]
            let data = try encoder.encode(value)
            let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
            #expect(decoded.canonicalBytes == value.canonicalBytes)
        }
    }

    // MARK: Helpers

    /// The bytes of `json` that are not inside a string literal (each literal's quotes are kept).
    static func bytesOutsideStrings(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in json {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    out.append(byte)
                }
            } else {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { inString = true }
            }
        }
        return out
    }

    /// The object written by hand, members in UTF-16 code unit order of their keys.
    static func sortedObjectBytes(_ members: [(String, JSONValue)]) -> [UInt8] {
        let sorted = members.sorted { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
        var out: [UInt8] = Array("{".utf8)
        for (index, (key, value)) in sorted.enumerated() {
            if index > 0 { out += Array(",".utf8) }
            out += JSONValue.string(key).canonicalBytes + Array(":".utf8) + value.canonicalBytes
        }
        return out + Array("}".utf8)
    }

    /// The same value with every dictionary rebuilt in reverse iteration order and a different capacity.
    static func rebuilt(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let values): return .array(values.map(rebuilt))
        case .object(let members):
            var copy = [String: JSONValue](minimumCapacity: 61)
            for (key, member) in members.reversed() { copy[key] = rebuilt(member) }
            return .object(copy)
        default: return value
        }
    }
}
