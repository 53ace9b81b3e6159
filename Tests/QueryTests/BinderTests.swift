import Columnar
import Testing
@testable import Query

let cellsSchema = Schema([
    Field("cell_id", .int64), Field("cell_type", .string), Field("tissue", .string), Field("n_genes", .int32),
    Field("small", .int8), Field("big", .uint64), Field("score", .float64), Field("ratio", .float32),
    Field("is_doublet", .boolean), Field("Mixed Case", .string), Field("day", .date32),
])

private func bind(_ text: String, schema: Schema = cellsSchema) throws -> BoundExpression {
    try ExpressionBinder(schema: schema, qualifier: "cells").bind(SQLParser.parseExpression(text))
}

private func bindingError(_ text: String) -> SQLBindingError? {
    do {
        _ = try bind(text)
        return nil
    } catch let error as SQLBindingError {
        return error
    } catch {
        return SQLBindingError("unexpected \(error)")
    }
}

@Suite struct BinderNameTests {
    @Test func columnsResolveCaseInsensitivelyUnlessQuoted() throws {
        #expect(try bind("CELL_TYPE") == .column(index: 1, name: "cell_type", type: .string))
        #expect(try bind("cells.n_genes") == .column(index: 3, name: "n_genes", type: .int32))
        #expect(try bind("\"Mixed Case\"") == .column(index: 9, name: "Mixed Case", type: .string))
        #expect(bindingError("\"mixed case\"")?.message == "unknown column 'mixed case'; did you mean 'Mixed Case'?")
    }

    @Test func unknownColumnsSuggestNearestNames() {
        #expect(bindingError("cel_type = 'T'")?.message == "unknown column 'cel_type'; did you mean 'cell_type'?")
        #expect(bindingError("n_gene > 1")?.message == "unknown column 'n_gene'; did you mean 'n_genes'?")
        #expect(bindingError("zzz")?.message == "unknown column 'zzz'")
        #expect(bindingError("cels.cell_type")?.message == "unknown table or alias 'cels'; did you mean 'cells'?")
        #expect(bindingError("cells.tisue")?.message == "unknown column 'cells.tisue'; did you mean 'tissue'?")
    }

