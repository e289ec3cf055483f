import Fluent
import Foundation
import SQLKit

/// A table described once (issue #11): a plain struct whose stored properties are the table's columns, each named
/// once in its `CodingKeys`. Its `Codable` conformance is the row codec, so reads, writes and batch inserts all use
/// the same description, and a column added to the struct is read, written and inserted everywhere at once.
///
/// ```swift
/// struct CheckInRow: TableRow, Identifiable {
///     static let table = "check_ins"
///     var id: UUID
///     var keyResultID: UUID
///     enum CodingKeys: String, CodingKey, CaseIterable { case id, keyResultID = "key_result_id" }
/// }
/// ```
///
/// Why not Fluent models: decoding a model finds its properties by reflection (`Mirror`) for every row, which made
/// the large OKR tree spend most of its time in the Swift runtime (issue #6's profile); the plain records that fixed
/// that then described each table a second time, and the batch inserts' column lists a third. Rows decode through
/// `TableRowDecoder`, which asks the database row for each column once, by name.
///
/// Raw SQL (the `where`, `orderBy` and `set` fragments) is written in the feature's reads and stores that own the
/// table; migrations stay frozen with their literal names and never use these types.
package protocol TableRow: Codable, Sendable {
    associatedtype CodingKeys: CodingKey & CaseIterable
    /// The table's name in SQL.
    static var table: String { get }
}

extension TableRow {
    /// The table's columns in declaration order: `id, objective_id, …`.
    package static var columnNames: [String] { CodingKeys.allCases.map(\.stringValue) }

    /// The column list of a `SELECT` or `INSERT`, e.g. `id, objective_id, title`.
    package static var columns: String { columnNames.joined(separator: ", ") }

    /// The same column list qualified by a table alias (`k.id, k.objective_id, …`), for joins.
    package static func columns(as alias: String) -> String { columnNames.map { "\(alias).\($0)" }.joined(separator: ", ") }

    // MARK: Reads

    /// The rows matching `condition` (a WHERE clause with bound values), in `orderBy`'s order when given; `limit` and
    /// `offset` page them in SQL.
    package static func all(
        _ db: any Database, where condition: SQLQueryString = "1 = 1", orderBy: String? = nil, limit: Int? = nil, offset: Int? = nil
    ) async throws -> [Self] {
        var statement: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE \(condition)"
        if let orderBy { statement.appendInterpolation(unsafeRaw: " ORDER BY \(orderBy)") }
        if let limit { statement.appendInterpolation(unsafeRaw: " LIMIT \(limit)") }
        if let offset { statement.appendInterpolation(unsafeRaw: " OFFSET \(offset)") }
        return try await sql(db).raw(statement).all().map(Self.init(row:))
    }

    /// The rows whose `column` is one of `ids` (and that match `condition`, if given), split into statements of at
    /// most `StatementLimits.idsPerList` ids. Rows come in `orderBy`'s order within each statement; a caller that
    /// needs one order across a split list sorts again (`SQLLists.isSplit`).
    package static func all(
        _ db: any Database, _ column: String, in ids: some Collection<UUID>, and condition: SQLQueryString? = nil,
        orderBy: String? = nil
    ) async throws -> [Self] {
        try await SQLLists.chunked(ids) { chunk in
            try await all(db, where: SQLLists.condition(column, chunk, and: condition), orderBy: orderBy)
        }
    }

    /// The first row matching `condition` in `orderBy`'s order, if any.
    package static func first(_ db: any Database, where condition: SQLQueryString, orderBy: String? = nil) async throws -> Self? {
        try await all(db, where: condition, orderBy: orderBy, limit: 1).first
    }

