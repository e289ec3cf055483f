import Fluent
import Foundation

// Not how people and organizations are read or written: that is `PersonRow` and `OrganizationRow`
// (`PeopleTables.swift`, issue #11). These two Fluent models remain only as the parent types of other features'
// models' `@Parent` relations (`InitiativeModel.ownerOrganization`, `PartyModel.organization`, `MemberModel.person`,
// `AssignmentModel.person`, `WorkItemModel.assignee`, `CharterAgreementModel.person`) and their eager loading;
// delete this file when those models are converted to rows.
//
// Fluent models are `@unchecked Sendable`: their property wrappers defeat Sendable checking.

final class OrganizationModel: Model, @unchecked Sendable {
    static let schema = "organizations"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

final class PersonModel: Model, @unchecked Sendable {
    static let schema = "people"
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: OrganizationModel
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Field(key: "is_org_admin") var isOrgAdmin: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