    @Test func ambiguousColumnsNameTheirTables() throws {
        let scope = BindingScope(schema: Schema([Field("id", .int64)]), qualifier: "a")
            .appending(BindingScope(schema: Schema([Field("id", .int64), Field("x", .string)]), qualifier: "b"))
        let binder = ExpressionBinder(scope: scope)
        #expect(throws: SQLBindingError("column reference 'id' is ambiguous; qualify it with one of: a, b", offset: 0)) {
            try binder.bind(SQLParser.parseExpression("id"))
        }
        #expect(try binder.bind(SQLParser.parseExpression("b.id")) == .column(index: 1, name: "id", type: .int64))
        #expect(try binder.bind(SQLParser.parseExpression("x")) == .column(index: 2, name: "x", type: .string))
    }

    @Test func errorsRenderWithACaret() throws {
        let query = "SELECT * FROM cells WHERE cel_type = 'T'"
        let statement = try SQLParser.parse(query)
        let binder = ExpressionBinder(schema: cellsSchema)
        do {
            _ = try binder.bindCondition(statement.whereClause!)
            Issue.record("no error")
        } catch {
            #expect(error.rendered(in: query) == """
                error at line 1, column 27: unknown column 'cel_type'; did you mean 'cell_type'?
                  SELECT * FROM cells WHERE cel_type = 'T'
                                            ^
                """)
        }
    }

    @Test func unknownFunctionsSuggestNearestNames() {
        #expect(bindingError("lenght(cell_type)")?.message == "unknown function 'lenght'; did you mean 'length'?")
        #expect(bindingError("round(score, 1, 2)")?.message == "round takes 1 to 2 arguments, not 3, in \"round(score, 1, 2)\"")
        #expect(bindingError("lower(n_genes)")?.message == "lower needs text, not int32, in \"lower(n_genes)\"")
    }
}

@Suite struct BinderTypeTests {
    @Test func typeErrorsNameTheExpressionAndTypes() {
        #expect(bindingError("cell_type + 1")?.message == "cannot apply '+' to string and int32 in \"cell_type + 1\"")
        #expect(bindingError("cell_type * n_genes")?.message == "cannot apply '*' to string and int32 in \"cell_type * n_genes\"")
        #expect(bindingError("'1' + 1")?.message == "cannot apply '+' to string and int32 in \"'1' + 1\"")
        #expect(bindingError("is_doublet + 1")?.message == "cannot apply '+' to bool and int32 in \"is_doublet + 1\"")
        #expect(bindingError("cell_type = n_genes")?.message == "cannot compare string and int32 in \"cell_type = n_genes\"")
        #expect(bindingError("n_genes AND is_doublet")?.message == "the argument of AND must be boolean, not int32, in \"n_genes\"")
        #expect(bindingError("NOT score")?.message == "the argument of NOT must be boolean, not float64, in \"score\"")
        #expect(bindingError("n_genes LIKE 'a%'")?.message == "LIKE needs text, not int32, in \"n_genes LIKE 'a%'\"")
        #expect(bindingError("CASE WHEN is_doublet THEN 1 ELSE cell_type END")?.message
            == "CASE results have incompatible types string and int32 in \"CASE WHEN is_doublet THEN 1 ELSE cell_type END\"")
        #expect(bindingError("day + 1")?.message == "cannot apply '+' to date32 and int32 in \"day + 1\"")
        #expect(bindingError("CAST(day AS INTEGER)")?.message == "cannot cast date32 to int32 in \"CAST(day AS INTEGER)\"")
        #expect(bindingError("n_genes = 'abc'")?.message == "could not convert string 'abc' to int32 in \"'abc'\"")
        #expect(bindingError("cell_type LIKE 'a' ESCAPE '!!'")?.message == "the ESCAPE string must be empty or one character")
    }

    @Test func integerLiteralsTakeTheOtherSidesTypeWhenTheyFit() throws {
        #expect(try bind("small + 1").type == .int8)
        #expect(try bind("small + 300").type == .int32)
        #expect(try bind("n_genes + 3000000000").type == .int64)
        #expect(try bind("big + 1").type == .uint64)
        #expect(try bind("small + n_genes").type == .int32)
        // DuckDB's arithmetic overloads: TINYINT with UTINYINT is BIGINT, SMALLINT with UTINYINT SMALLINT.
        #expect(try bind("small + CAST(1 AS UTINYINT)").type == .int64)
        #expect(try bind("CAST(small AS SMALLINT) * CAST(1 AS UTINYINT)").type == .int16)
        #expect(try bind("coalesce(small, CAST(1 AS UTINYINT))").type == .int16)
        #expect(try bind("ratio + n_genes").type == .float32)
        #expect(try bind("ratio + 1.5").type == .float32)
        #expect(try bind("ratio + 1.5e0").type == .float64)
        #expect(try bind("ratio + score").type == .float64)
        #expect(try bind("n_genes + 1.5").type == .float64)
        #expect(try bind("n_genes / 2").type == .float64)
        #expect(try bind("n_genes // 2").type == .int32)
        #expect(try bind("1 + 1").type == .int32)
        #expect(try bind("NULL + NULL").type == .int64)
        #expect(try bind("length(cell_type)").type == .int64)
        #expect(try bind("round(CAST(n_genes AS UINTEGER), -1)").type == .int64)
        #expect(try bind("coalesce(small, n_genes)").type == .int32)
        #expect(try bind("CASE WHEN is_doublet THEN small ELSE 1.5 END").type == .float64)
        // CASE and COALESCE gather their type in order, literals adapting only to what came before.
        #expect(try bind("CASE WHEN is_doublet THEN 7 WHEN is_doublet THEN small END").type == .int32)
        #expect(try bind("CASE WHEN is_doublet THEN small WHEN is_doublet THEN 7 END").type == .int8)
        #expect(try bind("CASE WHEN is_doublet THEN small ELSE 7 END").type == .int8)
        #expect(try bind("CASE WHEN is_doublet THEN 7 WHEN is_doublet THEN small ELSE 8 END").type == .int32)
        #expect(try bind("CASE WHEN is_doublet THEN -2147483648 WHEN is_doublet THEN n_genes END").type == .int64)
        #expect(try bind("CASE WHEN is_doublet THEN -2147483648 ELSE n_genes END").type == .int32)
        #expect(try bind("coalesce(7, small)").type == .int8)
        #expect(try bind("coalesce(7, 8, small)").type == .int32)
        #expect(try bind("coalesce(NULL, 7, small)").type == .int32)
        #expect(try bind("coalesce(-2147483648, n_genes, 3000000000)").type == .int64)
    }

    @Test func signedAgainstUint64ComparesExactly() throws {
        guard case .comparison(.less, let a, let b) = try bind("n_genes < big") else { Issue.record("not a comparison"); return }
        #expect(a.type == .int64 && b.type == .uint64)
        guard case .comparison(.greater, let c, let d) = try bind("big > -1") else { Issue.record("not a comparison"); return }
        #expect(c.type == .uint64 && d == .literal(.int(-1), .int64))
    }

    @Test func stringLiteralsConvertToTheOtherSide() throws {
        #expect(try bind("n_genes = '12'") == .comparison(.equal, .column(index: 3, name: "n_genes", type: .int32), .literal(.int(12), .int32)))
        #expect(try bind("is_doublet = 'yes'") == .comparison(.equal, .column(index: 8, name: "is_doublet", type: .boolean), .literal(.boolean(true), .boolean)))
        #expect(try bind("cell_type IN ('a', 'b')").type == .boolean)
    }

    @Test func constantsFoldAndFailingOnesWait() throws {
        #expect(try bind("1 + 2 * 3") == .literal(.int(7), .int32))
        #expect(try bind("upper('é' || 'x')") == .literal(.string("ÉX"), .string))
        #expect(try bind("CAST('12.5' AS INTEGER)") == .literal(.int(13), .int32))
        // 1 // 0 would raise; it stays in the tree and raises only if a row evaluates it.
        guard case .arithmetic(.integerDivide, .literal, .literal) = try bind("1 // 0") else { Issue.record("folded"); return }
        #expect(try bind("CASE WHEN n_genes > 0 THEN 1 // 0 ELSE 2 END").type == .int32)
    }

    @Test func constantConditionsSimplifyAsInDuckDB() throws {
        #expect(try bind("1 > 2 AND n_genes // 0 > 1") == .literal(.boolean(false), .boolean))
        #expect(try bind("n_genes // 0 > 1 OR TRUE") == .literal(.boolean(true), .boolean))
        #expect(try bind("100 BETWEEN 10 AND -5 AND n_genes // 0 > 1") == .literal(.boolean(false), .boolean))
        #expect(try bind("TRUE AND is_doublet") == .column(index: 8, name: "is_doublet", type: .boolean))
        guard case .and(let parts) = try bind("is_doublet AND NULL AND n_genes > 1") else { Issue.record("not AND"); return }
        #expect(parts.count == 3)
        #expect(try bind("CASE WHEN FALSE THEN 1 WHEN TRUE THEN n_genes END") == .column(index: 3, name: "n_genes", type: .int32))
        #expect(try bind("coalesce(NULL, 2, n_genes)") == .coalesce([.literal(.int(2), .int32), .column(index: 3, name: "n_genes", type: .int32)], type: .int32))
        #expect(try bind("coalesce(NULL, 2)") == .literal(.int(2), .int32))
    }

    @Test func andChainsFlattenWithoutRecursion() throws {
        let text = (0..<2000).map { "n_genes <> \($0)" }.joined(separator: " AND ")
        guard case .and(let parts) = try bind(text) else { Issue.record("not AND"); return }
        #expect(parts.count == 2000)
    }

    @Test func referencedColumns() throws {
        #expect(try bind("score * 2 > n_genes AND lower(cell_type) = 'b'").referencedColumns == [1, 3, 6])
    }
}

@Suite struct AggregateBindingTests {
    @Test func aggregateCallsAreFoundOnceEach() throws {
        let statement = try SQLParser.parse("""
            SELECT cell_type, count(*), avg(n_genes) + 1, COUNT(*) * 2 FROM cells
            GROUP BY cell_type HAVING max(score) > 0.5 ORDER BY avg(n_genes)
            """)
        let expressions = statement.items.compactMap { item -> SQLExpression? in
            if case .expression(let e, _) = item { return e } else { return nil }
        } + [statement.having!] + statement.orderBy.map(\.expression)
        let calls = ExpressionBinder.aggregateCalls(in: expressions)
        #expect(calls.map(\.description) == ["count(*)", "avg(n_genes)", "max(score)"])
        #expect(ExpressionBinder.containsAggregate(expressions[2]))
        #expect(!ExpressionBinder.containsAggregate(expressions[0]))
    }

    @Test func outputBinderReadsKeysAndAggregatesFromTheirColumns() throws {
        let input = ExpressionBinder(schema: cellsSchema, qualifier: "c")
        let select = try ["c.cell_type", "lower(tissue)", "count(*) * 2", "avg(n_genes)", "quantile_cont(score, 0.9)", "median(small)"]
            .map(SQLParser.parseExpression)
        let groupBy = try ["cell_type", "lower(tissue)"].map(SQLParser.parseExpression)
        let aggregation = try AggregateBinding(input: input, groupBy: groupBy, using: select)
        #expect(aggregation.groupKeys.map(\.type) == [.string, .string])
        #expect(aggregation.aggregates.map(\.function) == [.count, .avg, .quantileContinuous, .median])
        #expect(aggregation.aggregates.map(\.type) == [.int64, .float64, .float64, .float64])
        #expect(aggregation.aggregates.map(\.fraction) == [nil, nil, 0.9, 0.5])
        #expect(aggregation.outputScope.columns.map(\.name) == ["cell_type", "lower(tissue)", "count(*)", "avg(n_genes)", "quantile_cont(score, 0.9)", "median(small)"])
        let bound = try select.map { try aggregation.outputBinder.bind($0) }
        #expect(bound[0] == .column(index: 0, name: "cell_type", type: .string))
        #expect(bound[1] == .column(index: 1, name: "lower(tissue)", type: .string))
        #expect(bound[2] == .arithmetic(.multiply, .column(index: 2, name: "count(*)", type: .int64), .literal(.int(2), .int64)))
        #expect(bound[3] == .column(index: 3, name: "avg(n_genes)", type: .float64))
    }

    @Test func ungroupedColumnsAndMisplacedAggregatesAreErrors() throws {
        let input = ExpressionBinder(schema: cellsSchema)
        let aggregation = try AggregateBinding(input: input, groupBy: [SQLParser.parseExpression("cell_type")],
                                               using: [SQLParser.parseExpression("sum(n_genes)")])
        #expect(throws: SQLBindingError("column 'tissue' must appear in the GROUP BY clause or be used in an aggregate function", offset: 0)) {
            try aggregation.outputBinder.bind(SQLParser.parseExpression("tissue"))
        }
        #expect(throws: SQLBindingError("aggregate function count(*) is not allowed here", offset: 0)) {
            try input.bindCondition(SQLParser.parseExpression("count(*) > 1"))
        }
        #expect(throws: SQLBindingError("aggregate function calls cannot be nested, in \"sum(max(n_genes))\"", offset: 4)) {
            try input.bindAggregate(SQLParser.parseExpression("sum(max(n_genes))"))
        }
        #expect(throws: SQLBindingError("avg cannot take string, in \"avg(cell_type)\"", offset: 4)) {
            try input.bindAggregate(SQLParser.parseExpression("avg(cell_type)"))
        }
        #expect(throws: SQLBindingError("the quantile must be a constant between 0 and 1, in \"quantile(score, 2)\"", offset: 16)) {
            try input.bindAggregate(SQLParser.parseExpression("quantile(score, 2)"))
        }
        #expect(throws: SQLBindingError("aggregate functions are not allowed in GROUP BY, in \"count(*)\"", offset: 0)) {
            try AggregateBinding(input: input, groupBy: [SQLParser.parseExpression("count(*)")], using: [])
        }
    }

    @Test func aggregateSpellings() throws {
        let input = ExpressionBinder(schema: cellsSchema)
        func function(_ text: String) throws -> AggregateFunction { try input.bindAggregate(SQLParser.parseExpression(text)).function }
        #expect(try function("STDDEV(score)") == .stddevSample)
        #expect(try function("variance(score)") == .varianceSample)
        #expect(try function("quantile(score, 0.5)") == .quantileDiscrete)
        #expect(try function("mean(score)") == .avg)
        let distinct = try input.bindAggregate(SQLParser.parseExpression("count(DISTINCT cell_type)"))
        #expect(distinct.isDistinct && distinct.argument == .column(index: 1, name: "cell_type", type: .string))
        #expect(try input.bindAggregate(SQLParser.parseExpression("sum(small)")).type == .int64)
        #expect(try input.bindAggregate(SQLParser.parseExpression("min(cell_type)")).type == .string)
        #expect(try input.bindAggregate(SQLParser.parseExpression("count(*)")).argument == nil)
    }
}