    /// How many rows match `condition`.
    package static func count(_ db: any Database, where condition: SQLQueryString = "1 = 1") async throws -> Int {
        let row = try await sql(db).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(condition)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Whether any row matches `condition`.
    package static func exists(_ db: any Database, where condition: SQLQueryString) async throws -> Bool {
        try await sql(db).raw("SELECT 1 AS found FROM \(unsafeRaw: table) WHERE \(condition) LIMIT 1").first() != nil
    }

    /// One row decoded from a statement's result that selected `columns` (or more).
    package init(row: any SQLRow) throws {
        try self.init(from: TableRowDecoder(row: row))
    }

    // MARK: Writes

    /// Inserts this row: every column, nil ones as NULL.
    package func insert(_ db: any Database) async throws {
        try await Self.insert([self], db)
    }

    /// Inserts `rows` in as few multi-row statements as the databases' limits allow (`SQLLists.insert`); nothing for
    /// none. `skippingConflicts` leaves out a row that would break a unique constraint instead of failing.
    package static func insert(_ rows: [Self], _ db: any Database, skippingConflicts: Bool = false) async throws {
        guard !rows.isEmpty else { return }
        let tuples = try rows.map { try $0.sqlTuple() }
        try await SQLLists.insert(sql(db), into: table, columns: columns, rows: tuples, skippingConflicts: skippingConflicts)
    }

    /// `UPDATE table SET assignments WHERE condition`: for changes that touch a few columns of many rows, or that
    /// compute a column in SQL.
    package static func update(_ db: any Database, set assignments: SQLQueryString, where condition: SQLQueryString) async throws {
        try await sql(db).raw("UPDATE \(unsafeRaw: table) SET \(assignments) WHERE \(condition)").run()
    }

    /// Deletes the rows matching `condition`.
    package static func delete(_ db: any Database, where condition: SQLQueryString) async throws {
        try await sql(db).raw("DELETE FROM \(unsafeRaw: table) WHERE \(condition)").run()
    }

    /// The row's values as SQL expressions, in `columnNames` order (nil as NULL).
    package func sqlValues() throws -> [any SQLExpression] {
        try columnValues().map(\.sql)
    }

    /// The row's values in `columnNames` order. A column the encoding left out (a nil optional) is NULL.
    func columnValues() throws -> [ColumnValue] {
        let encoder = TableRowEncoder()
        try encode(to: encoder)
        return Self.columnNames.map { encoder.output.values[$0] ?? .null }
    }

    /// The row's values as one parenthesized tuple of a multi-row `INSERT` (`SQLLists.insert`, the large dataset's
    /// `RowBatch`).
    package func sqlTuple() throws -> SQLQueryString {
        var tuple: SQLQueryString = "("
        for (index, value) in try sqlValues().enumerated() {
            if index > 0 { tuple.appendLiteral(", ") }
            tuple.appendInterpolation(value)
        }
        tuple.appendLiteral(")")
        return tuple
    }

    package static func sql(_ db: any Database) -> any SQLDatabase { db as! any SQLDatabase }
}

extension TableRow where Self: Identifiable, ID == UUID {
    /// The row with this id, if there is one.
    package static func find(_ id: UUID?, _ db: any Database) async throws -> Self? {
        guard let id else { return nil }
        return try await first(db, where: "id = \(bind: id)")
    }

    /// Writes only `columns` of this row back to its row (by id), for a change that knows which columns it set.
    ///
    /// There is no "write the whole row": a `Date` read and written back can move by a microsecond (PostgreSQL's
    /// binary format truncates it, SQLite's double rounds), and another change or a bookkeeping write may have set
    /// a column meanwhile. A change writes what it set, or what differs (`update(_:changedFrom:)`).
    package func update(_ db: any Database, _ columns: [CodingKeys]) async throws {
        let names = Set(columns.map(\.stringValue))
        try await write(zip(Self.columnNames, try columnValues()).filter { $0.0 != "id" && names.contains($0.0) }, db)
    }

    /// Writes the columns in which this row differs from `original` (the same row as read inside the change's
    /// transaction) back to it, by id; nothing when none differs. Only changed columns, so that a change never puts
    /// back a column another change wrote meanwhile (a check-in's `current_value` under a key result's new title).
    package func update(_ db: any Database, changedFrom original: Self) async throws {
        let before = try original.columnValues()
        try await write(zip(Self.columnNames, try columnValues()).enumerated().filter { $0.element.1 != before[$0.offset] }.map(\.element), db)
    }

    /// `UPDATE … SET column = value, … WHERE id = …` for these columns; nothing for none.
    private func write(_ columns: [(String, ColumnValue)], _ db: any Database) async throws {
        guard !columns.isEmpty else { return }
        var assignments: SQLQueryString = ""
        for (index, (column, value)) in columns.enumerated() {
            if index > 0 { assignments.appendLiteral(", ") }
            assignments.appendInterpolation(unsafeRaw: column)
            assignments.appendLiteral(" = ")
            assignments.appendInterpolation(value.sql)
        }
        try await Self.update(db, set: assignments, where: "id = \(bind: id)")
    }

