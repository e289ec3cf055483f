import CoventureCore
import Foundation
import Vapor

// MARK: Requests

/// `POST /api/v1/people/me/check-ins`: several check-ins, one per key result, recorded together or not at all.
struct MyCheckInsRequest: Content, APIRequestBody {
    struct Row: Content, Sendable {
        var keyResultId: UUID?
        var value: NumberInput?
        var confidence: String?
        var narrative: String?
    }

    var checkIns: [Row]?

    /// More rows than anyone owns key results is a mistake, not a workload: the cap keeps one change small.
    static let maxRows = 200

    static let schema: Schema = .object([
        "checkIns" <- .array(.object([
            "keyResultId" <- .uuid, "value" <- OKRSchemas.numberInput, "confidence" <- .enumeration(OKRSchemas.confidences),
            "narrative" <-? .nullable(.string()),
        ])),
    ])
}

// MARK: Responses

/// A key result the caller owns, with where it belongs and whether it is stale by its initiative's window.
struct MyKeyResultDTO: Content, Equatable {
    var keyResult: KeyResultDTO
    var objectiveTitle: String
    /// The initiative's name, or the organization's for one of its own objectives.
    var scopeName: String
    var organizationId: UUID
    var periodEnd: String
    var staleAfterDays: Int
    /// Days since the last check-in, or since the key result was created when it has none.
    var daysSinceCheckIn: Int?
    var stale: Bool

    init(_ mine: MyKeyResult, now: Date) {
        keyResult = mine.keyResult
        objectiveTitle = mine.objectiveTitle
        scopeName = mine.scopeName
        organizationId = mine.record.organizationID
        periodEnd = mine.periodEnd.description
        staleAfterDays = mine.staleAfterDays
        daysSinceCheckIn = mine.daysSinceCheckIn(now: now)
        stale = mine.isStale(now: now)
    }

    enum CodingKeys: String, CodingKey {
        case keyResult, objectiveTitle, scopeName, organizationId, periodEnd, staleAfterDays, daysSinceCheckIn, stale
    }

    /// `daysSinceCheckIn` is always present, null when unknown.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(keyResult, forKey: .keyResult)
        try c.encode(objectiveTitle, forKey: .objectiveTitle)
        try c.encode(scopeName, forKey: .scopeName)
        try c.encode(organizationId, forKey: .organizationId)
        try c.encode(periodEnd, forKey: .periodEnd)
        try c.encode(staleAfterDays, forKey: .staleAfterDays)
        try c.encode(daysSinceCheckIn, forKey: .daysSinceCheckIn)
        try c.encode(stale, forKey: .stale)
    }
}

/// One row's result: the check-in it recorded.
struct MyCheckInResultDTO: Content, Equatable {
    var keyResultId: UUID
    var status: String
    var checkIn: CheckInDTO
}

struct MyCheckInsDTO: Content, Equatable {
    var results: [MyCheckInResultDTO]
}

/// The named schemas of "My updates" (merged into `APISchemas.components`).
enum MyUpdatesSchemas {
    static let components: [String: Schema] = [
        "MyKeyResult": .object([
            "keyResult" <- .ref("KeyResult"), "objectiveTitle" <- .string(), "scopeName" <- .string(), "organizationId" <- .uuid,
            "periodEnd" <- .string(format: "date"), "staleAfterDays" <- .integer, "daysSinceCheckIn" <- .nullable(.integer), "stale" <- .boolean,
        ]),
        "MyCheckIns": .object([
            "results" <- .array(.object([
                "keyResultId" <- .uuid, "status" <- .enumeration(["recorded"]), "checkIn" <- .ref("CheckIn"),
            ])),
        ]),
    ]
}
