import CoventureCore
import Fluent
import Foundation
import Testing
import Vapor
@testable import CoventureServer

/// The personal iCalendar feed (issue #16), read back by an independent parser: the `icalendar` package from PyPI.
@Suite("Calendar feed")
struct CalendarFeedTests {
    /// Parses the feed with `icalendar` and prints one JSON object per event (what a calendar application would see).
    static let parser = """
        import json, sys
        from icalendar import Calendar
        raw = sys.stdin.buffer.read()
        calendar = Calendar.from_ical(raw)
        events = []
        for event in calendar.walk("VEVENT"):
            start = event.decoded("DTSTART")
            events.append({
                "uid": str(event["UID"]), "summary": str(event["SUMMARY"]), "url": str(event.get("URL", "")),
                "start": start.isoformat(), "allDay": type(start).__name__ == "date",
                "stamp": event.decoded("DTSTAMP").isoformat(),
            })
        print(json.dumps({"name": str(calendar.get("X-WR-CALNAME", "")), "events": events,
                          "crlf": raw.count(b"\\r\\n") == raw.count(b"\\n"),
                          "longest": max(len(line) for line in raw.split(b"\\r\\n"))}))
        """

    struct Parsed: Decodable {
        struct Event: Decodable {
            var uid: String
            var summary: String
            var url: String
            var start: String
            var allDay: Bool
            var stamp: String
        }
        var name: String
        var events: [Event]
        var crlf: Bool
        var longest: Int
    }

    static func parse(_ text: String) throws -> Parsed {
        try JSONDecoder().decode(Parsed.self, from: Data(try Python.run(parser, input: text).utf8))
    }

