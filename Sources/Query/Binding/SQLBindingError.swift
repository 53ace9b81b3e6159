/// A query that parses but does not make sense against its tables: an unknown name, a type that does
/// not fit an operator, an aggregate where none may be.
public struct SQLBindingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// UTF-8 offset in the query of the expression at fault, when known.
    public var offset: Int?

    public init(_ message: String, offset: Int? = nil) {
        self.message = message
        self.offset = offset
    }

    public var description: String { message }

    /// The message, and when the position is known, the query line with a caret under it.
    public func rendered(in query: String) -> String {
        guard let offset else { return "error: \(message)" }
        let place = SourceLocation(offset: offset, in: query)
        return "error at line \(place.line), column \(place.column): \(message)\n" + place.caretSnippet
    }
}
