import CoventureCore
import Foundation
import Vapor

// MARK: Requests
// Each request's OpenAPI schema is declared beside its fields (`APIRequestBody`); the routes name the type.

struct PulseSettingsRequest: Content, APIRequestBody {
    var cadenceWeeks: Int?

    static let schema: Schema = .object(["cadenceWeeks" <- .integer])
}

/// One answer: three whole numbers from 1 to 5 and an optional comment.
package struct PulseAnswerRequest: Content, APIRequestBody {
    var trust: NumberInput?
    var transparency: NumberInput?
    var valueAlignment: NumberInput?
    var comment: String?

    static let schema: Schema = .object([
        "trust" <- .integer, "transparency" <- .integer, "valueAlignment" <- .integer, "comment" <-? .nullable(.string()),
    ])

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(
        trust: NumberInput? = nil, transparency: NumberInput? = nil, valueAlignment: NumberInput? = nil,
        comment: String? = nil
    ) {
        self.trust = trust
        self.transparency = transparency
        self.valueAlignment = valueAlignment
        self.comment = comment
    }
}

// MARK: Responses

struct PulseSettingsDTO: Content, Equatable {
    var initiativeId: UUID
    var cadenceWeeks: Int
    /// When the next round opens on its own (nil while one is open).
    var nextRoundAt: Date?
}

enum PulseRoundStatus: String, Codable, Sendable, CaseIterable {
    case open, closed
}

struct PulseRoundDTO: Content, Equatable {
    var id: UUID
    var initiativeId: UUID
    var number: Int
    var status: PulseRoundStatus
    var openedAt: Date
    var closesAt: Date
    var closedAt: Date?
    var openedByHand: Bool
    /// Answers in this round, all parties together.
    var answers: Int
    /// Whether the caller answered it.
    var answeredByMe: Bool
}

/// What answering returns: the round and party it counted for, and the digest the ledger holds for it.
package struct PulseAnswerReceiptDTO: Content, Equatable {
    var roundId: UUID
    var round: Int
    var partyId: UUID
    var answerDigest: String
}

/// One party's figures in one round; the means are `null` while the party has fewer than three answers.
struct PulsePartyFiguresDTO: Content, Equatable {
    var partyId: UUID
    var organizationId: UUID
    var organizationName: String
    var answers: Int
    var trust: Double?
    var transparency: Double?
    var valueAlignment: Double?

    enum CodingKeys: String, CodingKey { case partyId, organizationId, organizationName, answers, trust, transparency, valueAlignment }

    init(partyId: UUID, organizationId: UUID, organizationName: String, answers: Int, trust: Double?, transparency: Double?, valueAlignment: Double?) {
        self.partyId = partyId
        self.organizationId = organizationId
        self.organizationName = organizationName
        self.answers = answers
        self.trust = trust
        self.transparency = transparency
        self.valueAlignment = valueAlignment
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        partyId = try c.decode(UUID.self, forKey: .partyId)
        organizationId = try c.decode(UUID.self, forKey: .organizationId)
        organizationName = try c.decode(String.self, forKey: .organizationName)
        answers = try c.decode(Int.self, forKey: .answers)
        trust = try c.decodeIfPresent(Double.self, forKey: .trust)
        transparency = try c.decodeIfPresent(Double.self, forKey: .transparency)
        valueAlignment = try c.decodeIfPresent(Double.self, forKey: .valueAlignment)
    }

    /// The means are always present, `null` when hidden (the contract), never left out.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(partyId, forKey: .partyId)
        try c.encode(organizationId, forKey: .organizationId)
        try c.encode(organizationName, forKey: .organizationName)
        try c.encode(answers, forKey: .answers)
        try c.encode(trust, forKey: .trust)
        try c.encode(transparency, forKey: .transparency)
        try c.encode(valueAlignment, forKey: .valueAlignment)
    }
}

struct PulseRoundFiguresDTO: Content, Equatable {
    var id: UUID
    var number: Int
    var status: PulseRoundStatus
    var openedAt: Date
    var closesAt: Date
    var closedAt: Date?
    var parties: [PulsePartyFiguresDTO]
    /// Comments of parties shown in this round (three answers or more), by party, without names.
    var comments: [PulseCommentsDTO]
}

struct PulseCommentsDTO: Content, Equatable {
    var partyId: UUID
    var comments: [String]
}

