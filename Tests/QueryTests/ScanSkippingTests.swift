import Columnar
import Foundation
import Testing
@testable import Query

/// A WHERE clause that can keep no row (a conjunct folded to FALSE or NULL, such as `x IN (SELECT …)`
/// over an empty result) reads nothing, alone or in a join, and still answers as SQL says.
@Suite struct ScanSkippingTests {
    /// A table that counts the scans it serves.
    final class CountingTable: QueryTable, @unchecked Sendable {
        let name: String
        let batch: RecordBatch
        var scans = 0
        init(name: String, batch: RecordBatch) { self.name = name; self.batch = batch }
        var schema: Schema { batch.schema }
        func scan(columns: [String], constraints: [ColumnConstraint], _ body: (RecordBatch) throws -> Void) throws {
            scans += 1
            try MaterializedTable(name: name, batch: batch).scan(columns: columns, constraints: constraints, body)
        }
    }

    struct Catalog: QueryCatalog {
        let tables: [String: CountingTable]
        var tableNames: [String] { tables.keys.sorted() }
        func table(named name: String) throws -> (any QueryTable)? { tables[name] }
    }

    func catalog() -> Catalog {
        let expression = RecordBatch(schema: Schema([Field("gene_id", .int64), Field("value", .float64)]), columns: [
            Column(type: .int64, buffer: .int64([1, 2, 3, 1])), Column(type: .float64, buffer: .float64([0.5, 1, 2, 4])),
        ])
        let genes = RecordBatch(schema: Schema([Field("gene_id", .int64), Field("symbol", .string)]), columns: [
            Column(type: .int64, buffer: .int64([1, 2, 3])), Column(type: .string, buffer: .bytes(VarBinary(strings: ["A", "B", "C"]))),
        ])
        return Catalog(tables: ["expression": CountingTable(name: "expression", batch: expression), "genes": CountingTable(name: "genes", batch: genes)])
    }

    @Test func anEmptySubqueryListReadsNothing() throws {
        let tables = catalog()
        let result = try QueryEngine(catalog: tables).run(
            "SELECT count(*), sum(value) FROM expression WHERE gene_id IN (SELECT gene_id FROM genes WHERE symbol = 'nope')")
        #expect(result.columns[0].value(at: 0) == .int(0))
        #expect(result.columns[1].value(at: 0) == .null)
        #expect(tables.tables["expression"]!.scans == 0)
        #expect(tables.tables["genes"]!.scans == 1)
    }

    @Test func aFalseConditionOnOneSideOfAJoinReadsNothingThere() throws {
        let tables = catalog()
        let result = try QueryEngine(catalog: tables).run(
            "SELECT e.value, g.symbol FROM expression e LEFT JOIN genes g ON e.gene_id = g.gene_id "
            + "WHERE g.symbol IN (SELECT symbol FROM genes WHERE symbol = 'nope') OR e.value > 1")
        #expect(result.rowCount == 2)
        let inner = try QueryEngine(catalog: tables).run(
            "SELECT count(*) FROM expression e JOIN (SELECT * FROM genes WHERE gene_id IN (SELECT gene_id FROM genes WHERE symbol = 'nope')) g "
            + "ON e.gene_id = g.gene_id")
        #expect(inner.columns[0].value(at: 0) == .int(0))
        let counted = try QueryEngine(catalog: tables).run("SELECT count(*) FROM expression WHERE gene_id = 1 AND NULL")
        #expect(counted.columns[0].value(at: 0) == .int(0))
        // The subqueries read genes; the conditions that keep nothing read nothing.
        #expect(tables.tables["expression"]!.scans == 1)
    }
}
