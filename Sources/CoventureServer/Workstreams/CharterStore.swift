import CoventureCore
import Fluent
import SQLKit
import Foundation
import Vapor

/// A stream's team charter: its versions, and each party's agreement to the current one.
package struct CharterStore: RecordingStore {
    let db: any Database
    let recorder: Recorder
    /// The stream itself: loading it, and who may manage or work in it.
    var streams: WorkstreamStore { WorkstreamStore(db: db, recorder: recorder) }

    // MARK: Charter

    package func saveCharter(_ id: UUID, _ request: SaveCharterRequest, by actor: Actor) async throws -> CharterDTO {
        let stream = try await streams.model(id)
        guard let personID = actor.personID else { throw AppError.forbidden("only a person can write a charter") }
        _ = try await recorder.record(
            streams.managePermission(stream), by: actor,
            validate: {
                try CharterContent(
                    purpose: request.purpose, accountableFor: request.accountableFor, workingAgreements: request.workingAgreements,
                    howItDecides: request.howItDecides, reviewDate: request.reviewDate)
            },
            apply: { db, content in
                guard let stream = try await WorkstreamModel.find(id, on: db) else { throw AppError.notFound }
                try WorkstreamStore.requireOpen(stream)
                let latest = try await CharterVersionModel.query(on: db).filter(\.$workstream.$id == id).sort(\.$version, .descending).first()
                let over: (version: Int, content: CharterContent)? = try latest.map { (version: $0.version, content: try $0.content()) }
                let version = CharterVersioning.version(saving: content, over: over)
                guard version != latest?.version else { return Recorded((), []) }
                let charter = CharterVersionModel()
                charter.$workstream.id = id
                charter.version = version
                charter.purpose = content.purpose
                charter.accountableFor = content.accountableFor
                charter.workingAgreements = content.workingAgreements
                charter.howItDecides = content.howItDecides
                charter.reviewDate = content.reviewDate?.description
                charter.createdBy = personID
                charter.createdAt = Date()
                try await charter.create(on: db)
                return Recorded((), EventDraft(
                    log: stream.initiativeID, action: .charterSaved, objectID: try charter.requireID(),
                    change: [
                        "workstreamId": .id(id), "version": .int(version), "purpose": .string(content.purpose),
                        "accountableFor": .string(content.accountableFor), "workingAgreements": .string(content.workingAgreements),
                        "howItDecides": .string(content.howItDecides), "reviewDate": .optional(charter.reviewDate),
                    ]))
            })
        guard let current = try await streams.reader.charterVersions(of: id).first else { throw AppError.notFound }
        return current
    }

    /// One person agrees, for their organization, to the current version.
    package func agreeToCharter(_ id: UUID, _ request: AgreeCharterRequest, by person: SignedInPerson) async throws -> CharterDTO {
        let stream = try await streams.model(id)
        let facts = try await streams.reader.charterFacts([id])[id]
        let represented = try await streams.reader.dtos([stream]).first.map { Set($0.parties.map(\.organizationId)) } ?? []
        let organizationID = person.organizationID
        _ = try await recorder.record(
            try await streams.workPermission(stream), by: person.actor,
            validate: { () -> Int in
                guard let facts else { throw ValidationError(field: "version", "there is no charter to agree to yet") }
                guard let version = request.version else {
                    throw ValidationError(field: "version", "is required: the version you read (\(facts.currentVersion))")
                }
                try facts.validateAgreement(toVersion: version)
                guard represented.contains(organizationID) else {
                    throw ValidationError(field: "version", "your organization has nobody in this workstream, so it has nothing to agree to")
                }
                return version
            },
            apply: { db, version in
                guard let stream = try await WorkstreamModel.find(id, on: db),
                    let charter = try await CharterVersionModel.query(on: db).filter(\.$workstream.$id == id)
                        .filter(\.$version == version).first()
                else { throw AppError.notFound }
                try WorkstreamStore.requireOpen(stream)
                let charterID = try charter.requireID()
                if try await CharterAgreementModel.query(on: db).filter(\.$charter.$id == charterID)
                    .filter(\.$person.$id == person.id).first() != nil {
                    return Recorded((), [])
                }
                let agreement = CharterAgreementModel()
                agreement.$charter.id = charterID
                agreement.workstreamID = id
                agreement.version = version
                agreement.$person.id = person.id
                agreement.organizationID = organizationID
                agreement.agreedAt = Date()
                try await agreement.create(on: db)
                return Recorded((), EventDraft(
                    log: stream.initiativeID, action: .charterAgreed, objectID: charterID,
                    change: ["workstreamId": .id(id), "version": .int(version), "personId": .id(person.id), "organizationId": .id(organizationID)]))
            })
        guard let current = try await streams.reader.charterVersions(of: id).first else { throw AppError.notFound }
        return current
    }

    /// Written out so that the demo target may call it: an implicit memberwise initializer is internal.
    package init(db: any Database, recorder: Recorder) {
        self.db = db
        self.recorder = recorder
    }
}
