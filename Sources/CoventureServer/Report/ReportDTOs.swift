import CoventureCore
import Foundation
import Vapor

// The partnership report (issue #14): what a sponsor prints for the steering meeting, and its JSON (`?format=json`).
// Field names are contracts once shipped.

struct PartnershipReportDTO: Content, Equatable {
    struct Party: Content, Equatable {
        var organizationId: UUID
        var name: String
        var isOwner: Bool
        /// The party's stake in percent ("33.33") in a joint venture; null in other models.
        var stake: String?
    }
    struct Metric: Content, Equatable {
        var id: UUID
        var name: String
        var unit: String
        var direction: MetricDirection
        var responsibleOrganizationName: String
        var baseline: Double
        var target: Double
        var targetBy: String
        /// The latest measurement up to the period's last day, its date and its attestation state.
        var latestValue: Double?
        var latestOn: String?
        var latestState: MeasurementState?
        /// 0 at the baseline, 1 at the target; unclamped.
        var fractionOfWay: Double?
        var variance: Double?
        var overdue: Bool
        /// Measurements dated in the period, by their state now.
        var measuredInPeriod: Int
        var attestedInPeriod: Int
        var pendingInPeriod: Int
        var disputedInPeriod: Int
    }
    struct Objective: Content, Equatable {
        var id: UUID
        var title: String
        var organizationName: String
        var periodStart: String
        var periodEnd: String
        var keyResults: Int
        /// Rolled up, 0…1; null when nothing counts yet.
        var progress: Double?
    }
    struct Decision: Content, Equatable {
        var id: UUID
        var number: String
        var title: String
        var result: DecisionResult
        var adopted: Bool?
        var sealedAt: Date
    }
    struct Release: Content, Equatable {
        var proposalId: UUID
        var title: String
        var tranche: Int
        var amount: Money
        var releasedAt: Date
    }
    struct PartyMoney: Content, Equatable {
        var organizationId: UUID
        var organizationName: String
        var releasedInPeriod: Money
        var releasedToDate: Money
    }
    struct Investment: Content, Equatable {
        var releases: [Release]
        /// Per currency and party.
        var parties: [PartyMoney]
        var proposals: Int
        var atGate: Int
    }
    struct Workstream: Content, Equatable {
        var id: UUID
        var name: String
        var status: WorkstreamStatus
        var flags: [HealthFlag]
    }

    var initiativeId: UUID
    var initiativeName: String
    var period: String
    var periodLabel: String
    var from: String
    var to: String
    var generatedAt: Date
    var parties: [Party]
    var valueMetrics: [Metric]
    var objectives: [Objective]
    var decisions: [Decision]
    var investment: Investment
    var workstreams: [Workstream]
}
