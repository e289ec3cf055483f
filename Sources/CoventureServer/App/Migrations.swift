import Fluent
import Vapor

/// Every migration, in order. A shipped migration is never renamed or edited: its type name is its identity.
enum Migrations {
    static func register(on app: Application) {
        app.migrations.add(CreateOrganizationsV1())
        app.migrations.add(CreatePeopleV1())
        app.migrations.add(CreateSessionsV1())
        app.migrations.add(CreateAPITokensV1())
        app.migrations.add(CreateInitiativesV1())
        app.migrations.add(CreatePartiesV1())
        app.migrations.add(CreateMembersV1())
        app.migrations.add(CreateInvitationsV1())
        app.migrations.add(IndexMembershipV1())
        app.migrations.add(CreateLedgerV1())
        app.migrations.add(CreateLedgerTreeV2())
        app.migrations.add(BackfillLedgerNodesV2())
        app.migrations.add(CreateOKRsV3())
        app.migrations.add(CreateWorkstreamsV1())
        app.migrations.add(AddAPITokenExpiryV4())
        app.migrations.add(IndexSessionsByPersonV4())
        app.migrations.add(CreateFlashesV5())
        app.migrations.add(AddCheckInOnBehalfOfV5())
        app.migrations.add(CreateHomeV5())
        app.migrations.add(CreateDecisionsV6())
        app.migrations.add(CreateNotificationsV6())
        app.migrations.add(CreateValueMetricsV7())
        // After the value metrics: a proposal links the metrics it should move.
        app.migrations.add(CreateInvestmentsV7())
        app.migrations.add(CreatePracticesV8())
        app.migrations.add(LoadPracticeCatalogueV8())
        // Pulse (#15)
        app.migrations.add(CreatePulseV8())
        app.migrations.add(CreateMailOutboxV9())
        // Webhooks (#16)
        app.migrations.add(CreateWebhooksV9())
        // Inbound key-result feeds (#16)
        app.migrations.add(CreateKeyResultFeedsV9())
        app.migrations.add(AddCheckInSourceV9())
        // Personal calendar feeds (#16)
        app.migrations.add(CreateCalendarFeedsV9())
        // Idempotency keys (#17)
        app.migrations.add(CreateIdempotencyKeysV10())
    }
}
