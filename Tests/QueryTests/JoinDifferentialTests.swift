import Columnar
import Foundation
import Testing
@testable import Query

/// Joins, common table expressions and subqueries against DuckDB over the same tables: every generated
/// query's whole result (all columns, rows in a total order) must equal DuckDB's, or both must fail.
/// SQLite runs every query too, a second oracle on the subset where it agrees with DuckDB (`SecondOracle`).
@Suite(.serialized) struct JoinDifferentialTests {
    /// Small tables with what joins get wrong: NULL keys, duplicate keys, keys with no partner, keys of
    /// different integer widths, float values, NULLs in non-key columns.
    static func tables() -> [String: RecordBatch] {
        var random = SeededGenerator(seed: 42)
        func ints(_ values: [Int64?]) -> Column { Column(type: .int64, buffer: .int64(values.map { $0 ?? 0 }), validity: values.map { $0 != nil }) }
        func int32s(_ values: [Int32?]) -> Column { Column(type: .int32, buffer: .int32(values.map { $0 ?? 0 }), validity: values.map { $0 != nil }) }
        func doubles(_ values: [Double?]) -> Column { Column(type: .float64, buffer: .float64(values.map { $0 ?? 0 }), validity: values.map { $0 != nil }) }
        func strings(_ values: [String?]) -> Column {
            Column(type: .string, buffer: .bytes(VarBinary(strings: values.map { $0 ?? "" })), validity: values.map { $0 != nil })
        }
        func batch(_ fields: [(String, Column)]) -> RecordBatch {
            RecordBatch(schema: Schema(fields.map { Field($0.0, $0.1.type) }), columns: fields.map(\.1))
        }
        let types = ["B", "T", "NK", "Mono"]
        let donorNames = ["d1", "d2", "d3", "d4"]
        let cellCount = 40
        let cells = batch([
            ("cell_id", ints((0..<cellCount).map { Int64($0) })),
            ("cell_type", withDictionaryCodes(strings((0..<cellCount).map { $0 % 11 == 5 ? nil : types[Int(random.next() % 4)] }))),
            ("donor", strings((0..<cellCount).map { $0 % 13 == 7 ? nil : donorNames[Int(random.next() % 4)] })),
            ("score", doubles((0..<cellCount).map { $0 % 9 == 4 ? nil : Double(random.next() % 1000) / 1000 })),
        ])
        let genes = batch([
            ("gene_id", int32s((0..<12).map { Int32($0) })),
            ("symbol", strings((0..<12).map { "G\($0)" })),
            ("chrom", strings((0..<12).map { $0 == 3 ? nil : "chr\($0 % 3 + 1)" })),
        ])
        var cellIDs: [Int64?] = [], geneIDs: [Int64?] = [], values: [Double?] = []
        for i in 0..<220 {
            cellIDs.append(i % 37 == 3 ? nil : Int64(random.next() % UInt64(cellCount + 5)))  // some cells unknown
            geneIDs.append(Int64(random.next() % 14))  // genes 12 and 13 unknown
            values.append(i % 23 == 1 ? nil : Double(random.next() % 500) / 100)
        }
        let expression = batch([("cell_id", ints(cellIDs)), ("gene_id", ints(geneIDs)), ("value", doubles(values))])
        let donors = batch([
            ("donor", strings(["d1", "d2", "d2", "d5", nil])),
            ("age", ints([31, 45, 46, 60, 20])),
        ])
        return ["cells": cells, "genes": genes, "expression": expression, "donors": donors]
    }

    struct Catalog: QueryCatalog {
        let tables: [String: RecordBatch]
        var tableNames: [String] { tables.keys.sorted() }
        func table(named name: String) throws -> (any QueryTable)? { tables[name].map { MaterializedTable(name: name, batch: $0) } }
    }

