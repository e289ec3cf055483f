import Foundation

/// Whether a child objective's progress counts toward the objective it aligns to.
public enum AlignmentKind: String, Codable, CaseIterable, Sendable {
    /// The child's progress is part of the parent's roll-up, with the link's weight.
    case contributing
    /// The child is shown under the parent (it explains why the work matters) but never counted: supporting work
    /// helps without being a measure of the parent.
    case supporting

    public var label: String {
        switch self {
        case .contributing: "Contributing"
        case .supporting: "Supporting"
        }
    }
}

/// "Child aligns to parent": an objective of an initiative aligning to an objective of a party's own organization,
/// or any other objective-to-objective link.
public struct AlignmentLink: Sendable, Hashable, Codable {
    public var child: UUID
    public var parent: UUID
    public var kind: AlignmentKind
    /// The child's weight in the parent's roll-up, beside the parent's key results' weights. Unused when supporting.
    public var weight: Decimal

    public init(child: UUID, parent: UUID, kind: AlignmentKind = .contributing, weight: Decimal = 1) {
        self.child = child
        self.parent = parent
        self.kind = kind
        self.weight = weight
    }

    public var edge: (child: UUID, parent: UUID) { (child, parent) }
}

/// Rules on the graph of alignment links.
///
/// Links must never form a cycle, whatever their kind: a contributing cycle would make an objective's progress depend on
/// itself, and even a supporting one would make "why does this matter?" an endless walk for the reader.
public enum AlignmentGraph {
    /// Whether adding "`child` aligns to `parent`" to `links` would close a cycle: true when `parent` already aligns,
    /// directly or through other objectives, to `child`, or when the two are the same objective. Linking to an objective
    /// that is merely higher up the same chain (a redundant link) is not a cycle.
    public static func wouldCreateCycle(adding child: UUID, to parent: UUID, links: [(child: UUID, parent: UUID)]) -> Bool {
        if child == parent { return true }
        var parentsOf: [UUID: [UUID]] = [:]
        for link in links { parentsOf[link.child, default: []].append(link.parent) }
        // Walk upward from the new parent; reaching the new child means the child is already above the parent.
        var seen: Set<UUID> = [parent]
        var queue = [parent]
        while let node = queue.popLast() {
            for next in parentsOf[node] ?? [] {
                if next == child { return true }
                if seen.insert(next).inserted { queue.append(next) }
            }
        }
        return false
    }

    /// Refuses a link that would align an objective to itself or close a cycle, naming the field `parentId`.
    public static func validateLink(child: UUID, parent: UUID, links: [(child: UUID, parent: UUID)]) throws {
        guard child != parent else { throw ValidationError(field: "parentId", "an objective cannot align to itself") }
        guard !wouldCreateCycle(adding: child, to: parent, links: links) else {
            throw ValidationError(
                field: "parentId", "would create a cycle: that objective already aligns, directly or through others, to this one")
        }
    }
}
