import Columnar
import Foundation
import Testing
@testable import Query

/// The second oracle's rules on known answers, so that the SQLite check in the differential suites can
/// neither pass vacuously nor drift: SQLite's 0 and 1 equal booleans, a value cairn gets wrong on an agreed
/// query is reported, a query SQLite answers differently is left to DuckDB, and a uint64 column SQLite
/// cannot hold is not compared.
@Suite struct SQLOracleTests {
    @Test func sqliteChecksCairnWhereItAgreesWithDuckDB() throws {
        let tables = JoinDifferentialTests.tables()
        let queries = ["SELECT cell_id, score > 0.5, cell_type FROM cells ORDER BY 1", "SELECT 7 / 2", "SELECT cell_type FROM cells ORDER BY 1"]
        let duckdb = try SQLOracle.run(queries, over: tables, in: .duckdb)
        let sqlite = try SQLOracle.run(queries, over: tables, in: .sqlite)
        let engine = QueryEngine(catalog: JoinDifferentialTests.Catalog(tables: tables))
        var oracle = SecondOracle()

        // Booleans: DuckDB and cairn say true/false, SQLite 1/0.
        guard case .rows(let rows) = sqlite[0] else { Issue.record("SQLite failed: \(sqlite[0])"); return }
        #expect(rows.contains { $0[1] == "i:1" })
        let right = Result { try SQLOracle.rows(of: engine.run(queries[0])) }
        #expect(oracle.check(right, duckdb: duckdb[0], sqlite: sqlite[0]) == nil)
        var wrong = try right.get()
        wrong[0][2] = .string("nonsense")
        #expect(oracle.check(.success(wrong), duckdb: duckdb[0], sqlite: sqlite[0]) != nil)

        // Integer division in SQLite (3), not DuckDB (3.5): outside the agreed subset, even where cairn is wrong.
        #expect(oracle.check(.success([[.int(3)]]), duckdb: duckdb[1], sqlite: sqlite[1]) == nil)

        // NULLs sort last in both (SQLite is told NULLS LAST).
        #expect(oracle.check(Result { try SQLOracle.rows(of: engine.run(queries[2])) }, duckdb: duckdb[2], sqlite: sqlite[2]) == nil)
        #expect(oracle.queries == 4 && oracle.agreedRows == 3, "\(oracle.summary)")
    }

    @Test func uint64BeyondInt64IsNotComparedInSQLite() throws {
        let batch = RecordBatch(schema: Schema([Field("ub", .uint64), Field("x", .int32)]), columns: [
            Column(type: .uint64, buffer: .uint64([.max, 1])), Column(type: .int32, buffer: .int32([1, 2])),
        ])
        let answers = try SQLOracle.run(["SELECT ub FROM data ORDER BY rid", "SELECT x FROM data ORDER BY rid", "SELECT y FROM data"], over: batch, in: .sqlite)
        guard case .unsupported = answers[0] else { Issue.record("\(answers[0])"); return }
        guard case .rows(let rows) = answers[1] else { Issue.record("\(answers[1])"); return }
        #expect(rows == ["i:1", "i:2"])
        guard case .error = answers[2] else { Issue.record("\(answers[2])"); return }
    }

    @Test func nullsLastOnTheFinalOrderBy() {
        #expect(SQLOracle.nullsLastOrder("SELECT a, b FROM t ORDER BY 1, b DESC") == "SELECT a, b FROM t ORDER BY 1 NULLS LAST, b DESC NULLS LAST")
        #expect(SQLOracle.nullsLastOrder("SELECT a FROM t ORDER BY a NULLS FIRST") == "SELECT a FROM t ORDER BY a NULLS FIRST")
        #expect(SQLOracle.nullsLastOrder("SELECT * FROM (SELECT a FROM t ORDER BY a) s") == "SELECT * FROM (SELECT a FROM t ORDER BY a) s")
        #expect(SQLOracle.nullsLastOrder("SELECT a FROM t") == "SELECT a FROM t")
    }
}
