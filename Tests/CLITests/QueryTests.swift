import Foundation
import Testing

/// `cairn query`: answers checked against DuckDB over the same rows (generated queries covering every
/// operator, function, aggregate and NULL case of docs/sql.md), errors that point at the problem, and
/// reads of pinned versions.
@Suite(.serialized) struct QueryTests {
    /// A repository with the import fixtures (obs columns of every type, with nulls; three value types of X)
    /// and a loaded CSV table with nulls in every column, plus each table exported to Parquet for DuckDB.
    static let atlas: (repo: String, tables: String) = {
        let dir = temporaryDirectory()
        let repo = dir + "/atlas.cairn"
        precondition(try! CLI.run(["init", repo]).status == 0)
        let imported = try! CLI.run(["-C", repo, "import"] + ["a", "b", "c"].map { ImportTests.fixtures + "/\($0).h5ad" })
        precondition(imported.status == 0, imported.stderr)
        var csv = "id,grp,x,k,flag,note\n"
        for i in 0..<60 {
            let grp = i % 7 == 0 ? "" : ["B", "T", "NK", "d1"][i % 4]
            let x = i % 5 == 0 ? "" : String(Double(i) * 1.25 - 20)
            let k = i % 6 == 0 ? "" : String((i * 37) % 11 - 5)
            let flag = i % 9 == 0 ? "" : (i % 2 == 0 ? "true" : "false")
            let note = i % 8 == 0 ? "" : ["x", "é-label", "a label", "Tx", ""][i % 5]
            csv += "\(i),\(grp),\(x),\(k),\(flag),\(note)\n"
        }
        write(csv, to: dir + "/samples.csv")
        precondition(try! CLI.run(["-C", repo, "load", "samples", dir + "/samples.csv"]).status == 0)
        let tables = dir + "/tables"
        try! FileManager.default.createDirectory(atPath: tables, withIntermediateDirectories: true)
        for table in ["cells", "genes", "var", "expression", "samples"] {
            let export = try! CLI.run(["-C", repo, "export-table", table, "-o", "\(tables)/\(table).parquet"])
            precondition(export.status == 0, export.stderr)
        }
        return (repo, tables)
    }()