    /// The generated queries: every join shape over the tables, WHERE on either side of a LEFT JOIN,
    /// residual ON conditions, CTEs, subqueries in FROM, IN and as values, and aggregates over joins.
    static func queries() -> [String] {
        var q: [String] = []
        let kinds = ["JOIN", "LEFT JOIN"]
        let typeTests = ["c.cell_type = 'B'", "c.cell_type IN ('T', 'NK')", "c.cell_type IS NULL", "c.score > 0.5", "c.cell_type <> 'Mono' OR c.score < 0.2"]
        for kind in kinds {
            q.append("SELECT e.cell_id, e.gene_id, e.value, c.cell_type FROM expression e \(kind) cells c ON e.cell_id = c.cell_id")
            q.append("SELECT c.cell_id, c.cell_type, e.gene_id FROM cells c \(kind) expression e ON c.cell_id = e.cell_id")
            q.append("SELECT c.cell_id, d.age FROM cells c \(kind) donors d ON c.donor = d.donor")
            q.append("SELECT c.cell_id, d.age FROM cells c \(kind) donors d ON c.donor = d.donor AND d.age > 40")
            q.append("SELECT c.cell_id, d.age FROM cells c \(kind) donors d ON c.donor = d.donor AND c.score > 0.5")
            q.append("SELECT c.cell_id, d.age FROM cells c \(kind) donors d ON c.donor = d.donor WHERE d.age IS NULL")
            q.append("SELECT c.cell_id, d.donor FROM cells c \(kind) donors d ON c.donor = d.donor WHERE c.cell_type = 'T' OR d.age = 45")
            q.append("SELECT e.cell_id, g.symbol FROM expression e \(kind) genes g ON e.gene_id = g.gene_id WHERE e.value > 2")
            q.append("SELECT e.cell_id, c.score, e.value FROM expression e \(kind) cells c ON e.cell_id = c.cell_id AND e.value > c.score * 4")
            q.append("SELECT c.cell_type, count(*), count(e.value), sum(e.value) FROM cells c \(kind) expression e ON c.cell_id = e.cell_id GROUP BY c.cell_type")
            q.append("SELECT a.cell_id, b.cell_id FROM cells a \(kind) cells b ON a.donor = b.donor AND a.cell_type = b.cell_type WHERE a.cell_id < 12")
            for test in typeTests {
                q.append("SELECT e.cell_id, e.value FROM expression e \(kind) cells c ON e.cell_id = c.cell_id WHERE \(test)")
                q.append("SELECT g.symbol, count(*), round(avg(e.value), 6) FROM expression e \(kind) cells c ON e.cell_id = c.cell_id "
                         + "\(kind) genes g ON e.gene_id = g.gene_id WHERE \(test) GROUP BY g.symbol")
                q.append("SELECT c.cell_type, g.chrom, count(*) FROM cells c \(kind) expression e ON e.cell_id = c.cell_id "
                         + "JOIN genes g ON g.gene_id = e.gene_id WHERE \(test) GROUP BY 1, 2")
            }
            for threshold in ["0.1", "0.5", "0.9"] {
                q.append("SELECT count(*) FROM expression e \(kind) cells c ON e.cell_id = c.cell_id WHERE c.score > \(threshold)")
                q.append("SELECT c.donor, d.age, count(*) FROM cells c \(kind) donors d ON c.donor = d.donor \(kind) expression e "
                         + "ON e.cell_id = c.cell_id WHERE e.value > \(threshold) * 5 OR e.value IS NULL GROUP BY 1, 2")
                q.append("SELECT e.gene_id, max(c.score) FROM expression e \(kind) cells c ON e.cell_id = c.cell_id AND c.score < \(threshold) GROUP BY 1")
            }
            for symbols in ["'G1', 'G4'", "'G2', 'G9', 'G11'", "'G0'"] {
                q.append("SELECT g.feature, avg(e.value) FROM expression e \(kind) cells c ON e.cell_id = c.cell_id "
                         + "JOIN (SELECT gene_id, symbol AS feature FROM genes) g ON e.gene_id = g.gene_id "
                         + "WHERE c.cell_type = 'B' AND g.feature IN (\(symbols)) GROUP BY g.feature")
            }
        }
        q += [
            "SELECT count(*) FROM donors a CROSS JOIN donors b",
            "SELECT a.donor, b.donor FROM donors a, donors b WHERE a.age < b.age",
            "SELECT e.cell_id, c.cell_id FROM expression e JOIN cells c ON e.value < c.score WHERE c.cell_id < 3",
            "SELECT c.cell_id, e.gene_id FROM cells c JOIN expression e ON c.cell_id = e.cell_id AND c.cell_id = e.gene_id",
            "SELECT * FROM donors d JOIN cells c ON c.donor = d.donor WHERE c.cell_id < 10 ORDER BY 1, 2, 3, 4, 5, 6",
            "SELECT d.*, c.cell_id FROM donors d LEFT JOIN cells c ON c.donor = d.donor ORDER BY 1, 2, 3",
            "SELECT g.gene_id, e.gene_id FROM genes g JOIN expression e ON g.gene_id = e.gene_id WHERE e.cell_id = 7",
            "SELECT DISTINCT c.donor, d.age FROM cells c JOIN donors d ON c.donor = d.donor",
            // Common table expressions.
            "WITH b AS (SELECT cell_id FROM cells WHERE cell_type = 'B') SELECT count(*) FROM expression WHERE cell_id IN (SELECT cell_id FROM b)",
            "WITH b(id) AS (SELECT cell_id FROM cells WHERE cell_type = 'T') SELECT e.gene_id, count(*) FROM expression e JOIN b ON e.cell_id = b.id GROUP BY 1",
            "WITH a AS (SELECT donor, count(*) AS n FROM cells GROUP BY donor), b AS (SELECT donor, n * 2 AS m FROM a) SELECT donor, m FROM b",
            "WITH cells AS (SELECT cell_id, 'x' AS cell_type FROM genes) SELECT cell_type, count(*) FROM cells GROUP BY 1",
            "WITH t AS (SELECT * FROM donors) SELECT t.donor, c.cell_id FROM t LEFT JOIN cells c ON t.donor = c.donor WHERE c.cell_id IS NULL OR c.cell_id > 30",
            // Subqueries in FROM.
            "SELECT s.k, count(*) FROM (SELECT cell_type AS k FROM cells) s GROUP BY 1",
            "SELECT k, total FROM (SELECT gene_id AS k, sum(value) AS total FROM expression GROUP BY gene_id) WHERE total > 20",
            "SELECT x.cell_id FROM (SELECT cell_id, score FROM cells WHERE score > 0.3) x JOIN (SELECT cell_id FROM expression WHERE value > 4) y ON x.cell_id = y.cell_id",
            // IN (SELECT …) and scalar subqueries, NULLs included.
            "SELECT count(*) FROM expression WHERE cell_id IN (SELECT cell_id FROM cells WHERE cell_type IS NULL)",
            "SELECT count(*) FROM expression WHERE cell_id NOT IN (SELECT cell_id FROM cells WHERE cell_type = 'B')",
            "SELECT count(*) FROM cells WHERE donor NOT IN (SELECT donor FROM donors)",
            "SELECT count(*) FROM cells WHERE donor IN (SELECT donor FROM donors)",
            "SELECT count(*) FROM expression WHERE gene_id IN (SELECT gene_id FROM genes WHERE chrom = 'chr2')",
            "SELECT count(*) FROM expression WHERE value > (SELECT avg(value) FROM expression)",
            "SELECT cell_id, (SELECT max(age) FROM donors) FROM cells WHERE cell_id < 3",
            "SELECT (SELECT count(*) FROM donors WHERE age > 100)",
            "SELECT cell_id FROM cells WHERE score = (SELECT max(score) FROM cells)",
            "SELECT cell_type, count(*) FROM cells GROUP BY cell_type HAVING count(*) > (SELECT count(*) / 5 FROM cells)",
            "SELECT count(*) FROM cells WHERE cell_id IN (SELECT cell_id, donor FROM cells)",
            "SELECT (SELECT cell_id FROM cells)",
        ]
        return q
    }

