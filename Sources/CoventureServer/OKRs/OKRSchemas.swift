import CoventureCore

/// The OpenAPI schemas of the OKR DTOs (merged into `APISchemas.components`).
enum OKRSchemas {
    static let number = Schema.number
    static let numberInput = Schema.any  // a JSON number, or a string such as "12.5"
    static let kinds = KeyResultKind.allCases.map(\.rawValue)
    static let confidences = Confidence.allCases.map(\.rawValue)

    static let components: [String: Schema] = [
        "Period": .object(["id" <- .uuid, "name" <- .string(), "start" <- .string(format: "date"), "end" <- .string(format: "date")]),
        "Alignment": .object([
            "id" <- .uuid, "childId" <- .uuid, "parentId" <- .uuid, "parentTitle" <- .string(), "parentOrganizationId" <- .uuid,
            "parentOrganizationName" <- .string(), "parentIsOrganizationObjective" <- .boolean,
            "kind" <- .enumeration(AlignmentKind.allCases.map(\.rawValue)),
        ]),
        "CheckIn": .object([
            "id" <- .uuid, "keyResultId" <- .uuid, "value" <- number, "confidence" <- .enumeration(confidences),
            "narrative" <- .string(), "personId" <- .uuid, "personName" <- .string(), "correctsId" <-? .nullable(.uuid),
            "recordedAt" <- .dateTime, "progress" <-? .nullable(number),
            "onBehalfOfId" <-? .uuid, "onBehalfOfName" <-? .string(), "source" <-? .string(),
        ]),
        "KeyResult": .object([
            "id" <- .uuid, "objectiveId" <- .uuid, "initiativeId" <- .nullable(.uuid), "title" <- .string(),
            "kind" <- .enumeration(kinds), "unit" <- .string(), "baseline" <- .nullable(number), "target" <- .nullable(number),
            "steps" <- .array(.string()), "weight" <- number, "ownerId" <- .nullable(.uuid), "ownerName" <- .nullable(.string()),
            "current" <- .nullable(number), "confidence" <- .nullable(.enumeration(confidences)),
            "lastCheckInAt" <- .nullable(.dateTime), "progress" <- .nullable(number), "createdAt" <- .dateTime,
            "checkIns" <-? .array(.ref("CheckIn")),
        ]),
        "Objective": .object([
            "id" <- .uuid, "initiativeId" <- .nullable(.uuid), "organizationId" <- .uuid, "organizationName" <- .string(),
            "title" <- .string(), "description" <- .string(), "weight" <- number, "ownerId" <- .nullable(.uuid),
            "ownerName" <- .nullable(.string()), "period" <- .ref("Period"), "parentId" <- .nullable(.uuid),
            "alignments" <- .array(.ref("Alignment")), "keyResults" <- .array(.ref("KeyResult")),
            "rolledUpProgress" <- .nullable(number), "createdAt" <- .dateTime,
        ]),
        "OKRTree": .object(["initiativeId" <- .uuid, "objectives" <- .array(.ref("Objective"))]),
        "AlignmentReport": .object([
            "staleAfterDays" <- .integer,
            "unalignedObjectives" <- .array(.object(["id" <- .uuid, "title" <- .string()])),
            "objectivesWithoutKeyResults" <- .array(.object(["id" <- .uuid, "title" <- .string()])),
            "staleKeyResults" <- .array(.object(["id" <- .uuid, "title" <- .string()])),
            "keyResultsWithoutOwner" <- .array(.object(["id" <- .uuid, "title" <- .string()])),
        ]),
        "LineOfSight": .object([
            "initiativeId" <- .uuid, "personId" <- .uuid, "personName" <- .string(),
            "workstreams" <- .array(.object([
                "workstreamId" <- .uuid, "name" <- .string(), "kind" <- .string(), "commitment" <- .integer, "isLeader" <- .boolean,
            ])),
            "workItems" <- .array(.object([
                "id" <- .uuid, "title" <- .string(), "status" <- .string(), "workstreamId" <- .uuid, "workstreamName" <- .string(),
                "keyResultId" <-? .nullable(.uuid),
            ])),
            "keyResults" <- .array(.ref("KeyResult")), "objectives" <- .array(.ref("Objective")),
        ]),
        "ImportResult": .object(["objectivesCreated" <- .integer, "keyResultsCreated" <- .integer, "checkInsCreated" <- .integer]),
        "OKRSettings": OKRSettingsRequest.schema,
        "ImportProblems": .object([
            "error" <- APISchemas.errorDetail,
            "problems" <-? .array(.object(["line" <- .integer, "column" <- .string(), "reason" <- .string()])),
        ]),
    ]
}