struct PulseDivergenceDTO: Content, Equatable {
    var round: Int
    var dimension: String
    var higherPartyId: UUID
    var lowerPartyId: UUID
    var gap: Double
}

/// `GET …/pulse`: rounds × parties, and the divergences of the latest closed round.
struct PulseDTO: Content, Equatable {
    var initiativeId: UUID
    var cadenceWeeks: Int
    var rounds: [PulseRoundFiguresDTO]
    var divergences: [PulseDivergenceDTO]
}

extension PulseReader.Overview {
    func roundDTO(_ round: PulseReader.RoundRecord) -> PulseRoundDTO {
        PulseRoundDTO(
            id: round.id, initiativeId: round.initiativeID, number: round.number, status: round.isOpen ? .open : .closed,
            openedAt: round.openedAt, closesAt: round.closesAt, closedAt: round.closedAt, openedByHand: round.openedByHand,
            answers: figures(of: round.id).map(\.answers).reduce(0, +), answeredByMe: answered.contains(round.id))
    }

    func dto(initiativeID: UUID) -> PulseDTO {
        let names = Dictionary(uniqueKeysWithValues: parties.map { ($0.id, $0) })
        let rounds = rounds.map { round in
            let comments = Dictionary(grouping: shownComments(of: round.id), by: \.partyID)
            return PulseRoundFiguresDTO(
                id: round.id, number: round.number, status: round.isOpen ? .open : .closed, openedAt: round.openedAt, closesAt: round.closesAt,
                closedAt: round.closedAt,
                parties: figures(of: round.id).map { f in
                    PulsePartyFiguresDTO(
                        partyId: f.partyID, organizationId: names[f.partyID]?.organizationID ?? f.partyID,
                        organizationName: names[f.partyID]?.name ?? "", answers: f.answers, trust: f.trust, transparency: f.transparency,
                        valueAlignment: f.valueAlignment)
                },
                comments: parties.compactMap { party in comments[party.id].map { PulseCommentsDTO(partyId: party.id, comments: $0.map(\.text)) } })
        }
        let number = latestClosed?.number ?? 0
        return PulseDTO(
            initiativeId: initiativeID, cadenceWeeks: cadenceWeeks, rounds: rounds,
            divergences: divergences.map {
                PulseDivergenceDTO(round: number, dimension: $0.dimension.rawValue, higherPartyId: $0.higher, lowerPartyId: $0.lower, gap: $0.gap)
            })
    }
}

/// The named schemas of the pulse DTOs (merged into `APISchemas.components`).
enum PulseSchemas {
    static let components: [String: Schema] = {
        let status = Schema.enumeration(PulseRoundStatus.allCases.map(\.rawValue))
        let mean = Schema.nullable(.number)
        return [
            "PulseSettings": .object(["initiativeId" <- .uuid, "cadenceWeeks" <- .integer, "nextRoundAt" <-? .nullable(.dateTime)]),
            "PulseRound": .object([
                "id" <- .uuid, "initiativeId" <- .uuid, "number" <- .integer, "status" <- status, "openedAt" <- .dateTime,
                "closesAt" <- .dateTime, "closedAt" <-? .nullable(.dateTime), "openedByHand" <- .boolean, "answers" <- .integer,
                "answeredByMe" <- .boolean,
            ]),
            "PulseAnswerReceipt": .object([
                "roundId" <- .uuid, "round" <- .integer, "partyId" <- .uuid, "answerDigest" <- .string(),
            ]),
            "Pulse": .object([
                "initiativeId" <- .uuid, "cadenceWeeks" <- .integer,
                "rounds" <- .array(.object([
                    "id" <- .uuid, "number" <- .integer, "status" <- status, "openedAt" <- .dateTime, "closesAt" <- .dateTime,
                    "closedAt" <-? .nullable(.dateTime),
                    "parties" <- .array(.object([
                        "partyId" <- .uuid, "organizationId" <- .uuid, "organizationName" <- .string(), "answers" <- .integer,
                        "trust" <- mean, "transparency" <- mean, "valueAlignment" <- mean,
                    ])),
                    "comments" <- .array(.object(["partyId" <- .uuid, "comments" <- .array(.string())])),
                ])),
                "divergences" <- .array(.object([
                    "round" <- .integer, "dimension" <- .enumeration(PulseDimension.allCases.map(\.rawValue)),
                    "higherPartyId" <- .uuid, "lowerPartyId" <- .uuid, "gap" <- .number,
                ])),
            ]),
        ]
    }()
}
