import CoventureCore
import Foundation
import Plot
import Testing
@testable import CoventureServer

/// The key result page, rendered from hand-built models.
@Suite("Key result page renders")
struct KeyResultPageRenderTests {
    typealias F = Fixture

    static func checkIn(_ n: Int, value: Double, narrative: String = "Steady") -> CheckInDTO {
        CheckInDTO(
            id: F.id(n), keyResultId: F.id(301), value: value, confidence: .onTrack, narrative: narrative, personId: F.viewerID,
            personName: "Vera Viewer", correctsId: nil, recordedAt: F.date(days: Double(n - 900)), progress: (value - 10) / 30)
    }

    static func model(
        checkIns: [CheckInDTO], canCheckIn: Bool = true, offset: Int = 0, hasOlder: Bool = false,
        form: [String: String] = [:], errors: [String: String] = [:]
    ) -> KeyResultPage.Model {
        var keyResult = F.keyResult(301)
        keyResult.checkIns = checkIns
        return KeyResultPage.Model(
            keyResult: keyResult, objective: F.objective(), canCheckIn: canCheckIn, form: form, errors: errors,
            history: .init(offset: offset, hasOlder: hasOlder))
    }

    @Test("Without check-ins the page says so, and offers the check-in form only to those who may check in")
    func empty() {
        let page = Rendered(KeyResultPage.render(Self.model(checkIns: []), context: F.context()))
        #expect(page.contains("No check-ins yet."))
        #expect(page.form(posting: .keyResultCheckIns(.value(F.id(301)))) != nil)
        PageExpect.csrfInEveryForm(page)
        let reader = Rendered(KeyResultPage.render(Self.model(checkIns: [], canCheckIn: false), context: F.context()))
        #expect(reader.form(posting: .keyResultCheckIns(.value(F.id(301)))) == nil)
    }

    @Test("Check-ins are charted and listed with their narratives")
    func chartAndHistory() {
        let page = Rendered(KeyResultPage.render(
            Self.model(checkIns: [Self.checkIn(902, value: 25, narrative: "Second branch live"), Self.checkIn(901, value: 20)]),
            context: F.context()))
        #expect(page.contains("<svg"))
        #expect(page.contains("Second branch live"))
        #expect(!page.contains("Older check-ins"))
    }

    @Test("A long history says which check-ins are shown and links to older and newer pages")
    func paging() {
        let latest = Rendered(KeyResultPage.render(Self.model(checkIns: [Self.checkIn(901, value: 20)], hasOlder: true), context: F.context()))
        #expect(latest.contains("show the latest \(KeyResultPage.historyLimit) check-ins"))
        #expect(latest.contains("?history=\(KeyResultPage.historyLimit)#history"))
        #expect(!latest.contains("Newer check-ins"))
        let older = Rendered(KeyResultPage.render(
            Self.model(checkIns: [Self.checkIn(901, value: 20)], offset: KeyResultPage.historyLimit), context: F.context()))
        #expect(older.contains("← Newer check-ins"))
        #expect(older.contains("check-ins \(KeyResultPage.historyLimit + 1)–\(KeyResultPage.historyLimit + 1), newest first"))
    }

    @Test("A refused check-in shows the reason beside the field with the input kept; hostile text is escaped")
    func refusedAndHostile() {
        let page = Rendered(KeyResultPage.render(
            Self.model(
                checkIns: [Self.checkIn(901, value: 20, narrative: F.hostile)], form: ["value": F.hostileQuote, "narrative": F.hostile],
                errors: ["value": "must be a number"]),
            context: F.context()))
        PageExpect.error(page, field: "value", message: "must be a number")
        PageExpect.escaped(page)
    }
}
