/// Random whole queries over the join test tables (`JoinDifferentialTests.tables`): one table or a chain
/// of inner and left joins on the tables' relationships, with conditions on any side (in ON and WHERE),
/// grouped or plain select lists, and now and then wrapped in a common table expression or a subquery in
/// FROM, or filtered by an IN subquery. Seeded, so a failure names a reproducible query.
struct QueryGenerator {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    private struct Relation {
        var table: String
        var alias: String
        var numeric: [String]
        var text: [String]
    }

    private static let expression = Relation(table: "expression", alias: "e", numeric: ["cell_id", "gene_id", "value"], text: [])
    private static let cells = Relation(table: "cells", alias: "c", numeric: ["cell_id", "score"], text: ["cell_type", "donor"])
    private static let genes = Relation(table: "genes", alias: "g", numeric: ["gene_id"], text: ["symbol", "chrom"])
    private static let donors = Relation(table: "donors", alias: "d", numeric: ["age"], text: ["donor"])

    private mutating func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }
    private mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    private mutating func condition(_ r: Relation) -> String {
        let a = r.alias
        if !r.text.isEmpty && chance(45) {
            let column = pick(r.text)
            let values: [String: [String]] = [
                "cell_type": ["'B'", "'T'", "'NK'", "'Mono'"], "donor": ["'d1'", "'d2'", "'d3'", "'d5'"],
                "symbol": ["'G1'", "'G5'", "'G11'"], "chrom": ["'chr1'", "'chr2'", "'chr3'"],
            ]
            let options = values[column] ?? ["'x'"]
            switch random.next() % 5 {
            case 0: return "\(a).\(column) = \(pick(options))"
            case 1: return "\(a).\(column) IN (\(pick(options)), \(pick(options)))"
            case 2: return "\(a).\(column) IS NULL"
            case 3: return "\(a).\(column) <> \(pick(options))"
            default: return "\(a).\(column) LIKE '%\(pick(["1", "2", "o", "d"]))%'"
            }
        }
        let column = pick(r.numeric)
        let constant: String
        switch column {
        case "score": constant = pick(["0.2", "0.5", "0.8"])
        case "value": constant = pick(["1", "2.5", "4"])
        case "age": constant = pick(["30", "45", "50"])
        default: constant = String(random.next() % 40)
        }
        switch random.next() % 4 {
        case 0: return "\(a).\(column) > \(constant)"
        case 1: return "\(a).\(column) <= \(constant)"
        case 2: return "\(a).\(column) IS NOT NULL"
        default: return "(\(a).\(column) < \(constant) OR \(a).\(column) IS NULL)"
        }
    }

    /// One query, ending in an ORDER BY over every output column.
    mutating func next() -> String {
        // FROM: a single table, or a chain along the relationships.
        var relations: [Relation] = []
        var from: String
        switch random.next() % 6 {
        case 0:
            let r = pick([Self.expression, Self.cells, Self.genes, Self.donors])
            relations = [r]
            from = "\(r.table) \(r.alias)"
        case 1, 2:
            relations = [Self.expression, Self.cells]
            from = "expression e \(pick(["JOIN", "LEFT JOIN"])) cells c ON e.cell_id = c.cell_id"
        case 3:
            relations = [Self.cells, Self.donors]
            from = "cells c \(pick(["JOIN", "LEFT JOIN"])) donors d ON c.donor = d.donor"
        case 4:
            relations = [Self.expression, Self.genes]
            from = "expression e \(pick(["JOIN", "LEFT JOIN"])) genes g ON e.gene_id = g.gene_id"
        default:
            relations = [Self.expression, Self.cells, Self.genes]
            from = "expression e \(pick(["JOIN", "LEFT JOIN"])) cells c ON e.cell_id = c.cell_id "
                + "\(pick(["JOIN", "LEFT JOIN"])) genes g ON e.gene_id = g.gene_id"
        }
        if relations.count > 1 && chance(25) { from += " AND " + condition(pick(relations)) }

        var conditions: [String] = []
        for _ in 0..<(random.next() % 3) { conditions.append(condition(pick(relations))) }
        if chance(12) {
            let sub = pick(["e.cell_id IN (SELECT cell_id FROM cells WHERE cell_type = 'T')",
                            "c.donor NOT IN (SELECT donor FROM donors WHERE age > 40)",
                            "e.gene_id IN (SELECT gene_id FROM genes WHERE chrom = 'chr1')",
                            "e.value > (SELECT avg(value) FROM expression)"])
            if relations.contains(where: { sub.hasPrefix($0.alias + ".") }) { conditions.append(sub) }
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: pick([" AND ", " OR "]))

        // SELECT: grouped (one or two keys, a few aggregates) or plain columns.
        let columns = relations.flatMap { r in (r.numeric + r.text).map { "\(r.alias).\($0)" } }
        var select: [String]
        var groupBy = ""
        if chance(55) {
            let keys = (0..<(1 + random.next() % 2)).map { _ in pick(columns) }
            let numeric = relations.flatMap { r in r.numeric.map { "\(r.alias).\($0)" } }
            var aggregates = ["count(*)"]
            for _ in 0..<(1 + random.next() % 2) {
                let column = pick(numeric)
                aggregates.append(pick(["count(\(column))", "min(\(column))", "max(\(column))", "round(sum(\(column)), 6)", "round(avg(\(column)), 6)", "count(DISTINCT \(column))"]))
            }
            select = keys + aggregates
            groupBy = " GROUP BY " + (1...keys.count).map(String.init).joined(separator: ", ")
        } else {
            select = (0..<(1 + random.next() % 3)).map { _ in pick(columns) }
        }
        let order = " ORDER BY " + (1...select.count).map(String.init).joined(separator: ", ")
        let query = "SELECT \(select.joined(separator: ", ")) FROM \(from)\(whereClause)\(groupBy)"

        // Now and then the same question through a common table expression or a subquery in FROM.
        switch random.next() % 8 {
        case 0:
            let names = (0..<select.count).map { "k\($0)" }
            return "WITH q(\(names.joined(separator: ", "))) AS (\(query)) SELECT * FROM q\(order)"
        case 1:
            let aliased = select.enumerated().map { "\($0.element) AS k\($0.offset)" }
            let inner = "SELECT \(aliased.joined(separator: ", ")) FROM \(from)\(whereClause)\(groupBy)"
            return "SELECT s.* FROM (\(inner)) s\(order)"
        default:
            return query + order
        }
    }
}