    /// The query with an ORDER BY over every output column (unless it has one), so that both engines
    /// return rows in one total order.
    static func ordered(_ query: String) -> String {
        guard !query.contains(" ORDER BY "), let select = query.range(of: "SELECT", options: .backwards) else { return query }
        let list = query[select.upperBound...].components(separatedBy: " FROM ").first ?? ""
        let columns = splitTopLevel(String(list)).count
        return query + " ORDER BY " + (1...max(columns, 1)).map(String.init).joined(separator: ", ")
    }

    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = [], depth = 0, current = ""
        for ch in text {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if ch == "," && depth == 0 { parts.append(current); current = "" } else { current.append(ch) }
        }
        parts.append(current)
        return parts
    }

    @Test func joinsCTEsAndSubqueriesMatchDuckDB() throws {
        let tables = Self.tables()
        let queries = Self.queries().map(Self.ordered)
        let report = try Self.compare(queries, over: tables)
        #expect(queries.count >= 100)
        #expect(report.bothFailed <= 4, "queries meant to run failed on both sides")
        #expect(report.lines.isEmpty, "\(report.lines.count) of \(queries.count) differ:\n\(report.lines.prefix(12).joined(separator: "\n"))")
        print("JoinDifferentialTests hand-written: \(report.sqlite.summary)")
        #expect(report.sqlite.agreedRows * 4 >= queries.count * 3, "the SQLite check shrank: \(report.sqlite.summary)")
    }

    static let generatedCount = 400

    /// 400 random queries of every shape (single table, inner and left join chains, conditions in ON and
    /// WHERE on any side, grouped and plain, through CTEs and FROM subqueries, with IN subqueries).
    @Test func generatedQueriesMatchDuckDB() throws {
        var generator = QueryGenerator(seed: 2026)
        let queries = (0..<Self.generatedCount).map { _ in generator.next() }
        let report = try Self.compare(queries, over: Self.tables())
        #expect(report.bothFailed == 0, "generated queries are all valid")
        #expect(report.lines.isEmpty, "\(report.lines.count) of \(queries.count) differ:\n\(report.lines.prefix(12).joined(separator: "\n"))")
        print("JoinDifferentialTests generated: \(report.sqlite.summary)")
        #expect(report.sqlite.agreedRows * 4 >= queries.count * 3, "the SQLite check shrank: \(report.sqlite.summary)")
    }

    /// The issue asks for at least 500 generated queries against DuckDB, SQLite too on the subset where the
    /// two agree: the single-table suite sends 1,680 (5 seeds × 240 expressions, 96 a seed also as filters),
    /// this one 104 hand-written and 400 generated, 2,184 in all. SQLite agrees with DuckDB on about half
    /// of the single-table queries and nearly all of the join queries (103 of 104, 400 of 400).
    @Test func differentialSuitesRunAtLeast500Queries() {
        let singleTable = DifferentialTests.seeds.map { DifferentialTests.expressions(seed: $0).map { $0.isPredicate ? 2 : 1 }.reduce(0, +) }.reduce(0, +)
        let joins = Self.queries().count + Self.generatedCount
        #expect(singleTable + joins >= 500, "\(singleTable) single-table and \(joins) join queries")
    }

    struct Report {
        var lines: [String] = []
        var bothFailed = 0
        var sqlite = SecondOracle()
    }

    /// Runs each query in cairn, DuckDB and SQLite; every difference from DuckDB (a failure on one side, a
    /// row or value that differs) is one entry, and so is every difference from SQLite where SQLite agrees
    /// with DuckDB.
    static func compare(_ queries: [String], over tables: [String: RecordBatch]) throws -> Report {
        let duckdb = try SQLOracle.run(queries, over: tables, in: .duckdb)
        let sqlite = try SQLOracle.run(queries, over: tables, in: .sqlite)
        let engine = QueryEngine(catalog: Catalog(tables: tables))
        var report = Report()
        for (k, query) in queries.enumerated() {
            let ours = Result { try SQLOracle.rows(of: engine.run(query)) }
            switch SQLOracle.compare(ours, duckdb[k], from: .duckdb) {
            case .same: break
            case .bothFailed: report.bothFailed += 1
            case .differ(let detail): report.lines.append("\(query)\n    \(detail)")
            }
            if let detail = report.sqlite.check(ours, duckdb: duckdb[k], sqlite: sqlite[k]) {
                report.lines.append("\(query)\n    SQLite agrees with DuckDB, not with cairn: \(detail)")
            }
        }
        return report
    }

    @Test func correlatedSubqueriesAreRefusedClearly() {
        let engine = QueryEngine(catalog: Catalog(tables: Self.tables()))
        do {
            _ = try engine.run("SELECT c.cell_id FROM cells c WHERE c.score > (SELECT avg(x.score) FROM cells x WHERE x.donor = c.donor)")
            Issue.record("a correlated subquery ran")
        } catch {
            #expect("\(error)".contains("correlated subqueries are not supported: c.donor refers to the outer query"), "\(error)")
        }
    }
}