    @Test func generatedQueriesMatchDuckDB() throws {
        let run = try CLI.runProcess("/usr/bin/env", ["python3", CLI.packageRoot + "/scripts/sql_differential.py", CLI.binary,
                                                       Self.atlas.repo, Self.atlas.tables, "320", "7"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let mismatches = report["mismatches"] as? [[String: Any]] ?? []
        #expect((report["queries"] as? Int ?? 0) >= 300)
        #expect((report["both_ok"] as? Int ?? 0) >= 200, "\(report)")
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// Joins, WITH and subqueries over the real tables (the matrix joined with cells and genes, as the
    /// guide shows it) against DuckDB over the same tables exported to Parquet.
    @Test func joinsOverTheAtlasMatchDuckDB() throws {
        let queries = [
            "SELECT g.feature_id, count(*), round(avg(e.value), 6) FROM expression e JOIN cells c ON e.cell_id = c.cell_id "
                + "JOIN genes g ON e.gene_id = g.gene_id WHERE c.dataset = 'b' AND g.gene_id < 40 GROUP BY g.feature_id ORDER BY 1",
            "WITH b AS (SELECT cell_id FROM cells WHERE dataset = 'a' AND cell_id % 3 = 0) "
                + "SELECT count(*), round(sum(value), 6) FROM expression WHERE cell_id IN (SELECT cell_id FROM b)",
            "SELECT c.dataset, count(e.value) FROM cells c LEFT JOIN expression e ON c.cell_id = e.cell_id AND e.gene_id = 3 GROUP BY 1 ORDER BY 1",
            "SELECT s.grp, count(*) FROM samples s JOIN (SELECT dataset, count(*) AS n FROM cells GROUP BY dataset) d "
                + "ON s.id = d.n / 10 GROUP BY 1 ORDER BY 1",
        ]
        let script = """
        import duckdb, sys
        con = duckdb.connect()
        for t in ["cells", "genes", "expression", "samples"]:
            con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('\(Self.atlas.tables)/{t}.parquet')")
        for q in sys.argv[1:]:
            rows = con.execute(q).fetchall()
            print("|".join(",".join("" if v is None else (repr(round(v, 6)) if isinstance(v, float) else str(v)) for v in r) for r in rows))
        """
        let expected = try CLI.python(script, queries)
        #expect(expected.status == 0, "\(expected.stderr)")
        for (sql, line) in zip(queries, expected.stdout.split(separator: "\n", omittingEmptySubsequences: false)) {
            let result = try query(sql)
            #expect(result.status == 0, "\(sql): \(result.stderr)")
            let rows = result.stdout.split(separator: "\n").dropFirst().map { row in
                row.split(separator: ",", omittingEmptySubsequences: false).map { field in
                    Double(field).map { $0 == $0.rounded() && !field.contains(".") ? String(field) : repr($0) } ?? String(field)
                }.joined(separator: ",")
            }
            #expect(rows.joined(separator: "|") == String(line), "\(sql)")
        }
    }

    /// Python's `repr` of a float rounded to 6 places, as the DuckDB side prints it.
    private func repr(_ value: Double) -> String {
        let rounded = (value * 1e6).rounded() / 1e6
        var text = "\(rounded)"
        if text.hasSuffix(".0") == false && !text.contains(".") && !text.contains("e") { text += ".0" }
        return text
    }

    /// Subqueries also choose what `slice`, `update` and `delete` touch.
    @Test func subqueriesInWhereOfSliceAndEdits() throws {
        let dir = temporaryDirectory()
        let repo = dir + "/copy.cairn"
        try FileManager.default.copyItem(atPath: Self.atlas.repo, toPath: repo)
        let chosen = "cell_id IN (SELECT cell_id FROM cells WHERE dataset = 'c' AND cell_id % 2 = 0)"
        try expectSuccess(["-C", repo, "slice", "--where", chosen, "-o", dir + "/sub.parquet"])
        try expectSuccess(["-C", repo, "slice", "--where", "dataset = 'c' AND cell_id % 2 = 0", "-o", dir + "/plain.parquet"])
        let same = try CLI.python("import pyarrow.parquet as pq, sys; a, b = pq.read_table(sys.argv[1]), pq.read_table(sys.argv[2]); print(a.num_rows, a.equals(b))",
                                  [dir + "/sub.parquet", dir + "/plain.parquet"])
        #expect(same.stdout.hasSuffix(" True\n") && !same.stdout.hasPrefix("0 "), "\(same.stdout)\(same.stderr)")
        try expectSuccess(["-C", repo, "update", "samples", "--set", "note = 'picked'", "--where", "id IN (SELECT id * 2 FROM samples WHERE id < 5)"])
        let picked = try CLI.run(["-C", repo, "query", "--format", "csv", "SELECT id FROM samples WHERE note = 'picked' ORDER BY id"])
        #expect(picked.stdout == "id\n0\n2\n4\n6\n8\n", "\(picked.stdout)\(picked.stderr)")
        let correlated = try CLI.run(["-C", repo, "delete", "samples", "--where", "x > (SELECT avg(t.x) FROM samples t WHERE t.grp = samples.grp)"])
        #expect(correlated.status != 0 && correlated.stderr.contains("correlated subqueries are not supported"), "\(correlated.stderr)")
    }

    private func query(_ sql: String, _ extra: [String] = []) throws -> CLIResult {
        try CLI.run(["-C", Self.atlas.repo, "query", "--format", "csv"] + extra + [sql])
    }

    @Test func countsAndGroupsOverTheAtlas() throws {
        let total = try query("SELECT count(*) AS n FROM cells")
        #expect(total.stdout == "n\n230\n", "\(total.stderr)")
        let perDataset = try query("SELECT dataset, count(*) AS n FROM cells GROUP BY dataset ORDER BY n DESC")
        #expect(perDataset.stdout == "dataset,n\na,120\nb,80\nc,30\n", "\(perDataset.stderr)")
        let datasets = try query("SELECT name, n_cells, first_cell_id FROM datasets ORDER BY first_cell_id")
        #expect(datasets.stdout == "name,n_cells,first_cell_id\na,120,0\nb,80,120\nc,30,200\n", "\(datasets.stderr)")
    }

    /// Gene and cell constraints on a matrix drop entries before ids are derived: the answers equal those
    /// of the same conditions written so that no constraint is extracted (`gene_id + 0`).
    @Test func matrixConstraintsAnswerAsTheFullScan() throws {
        let pairs = [
            ("gene_id IN (1, 3, 4)", "gene_id + 0 IN (1, 3, 4)"),
            ("cell_id BETWEEN 100 AND 130", "cell_id + 0 BETWEEN 100 AND 130"),
            ("gene_id < 3 AND cell_id >= 190", "gene_id + 0 < 3 AND cell_id + 0 >= 190"),
            ("gene_id = 999999", "gene_id + 0 = 999999"),
        ]
        for (constrained, plain) in pairs {
            let select = "SELECT gene_id, count(*) AS n, sum(value) AS s, min(cell_id) AS c FROM expression WHERE "
            let fast = try query(select + constrained + " GROUP BY gene_id ORDER BY gene_id")
            let full = try query(select + plain + " GROUP BY gene_id ORDER BY gene_id")
            #expect(fast.status == 0 && full.status == 0, "\(fast.stderr) \(full.stderr)")
            #expect(fast.stdout == full.stdout, "\(constrained)")
        }
        let some = try query("SELECT count(*) AS n FROM expression WHERE gene_id IN (1, 3, 4)")
        #expect(some.stdout != "n\n0\n", "the fixture has entries of these genes")
    }

    @Test func errorsPointAtTheProblem() throws {
        let syntax = try query("SELECT cell_type FORM cells")
        #expect(syntax.status != 0)
        #expect(syntax.stderr.contains("syntax error at line 1, column 18"), "\(syntax.stderr)")
        #expect(syntax.stderr.contains("SELECT cell_type FORM cells\n") && syntax.stderr.contains("^"), "\(syntax.stderr)")
        let column = try query("SELECT cel_type FROM cells")
        #expect(column.status != 0 && column.stderr.contains("did you mean 'cell_type'?"), "\(column.stderr)")
        let table = try query("SELECT * FROM cell")
        #expect(table.status != 0 && table.stderr.contains("unknown table 'cell'; did you mean 'cells'?"), "\(table.stderr)")
        let types = try query("SELECT label + 1 FROM cells")
        #expect(types.status != 0 && types.stderr.contains("string") && types.stderr.contains("label + 1"), "\(types.stderr)")
        let grouping = try query("SELECT donor, count(*) FROM cells")
        #expect(grouping.status != 0 && grouping.stderr.contains("donor"), "\(grouping.stderr)")
    }

    @Test func readsThePinnedVersion() throws {
        let repo = temporaryDirectory() + "/r.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        #expect(try CLI.run(["-C", repo, "import", ImportTests.fixtures + "/a.h5ad"]).status == 0)
        let first = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try CLI.run(["-C", repo, "import", ImportTests.fixtures + "/b.h5ad"]).status == 0)
        let now = try CLI.run(["-C", repo, "query", "--format", "csv", "SELECT count(*) AS n FROM cells"])
        #expect(now.stdout == "n\n200\n")
        let then = try CLI.run(["-C", repo, "query", "--at", first, "--format", "csv", "SELECT count(*) AS n FROM cells"])
        #expect(then.stdout == "n\n120\n", "\(then.stderr)")
        let previous = try CLI.run(["-C", repo, "query", "--at", "HEAD~1", "--format", "json", "SELECT max(cell_id) AS m FROM cells"])
        #expect(previous.stdout == "{\"m\":119}\n", "\(previous.stderr)")
    }

    @Test func outputFormatsAndFiles() throws {
        let dir = temporaryDirectory()
        let sql = "SELECT grp, count(*) AS n FROM samples WHERE grp IS NOT NULL GROUP BY grp ORDER BY grp"
        #expect(try query(sql, ["--format", "tsv"]).stdout == "grp\tn\nB\t12\nNK\t13\nT\t13\nd1\t13\n")
        #expect(try CLI.run(["-C", Self.atlas.repo, "query", "-o", dir + "/r.parquet", sql]).status == 0)
        let read = try CLI.python("import sys, pyarrow.parquet as pq; print(pq.read_table(sys.argv[1]).to_pylist())", [dir + "/r.parquet"])
        #expect(read.stdout.contains("{'grp': 'B', 'n': 12}"), "\(read.stdout) \(read.stderr)")
        // A device or pipe named by -o is written in place, not replaced by a renamed file.
        let piped = try CLI.run(["-C", Self.atlas.repo, "query", "--format", "csv", "-o", "/dev/stdout", sql])
        #expect(piped.stdout == "grp,n\nB,12\nNK,13\nT,13\nd1,13\n", "\(piped.stderr)")
        let refused = try CLI.run(["-C", Self.atlas.repo, "query", "--format", "parquet", sql])
        #expect(refused.status != 0 && refused.stderr.contains("needs -o"))
    }
}