    @Test("The feed holds each kind of date of the person's initiatives, as an independent parser reads it, and nothing of others",
          arguments: TestDatabase.all)
    func feed(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let w = try await World.make(t)
            // Dates the world lacks: a pending investment gate and a charter with a review date.
            let gate = try #require(try await ProposalStore(application: t.app).openGate(
                w.investments.proposalID, OpenGateRequest(), by: w.contributor.actor).gates.last)
            _ = try await CharterStore(application: t.app).saveCharter(
                w.streams.streamID, SaveCharterRequest(purpose: "Reviewed; and, \\ escaped", reviewDate: try CalendarDate(parsing: "2027-09-30")),
                by: w.ownerAdmin.actor)

            let created = try await t.send(.POST, APIURL.calendarFeed.path, as: try await Factory.token(t, w.contributor),
                                           headers: ["Host": "coventure.example"])
            #expect(created.status == .created)
            let url = try t.decode(CreatedCalendarFeedDTO.self, from: created).url
            #expect(url.hasPrefix("http") && url.contains("coventure.example/calendar/cvc_") && url.hasSuffix(".ics"))
            let path = String(url[url.range(of: "/calendar/")!.lowerBound...])

            let response = try await t.send(.GET, path, headers: ["Host": "coventure.example"])
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == "text/calendar; charset=utf-8")
            let parsed = try Self.parse(response.text)
            #expect(parsed.crlf)
            #expect(parsed.longest <= 75)
            #expect(parsed.name == "Coventure")
            let kinds = Set(parsed.events.map { String($0.uid.prefix { $0 != "-" }) })
            #expect(kinds == Set(CalendarEvent.Kind.allCases.map(\.rawValue)), "\(kinds)")
            #expect(parsed.events.allSatisfy { $0.allDay && $0.uid.hasSuffix("@coventure") && $0.url.hasPrefix("https://coventure.example/") })
            #expect(parsed.events.allSatisfy { $0.summary.hasSuffix("(Shared Initiative)") })

            // Each kind, checked against what the features hold.
            let gateEvent = try #require(parsed.events.first { $0.uid == "investmentGate-\(gate.id.uuidString.lowercased())@coventure" })
            #expect(gateEvent.summary == "Investment gate closes: Matrix proposal (Shared Initiative)")
            #expect(!parsed.events.contains { $0.uid == "decisionDeadline-\(gate.decisionId.uuidString.lowercased())@coventure" },
                    "a gate's decision is listed once, as the gate")
            let stream = try #require(parsed.events.first { $0.uid == "workstreamEnd-\(w.streams.streamID.uuidString.lowercased())@coventure" })
            #expect(stream.start == "2020-12-31")
            #expect(stream.summary == "Workstream ends: Matrix stream (Shared Initiative)")
            let charter = try #require(parsed.events.first { $0.uid.hasPrefix("charterReview-") })
            #expect(charter.start == "2027-09-30")
            let period = try #require(parsed.events.first { $0.uid == "keyResultPeriodEnd-\(w.okrs.objective.id.uuidString.lowercased())@coventure" })
            #expect(period.start == w.okrs.objective.period.end)
            #expect(period.url == "https://coventure.example" + SiteURL.objective(.value(w.okrs.objective.id)).path)
            #expect(parsed.events.contains { $0.uid == "decisionDeadline-\(w.decisions.openID.uuidString.lowercased())@coventure" })

            // Stable: the same UIDs on the next read.
            let again = try Self.parse(try await t.send(.GET, path).text)
            #expect(again.events.map(\.uid) == parsed.events.map(\.uid))

            // The outsider's calendar holds their own initiative's dates only: none of the shared initiative's.
            let outsider = try await CalendarStore(application: t.app).events(for: w.outsider.id, origin: "")
            #expect(Set(outsider.map(\.uid)).isDisjoint(with: parsed.events.map(\.uid)))
            #expect(outsider.allSatisfy { !$0.summary.contains("Shared Initiative") })
        }
    }

    @Test("A new URL stops the old one; a revoked feed, an unknown secret and a path without .ics are 404; the page offers both forms",
          arguments: TestDatabase.all)
    func revocation(database: TestDatabase) async throws {
        try await withTestApp(database) { t in
            let person = try await Factory.person(t, name: "Cal Endar", organization: "Cal Org \(UUID().uuidString.prefix(4))")
            let token = try await Factory.token(t, person)
            let first = try t.decode(CreatedCalendarFeedDTO.self, from: try await t.send(.POST, APIURL.calendarFeed.path, as: token)).url
            #expect(first.hasPrefix("/calendar/"))
            #expect(try await t.send(.GET, first).status == .ok)
            let second = try t.decode(CreatedCalendarFeedDTO.self, from: try await t.send(.POST, APIURL.calendarFeed.path, as: token)).url
            #expect(try await t.send(.GET, first).status == .notFound)
            #expect(try await t.send(.GET, second).status == .ok)
            #expect(try await t.send(.GET, String(second.dropLast(4))).status == .notFound)
            #expect(try await t.send(.GET, SiteURL.calendarFeed(.value("cvc_unknown.ics")).path).status == .notFound)
            #expect(try await t.send(.DELETE, APIURL.calendarFeed.path, as: token).status == .noContent)
            #expect(try await t.send(.GET, second).status == .notFound)
            #expect(try await t.send(.DELETE, APIURL.calendarFeed.path, as: token).status == .notFound)
            // No secret in the ledger.
            let events = try await t.events(log: person.organizationID)
            #expect(events.contains { $0.action == LedgerAction.calendarFeedCreated.rawValue })
            #expect(events.contains { $0.action == LedgerAction.calendarFeedRevoked.rawValue })
            #expect(!events.contains { $0.canonical.contains("cvc_") })

            // The page: create, see the URL once, make a new one, stop it.
            let session = try await Factory.session(t, person)
            #expect(try await t.send(.GET, SiteURL.tokens.path, as: session).text.contains("Create calendar feed"))
            let created = try await t.send(.POST, SiteURL.tokensCalendarFeed.path, as: session, form: [:])
            let shown = try await t.follow(created, as: session)
            #expect(shown.text.contains("/calendar/cvc_"))
            #expect(shown.text.contains("Stop calendar feed"))
            #expect(!(try await t.send(.GET, SiteURL.tokens.path, as: session)).text.contains("/calendar/cvc_"))
            let stopped = try await t.send(.POST, SiteURL.tokensCalendarFeedRevoke.path, as: session, form: [:])
            #expect(stopped.status == .seeOther)
            #expect(try await CalendarStore(application: t.app).feed(of: person.id) == nil)
        }
    }
}
