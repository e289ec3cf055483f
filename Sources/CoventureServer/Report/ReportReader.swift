import CoventureCore
import Fluent
import Foundation
import SQLKit

/// Gathers the partnership report for one quarter from each feature's own reads (value, OKRs, decisions, investments,
/// workstreams): the report knows no table but the releases it sums. A fixed number of statements whatever the size.
struct ReportReader: Sendable {
    let db: any Database
    let recorder: Recorder

    func report(_ initiativeID: UUID, quarter: Quarter) async throws -> PartnershipReportDTO {
        let utc = TimeZone(identifier: "UTC")!
        let now = recorder.now()
        let today = CalendarDate(now, in: utc)
        let (start, end) = quarter.interval
        let initiative = try await InitiativeStore(db: db, recorder: recorder).detail(initiativeID)
        let names = try await InvestmentReader(db: db).parties(initiativeID)
        let organizations = Dictionary(names.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let parties = names.map { party in
            let dto = initiative.parties.first { $0.organizationId == party.id }
            return PartnershipReportDTO.Party(
                organizationId: party.id, name: party.name, isOwner: dto?.kind == .owner, stake: dto?.stake)
        }

        // Value: each ratified metric as it stood at the period's end (or today, for the current quarter).
        let asOf = min(today, quarter.lastDay)
        let valueReader = ValueReader(db: db)
        let measurements = Dictionary(grouping: try await valueReader.measurements(initiativeID), by: \.metricID)
        let metrics = try await valueReader.metrics(initiativeID).filter { $0.status == .ratified }.map { metric in
            let all = measurements[metric.id] ?? []
            let upToEnd = all.filter { $0.on <= quarter.lastDay }
            let dto = ValueReader.dto(metric, measurements: upToEnd, today: asOf, organizations: organizations, history: false)
            let inPeriod = ValueReader.current(all).filter { $0.on >= quarter.firstDay && $0.on <= quarter.lastDay }
            return PartnershipReportDTO.Metric(
                id: dto.id, name: dto.name, unit: dto.unit, direction: dto.direction, responsibleOrganizationName: dto.responsibleOrganizationName,
                baseline: dto.baseline.value, target: dto.target.value, targetBy: dto.target.by, latestValue: dto.latestValue,
                latestOn: dto.latestOn, latestState: dto.latestState, fractionOfWay: dto.fractionOfWay, variance: dto.variance,
                overdue: dto.overdue, measuredInPeriod: inPeriod.count, attestedInPeriod: inPeriod.filter { $0.state == .attested }.count,
                pendingInPeriod: inPeriod.filter { $0.state == .pending }.count, disputedInPeriod: inPeriod.filter { $0.state == .disputed }.count)
        }

        // OKRs: the objectives whose period overlaps the quarter, with their rolled-up progress.
        let objectives = try await OKRReader(db: db).tree(initiativeID).compactMap { objective -> PartnershipReportDTO.Objective? in
            guard let from = try? CalendarDate(parsing: objective.period.start), let to = try? CalendarDate(parsing: objective.period.end),
                  quarter.overlaps(from: from, to: to) else { return nil }
            return PartnershipReportDTO.Objective(
                id: objective.id, title: objective.title, organizationName: objective.organizationName, periodStart: objective.period.start,
                periodEnd: objective.period.end, keyResults: objective.keyResults.count, progress: objective.rolledUpProgress)
        }

        // Decisions sealed in the period, by number.
        let decisions = try await DecisionReader(db: db).records(initiativeID).compactMap { record -> PartnershipReportDTO.Decision? in
            guard let number = record.number, let result = record.result, let sealedAt = record.closedAt, sealedAt >= start, sealedAt < end else {
                return nil
            }
            return PartnershipReportDTO.Decision(
                id: record.id, number: DecisionNumber.format(number), title: record.title, result: result, adopted: record.adopted, sealedAt: sealedAt)
        }.sorted { $0.number < $1.number }

        // Investment: the tranches released in the period, and each party's releases in the period and to date.
        let investmentReader = InvestmentReader(db: db)
        let proposals = try await investmentReader.dtos(try await investmentReader.records(initiativeID), parties: names)
        var releases: [PartnershipReportDTO.Release] = []
        var perParty: [String: (period: Int64, toDate: Int64)] = [:]
        for proposal in proposals {
            for tranche in proposal.tranches {
                guard let at = tranche.releasedAt, at < end else { continue }
                if at >= start {
                    releases.append(.init(proposalId: proposal.id, title: proposal.title, tranche: tranche.position, amount: tranche.amount, releasedAt: at))
                }
                for share in tranche.releases {
                    let key = "\(share.amount.currency) \(share.organizationId.uuidString)"
                    perParty[key, default: (0, 0)].toDate += share.amount.amount
                    if at >= start { perParty[key, default: (0, 0)].period += share.amount.amount }
                }
            }
        }
        let order = Dictionary(names.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let partyMoney = perParty.compactMap { key, sums -> PartnershipReportDTO.PartyMoney? in
            let parts = key.split(separator: " ")
            guard parts.count == 2, let id = UUID(uuidString: String(parts[1])) else { return nil }
            let currency = String(parts[0])
            return .init(organizationId: id, organizationName: organizations[id] ?? "A former party",
                         releasedInPeriod: Money(amount: sums.period, currency: currency), releasedToDate: Money(amount: sums.toDate, currency: currency))
        }.sorted { ($0.releasedToDate.currency, order[$0.organizationId] ?? .max) < ($1.releasedToDate.currency, order[$1.organizationId] ?? .max) }

        // Workstreams with a health flag today (flags are about now, not the period).
        let streams = try await WorkstreamReader(db: db, now: now).list(initiativeID: initiativeID)
            .filter { !$0.flags.isEmpty }
            .map { PartnershipReportDTO.Workstream(id: $0.id, name: $0.name, status: $0.status, flags: $0.flags) }

        return PartnershipReportDTO(
            initiativeId: initiativeID, initiativeName: initiative.name, period: quarter.description, periodLabel: quarter.label,
            from: quarter.firstDay.description, to: quarter.lastDay.description, generatedAt: now, parties: parties,
            valueMetrics: metrics, objectives: objectives, decisions: decisions,
            investment: .init(releases: releases.sorted { $0.releasedAt < $1.releasedAt }, parties: partyMoney, proposals: proposals.count,
                              atGate: proposals.filter { $0.stage == .atGate }.count),
            workstreams: streams)
    }
}
