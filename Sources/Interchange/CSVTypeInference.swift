import Columnar

/// Infers one column's type from *all* of its values (never a sample), one value at a time.
///
/// Nulls (see `CSVNullRules`) are ignored; a column with no other values is `string`.
/// Otherwise the first rule every value satisfies wins:
/// 1. `bool`: every value is `true` / `false` (any case).
/// 2. `int64`: every value is an integer (see `CSVNumberParsing`) that fits Int64.
/// 3. `uint64`: every value is a non-negative integer, some above Int64.max, all within UInt64.
/// 4. `string`: every value is an integer but no integer type holds them all (one beyond UInt64,
///    or negatives alongside values above Int64.max). A double would round them, so the column
///    stays text to keep the digits exact.
/// 5. `float64`: every value is a float (integers included: mixing `1` and `2.5` widens to float64,
///    and then integers beyond 2^53 round, as in any float column); `inf`, `-inf`, `nan` allowed.
/// 6. `date32`: every value is `YYYY-MM-DD`.
/// 7. `timestamp[us]`: every value is a timestamp without offset, or a date (midnight).
/// 8. `timestamp[us, UTC]`: every value is a timestamp with `Z` or `±HH:MM`. Mixing values with
///    and without offsets gives `string`: a naive time has no zone to convert from.
///    Fractions finer than microseconds give `string` too, rather than dropping digits.
/// 9. `string` otherwise. A string column must be valid UTF-8 (`firstInvalidUTF8Line`).
struct ColumnTypeInference {
    /// Values that were not null in any column type.
    private(set) var valueCount = 0
    /// The first line holding a value that is not valid UTF-8, which matters if the column is text.
    private(set) var firstInvalidUTF8Line: Int?

    private var checksTypes: Bool
    private var couldBeBoolean = true
    private var couldBeNumber = true
    private var allIntegers = true
    private var sawNegative = false
    private var sawAboveInt64 = false
    private var sawBeyondUInt64 = false
    private var couldBeDate = true
    private var couldBeNaiveTimestamp = true
    private var couldBeUTCTimestamp = true

    /// `checksTypes: false` only tracks UTF-8 validity, for columns whose type is given.
    init(checksTypes: Bool = true) {
        self.checksTypes = checksTypes
    }

    private var anyTypedCandidateLeft: Bool {
        couldBeBoolean || couldBeNumber || couldBeDate || couldBeNaiveTimestamp || couldBeUTCTimestamp
    }

    mutating func observe(_ field: UnsafeBufferPointer<UInt8>, quoted: Bool, line: Int) {
        if CSVNullRules.isNull(field, quoted: quoted, textual: true) { return }
        if firstInvalidUTF8Line == nil && !UTF8Validation.isValid(field) { firstInvalidUTF8Line = line }
        // `NA` / `null` / `NULL` are null unless the column ends up text, where they are ASCII text.
        if CSVNullRules.isNull(field, quoted: quoted, textual: false) { return }
        valueCount += 1
        guard checksTypes && anyTypedCandidateLeft else { return }

        if couldBeBoolean && CSVNumberParsing.parseBoolean(field) == nil { couldBeBoolean = false }
        if couldBeNumber { observeNumber(field) }
        if couldBeDate || couldBeNaiveTimestamp || couldBeUTCTimestamp { observeTemporal(field) }
    }

    private mutating func observeNumber(_ field: UnsafeBufferPointer<UInt8>) {
        if allIntegers && CSVNumberParsing.isIntegerSyntax(field) {
            if let value = CSVNumberParsing.parseInteger(field, as: Int64.self) {
                if value < 0 { sawNegative = true }
            } else if CSVNumberParsing.parseInteger(field, as: UInt64.self) != nil {
                sawAboveInt64 = true
            } else {
                sawBeyondUInt64 = true
            }
            return
        }
        if CSVNumberParsing.isIntegerSyntax(field) { return }   // still a valid float
        allIntegers = false
        if !CSVNumberParsing.isFloatSyntax(field) { couldBeNumber = false }
    }

    private mutating func observeTemporal(_ field: UnsafeBufferPointer<UInt8>) {
        if CSVTemporalParsing.parseDate(field) != nil {
            couldBeUTCTimestamp = false
            return
        }
        couldBeDate = false
        guard let timestamp = CSVTemporalParsing.parseTimestamp(field), timestamp.fractionDigits <= 6 else {
            couldBeNaiveTimestamp = false
            couldBeUTCTimestamp = false
            return
        }
        if timestamp.hasOffset { couldBeNaiveTimestamp = false } else { couldBeUTCTimestamp = false }
    }

    var inferredType: DataType {
        guard checksTypes && valueCount > 0 else { return .string }
        if couldBeBoolean { return .boolean }
        if couldBeNumber {
            if !allIntegers { return .float64 }
            if sawBeyondUInt64 || (sawAboveInt64 && sawNegative) { return .string }
            return sawAboveInt64 ? .uint64 : .int64
        }
        if couldBeDate { return .date32 }
        if couldBeNaiveTimestamp { return .timestamp(.microseconds, utc: false) }
        if couldBeUTCTimestamp { return .timestamp(.microseconds, utc: true) }
        return .string
    }
}
