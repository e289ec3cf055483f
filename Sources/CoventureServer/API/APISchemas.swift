import CoventureCore

/// The named schemas of the API's response DTOs. Every JSON response the API tests receive is validated against
/// them (Tests/CoventureServerTests/Support/ContractValidator.swift), and so is every response schemathesis provokes.
enum APISchemas {
    static let roles = MemberRole.allCases.map(\.rawValue)

    /// `{"code", "message", "field"}`: `code` is one of `APIErrorCode`, `field` is always there, null when the error is
    /// not about one field.
    static let errorDetail: Schema = .object([
        "code" <- .enumeration(APIErrorCode.allCases.map(\.rawValue)), "message" <- .string(),
        "field" <- .nullable(.string()),
    ])

    static let components: [String: Schema] = core.merging(OKRSchemas.components, uniquingKeysWith: { a, _ in a })
        .merging(NotificationSchemas.components, uniquingKeysWith: { a, _ in a })

    private static let core: [String: Schema] = [
        "Error": .object(["error" <- errorDetail]),
        "Person": .object([
            "id" <- .uuid, "name" <- .string(), "email" <- .string(format: "email"), "organizationId" <- .uuid,
            "organizationName" <- .string(),
        ]),
        "Organization": .object(["id" <- .uuid, "name" <- .string(), "people" <- .array(.ref("Person"))]),
        "Token": .object([
            "id" <- .uuid, "name" <- .string(), "createdAt" <- .dateTime, "lastUsedAt" <-? .nullable(.dateTime),
            "revokedAt" <-? .nullable(.dateTime), "expiresAt" <-? .nullable(.dateTime),
        ]),
        "CreatedToken": .object(["token" <- .ref("Token"), "secret" <- .string()]),
        "InitiativeSummary": .object([
            "id" <- .uuid, "name" <- .string(), "purpose" <- .string(),
            "status" <- .enumeration(InitiativeStatus.allCases.map(\.rawValue)),
            "governance" <- .enumeration(GovernanceModel.allCases.map(\.rawValue)), "ownerOrganizationId" <- .uuid,
            "ownerOrganizationName" <- .string(), "role" <- .enumeration(roles),
        ]),
        "Party": .object([
            "id" <- .uuid, "organizationId" <- .uuid, "organizationName" <- .string(),
            "kind" <- .enumeration(["owner", "partner"]), "status" <- .enumeration(["active"]),
            "stake" <-? .nullable(.string()),
        ]),
        "Initiative": .object([
            "id" <- .uuid, "name" <- .string(), "purpose" <- .string(),
            "status" <- .enumeration(InitiativeStatus.allCases.map(\.rawValue)),
            "governance" <- .enumeration(GovernanceModel.allCases.map(\.rawValue)), "ownerOrganizationId" <- .uuid,
            "parties" <- .array(.ref("Party")), "createdAt" <- .dateTime,
        ]),
        "Member": .object([
            "id" <- .uuid, "personId" <- .uuid, "name" <- .string(), "email" <- .string(), "organizationId" <- .uuid,
            "organizationName" <- .string(), "partyId" <- .uuid, "role" <- .enumeration(roles),
        ]),
        "Invitation": .object([
            "id" <- .uuid, "kind" <- .enumeration(["member", "partner"]), "email" <- .string(), "role" <- .enumeration(roles),
            "organizationId" <-? .nullable(.uuid), "organizationName" <- .string(), "createdAt" <- .dateTime,
            "expiresAt" <- .dateTime, "acceptedAt" <-? .nullable(.dateTime), "revokedAt" <-? .nullable(.dateTime),
        ]),
        "CreatedInvitation": .object(["invitation" <- .ref("Invitation"), "link" <- .string()]),
        "Event": .object([
            "sequence" <- .integer, "actorId" <-? .nullable(.uuid), "actorOrganizationId" <-? .nullable(.uuid),
            "action" <- .string(), "objectType" <- .string(), "objectId" <- .uuid, "change" <- .any,
            "recordedAt" <- .dateTime, "sha256" <- .string(),
        ]),
        "LedgerEntry": .object(["index" <- .integer, "leaf" <- .string(format: "byte")]),
        "Proof": .object(["hashes" <- .array(.string(format: "byte"))]),
        "Cosignature": .object(["organizationId" <- .uuid, "size" <- .integer, "cosignedAt" <- .dateTime]),
        "CosignerKey": .object(["organizationId" <- .uuid, "verifierKey" <- .string(), "createdAt" <- .dateTime]),
    ].merging(WorkstreamSchemas.components) { existing, _ in existing }
        .merging(DecisionSchemas.components) { existing, _ in existing }
        .merging(ValueSchemas.components) { existing, _ in existing }
        .merging(InvestmentSchemas.components) { existing, _ in existing }
        .merging(PracticeSchemas.components) { existing, _ in existing }
        .merging(PulseSchemas.components) { existing, _ in existing }
        .merging(MyUpdatesSchemas.components) { existing, _ in existing }
        .merging(WebhookSchemas.components) { existing, _ in existing }
        .merging(FeedSchemas.components) { existing, _ in existing }
        .merging(CalendarSchemas.components) { existing, _ in existing }

    static func page(of item: String) -> Schema {
        .object(["items" <- .array(.ref(item)), "next" <- .nullable(.string())])
    }

    /// The query parameters of every paged list.
    static let paging: [(name: String, schema: Schema, description: String)] = [
        ("limit", .integer, "At most this many items (1–200)."), ("cursor", .string(), "The `next` of the previous page."),
    ]
}
