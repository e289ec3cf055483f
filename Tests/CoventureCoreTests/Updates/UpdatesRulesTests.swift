import Foundation
import PropertyBased
import Testing
@testable import CoventureCore

/// The rules of "My updates" (issue #16): which rows a submit records, and when a key result's owner is reminded.
@Suite("My updates: rows and reminders")
struct UpdatesRulesTests {
    static let numbers = ["", "0", "12.5", "2300", "98.6", "12.125", "-3"]
    static let confidences = ["", "onTrack", "atRisk", "offTrack"]
    static let row = zip(
        Gen.int(in: 0...6), Gen.int(in: 0...3), Gen.int(in: 0...6), Gen.int(in: 0...3), Gen.bool
    ).map { shownValue, shownConfidence, value, confidence, narrative in
        UpdateRow(
            shownValue: numbers[shownValue], shownConfidence: confidences[shownConfidence], value: numbers[value],
            confidence: confidences[confidence], narrative: narrative ? "Two installers accredited." : "")
    }

    @Test("A row left as it was shown records nothing, whatever it showed")
    func untouchedRowsRecordNothing() async {
        await propertyCheck(count: 300, input: Self.row) { row in
            let untouched = UpdateRow(
                shownValue: row.shownValue, shownConfidence: row.shownConfidence, value: row.shownValue,
                confidence: row.shownConfidence, narrative: "")
            #expect(!untouched.isTouched)
            // Blanks around what the row showed are not a change either.
            var padded = untouched
            padded.value = "  \(row.shownValue) "
            padded.narrative = " \n "
            #expect(!padded.isTouched)
        }
    }

    @Test("A row is touched exactly when its value, its confidence or its narrative differs from what it showed")
    func touchedMeansChanged() async {
        await propertyCheck(count: 300, input: Self.row) { row in
            let changed = row.value != row.shownValue || row.confidence != row.shownConfidence || !row.narrative.isEmpty
            #expect(row.isTouched == changed)
        }
    }

    @Test("The value the row showed is read as the server wrote it; a typed one as a person's number")
    func shownValueIsMachineText() throws {
        // "12.125" as shown by the server is twelve and an eighth; typed by a person it could be thousands, so refused.
        let shown = UpdateRow(shownValue: "12.125", shownConfidence: "onTrack", value: "12.125", confidence: "atRisk", narrative: "Slower.")
        #expect(try shown.parsedValue() == Decimal(string: "12.125"))
        let typed = UpdateRow(shownValue: "12", shownConfidence: "onTrack", value: "12.125", confidence: "onTrack", narrative: "")
        #expect(throws: ValidationError.self) { try typed.parsedValue(field: "value-x") }
        let comma = UpdateRow(shownValue: "12", shownConfidence: "onTrack", value: "12,5", confidence: "onTrack", narrative: "")
        #expect(try comma.parsedValue() == Decimal(string: "12.5"))
    }

    // MARK: Reminders

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("Nobody is reminded within the window; once it passes, one reminder per further window")
    func windows() {
        let day: TimeInterval = 86_400
        #expect(CheckInReminder.window(since: Self.start, staleDays: 14, now: Self.start) == nil)
        #expect(CheckInReminder.window(since: Self.start, staleDays: 14, now: Self.start + 13.9 * day) == nil)
        #expect(CheckInReminder.window(since: Self.start, staleDays: 14, now: Self.start + 14 * day) == 1)
        #expect(CheckInReminder.window(since: Self.start, staleDays: 14, now: Self.start + 27 * day) == 1)
        #expect(CheckInReminder.window(since: Self.start, staleDays: 14, now: Self.start + 28 * day) == 2)
        #expect(CheckInReminder.window(since: Self.start, staleDays: 0, now: Self.start + 28 * day) == nil, "no window, no reminder")
        #expect(CheckInReminder.window(since: Date(timeIntervalSince1970: .nan), staleDays: 14, now: Self.start) == nil)
    }

    @Test("A reminder's key stays the same through its window and changes with a new window or a new check-in")
    func dedupeKeys() async {
        let id = UUID()
        await propertyCheck(count: 200, input: Gen.int(in: 1...60), Gen.int(in: 0...400), Gen.int(in: 0...400)) { staleDays, a, b in
            let first = Self.start + Double(a) * 3_600, second = Self.start + Double(b) * 3_600
            let windowA = CheckInReminder.window(since: Self.start, staleDays: staleDays, now: first + Double(staleDays) * 86_400)
            let windowB = CheckInReminder.window(since: Self.start, staleDays: staleDays, now: second + Double(staleDays) * 86_400)
            guard let windowA, let windowB else { return }
            let keyA = CheckInReminder.dedupeKey(keyResultID: id, anchor: Self.start, window: windowA)
            let keyB = CheckInReminder.dedupeKey(keyResultID: id, anchor: Self.start, window: windowB)
            // Same window, same reminder; another window, another one.
            #expect((keyA == keyB) == (windowA == windowB))
            // A check-in since starts the count again: another key even in the same window.
            #expect(CheckInReminder.dedupeKey(keyResultID: id, anchor: Self.start + 86_400, window: windowA) != keyA)
        }
    }
}