    /// Deletes this row.
    package func delete(_ db: any Database) async throws {
        try await Self.delete(db, where: "id = \(bind: id)")
    }
}

/// Decodes a `TableRow` from a database row, asking the row for each column once, by its name. (SQLKit's
/// `SQLRowDecoder` builds each column's name anew and looks it up twice, and three times for an optional one.)
struct TableRowDecoder: Decoder {
    let row: any SQLRow
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    package func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns(row: row))
    }

    package func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a row is not a list"))
    }

    package func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row is not one value"))
    }

    private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: any SQLRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.allColumns.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { row.contains(column: key.stringValue) }
        func decodeNil(forKey key: Key) throws -> Bool { try row.decodeNil(column: key.stringValue) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try row.decode(column: key.stringValue, as: T.self) }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            try row.decode(column: key.stringValue, as: T?.self)
        }
        // The primitive overloads, so that none falls back to the protocol's slower defaults.
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try row.decode(column: key.stringValue, as: String.self) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try row.decode(column: key.stringValue, as: Bool.self) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try row.decode(column: key.stringValue, as: Int.self) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try row.decode(column: key.stringValue, as: Int64.self) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try row.decode(column: key.stringValue, as: Double.self) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            try row.decode(column: key.stringValue, as: String?.self)
        }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try row.decode(column: key.stringValue, as: Bool?.self) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try row.decode(column: key.stringValue, as: Int?.self) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try row.decode(column: key.stringValue, as: Int64?.self) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
            try row.decode(column: key.stringValue, as: Double?.self)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "a column holds one value"))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "a column holds one value"))
        }
        func superDecoder() throws -> any Decoder { TableRowDecoder(row: row) }
        func superDecoder(forKey key: Key) throws -> any Decoder { TableRowDecoder(row: row) }
    }
}

/// One column's value as a row holds it: comparable, so that an update writes only what changed.
enum ColumnValue: Hashable, Sendable {
    case null, uuid(UUID), string(String), int(Int), bool(Bool), double(Double), date(Date)

    var sql: any SQLExpression {
        switch self {
        case .null: SQLLiteral.null
        case .uuid(let value): SQLBind(value)
        case .string(let value): SQLBind(value)
        case .int(let value): SQLBind(value)
        case .bool(let value): SQLBind(value)
        case .double(let value): SQLBind(value)
        case .date(let value): SQLBind(value)
        }
    }
}

/// Encodes a `TableRow` into its columns' values. A column type outside `ColumnValue`'s is refused loudly: a table's
/// columns are plain values.
final class TableRowEncoder: Encoder {
    final class Output { var values: [String: ColumnValue] = [:] }
    let output = Output()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Columns(output: output))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a table row is encoded by its columns") }
    func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("a table row is encoded by its columns") }

    private struct Columns<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let output: Output
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { output.values[key.stringValue] = .null }
        mutating func encode(_ value: String, forKey key: Key) throws { output.values[key.stringValue] = .string(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { output.values[key.stringValue] = .int(value) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { output.values[key.stringValue] = .bool(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { output.values[key.stringValue] = .double(value) }
        /// Int64 columns (amounts in minor units) are Int here: both are 64 bits on every platform Coventure runs on.
        mutating func encode(_ value: Int64, forKey key: Key) throws { output.values[key.stringValue] = .int(Int(value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            output.values[key.stringValue] = switch value {
            case let value as UUID: .uuid(value)
            case let value as Date: .date(value)
            case let value as String: .string(value)
            case let value as Int: .int(value)
            case let value as Bool: .bool(value)
            case let value as Double: .double(value)
            case let value as Int64: .int(Int(value))
            default:
                throw EncodingError.invalidValue(value, .init(codingPath: [key], debugDescription: "not a column type of TableRow"))
            }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            fatalError("a column holds one value")
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { fatalError("a column holds one value") }
        mutating func superEncoder() -> any Encoder { fatalError("a column holds one value") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { fatalError("a column holds one value") }
    }
}
