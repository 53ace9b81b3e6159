/// One `column = expression` of an UPDATE's SET list.
public struct SQLAssignment: Hashable, Sendable {
    public var column: SQLIdentifier
    public var value: SQLExpression
}

extension SQLParser {
    /// Parses `col = expr[, col2 = expr2 ...]`, as `cairn update --set` takes it.
    public static func parseAssignments(_ text: String) throws(SQLSyntaxError) -> [SQLAssignment] {
        var parser = try SQLParser(text)
        var assignments: [SQLAssignment] = []
        repeat {
            let column = try parser.parseIdentifier(what: "a column name")
            try parser.expect(symbol: "=")
            assignments.append(SQLAssignment(column: column, value: try parser.parseExpression()))
        } while parser.consume(symbol: ",")
        guard parser.current.kind == .end else { throw parser.unexpected(expecting: ["',' or end of the SET list"]) }
        return assignments
    }
}
