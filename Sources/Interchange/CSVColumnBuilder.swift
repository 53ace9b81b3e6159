import Columnar

/// Accumulates one column of a batch from field bytes.
protocol CSVColumnBuilder: AnyObject {
    /// Appends the field's value (or a null); `false` if the field is not a valid value of the type.
    func append(_ field: UnsafeBufferPointer<UInt8>, quoted: Bool) -> Bool
    /// The column so far; the builder starts over empty.
    func finish() -> Column
}

/// The builder for `type`, reserving room for `capacity` rows.
func makeColumnBuilder(for type: DataType, capacity: Int) -> CSVColumnBuilder {
    switch makeTypedColumnBuilder(for: type, capacity: capacity) {
    case let builder as FixedWidthColumnBuilder<Bool>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<Int8>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<Int16>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<Int32>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<Int64>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<UInt8>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<UInt16>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<UInt32>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<UInt64>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<Float>: return SpecializedColumnBuilder(builder)
    case let builder as FixedWidthColumnBuilder<Double>: return SpecializedColumnBuilder(builder)
    case let builder: return builder
    }
}

/// Calls a `FixedWidthColumnBuilder<T>` through closures made where `T` is concrete.
///
/// Methods of a generic class reached through a protocol run their unspecialized generic body,
/// which looks up `Array<T>` metadata on every append (a fifth of the whole load time); closures
/// created in a concrete context call the specialized body instead.
private final class SpecializedColumnBuilder: CSVColumnBuilder {
    private let appendField: (UnsafeBufferPointer<UInt8>, Bool) -> Bool
    private let finishColumn: () -> Column

    init<T>(_ builder: FixedWidthColumnBuilder<T>) {
        appendField = { builder.append($0, quoted: $1) }
        finishColumn = { builder.finish() }
    }

    func append(_ field: UnsafeBufferPointer<UInt8>, quoted: Bool) -> Bool { appendField(field, quoted) }
    func finish() -> Column { finishColumn() }
}

private func makeTypedColumnBuilder(for type: DataType, capacity: Int) -> CSVColumnBuilder {
    switch type {
    case .boolean:
        return FixedWidthColumnBuilder<Bool>(type: type, capacity: capacity, placeholder: false, wrap: ColumnBuffer.boolean, parse: CSVNumberParsing.parseBoolean)
    // Concrete closures per integer type, so each parse is specialized rather than generic.
    case .int8: return integerBuilder(type, capacity, ColumnBuffer.int8) { CSVNumberParsing.parseInteger($0, as: Int8.self) }
    case .int16: return integerBuilder(type, capacity, ColumnBuffer.int16) { CSVNumberParsing.parseInteger($0, as: Int16.self) }
    case .int32: return integerBuilder(type, capacity, ColumnBuffer.int32) { CSVNumberParsing.parseInteger($0, as: Int32.self) }
    case .int64: return integerBuilder(type, capacity, ColumnBuffer.int64) { CSVNumberParsing.parseInteger($0, as: Int64.self) }
    case .uint8: return integerBuilder(type, capacity, ColumnBuffer.uint8) { CSVNumberParsing.parseInteger($0, as: UInt8.self) }
    case .uint16: return integerBuilder(type, capacity, ColumnBuffer.uint16) { CSVNumberParsing.parseInteger($0, as: UInt16.self) }
    case .uint32: return integerBuilder(type, capacity, ColumnBuffer.uint32) { CSVNumberParsing.parseInteger($0, as: UInt32.self) }
    case .uint64: return integerBuilder(type, capacity, ColumnBuffer.uint64) { CSVNumberParsing.parseInteger($0, as: UInt64.self) }
    case .float32:
        return FixedWidthColumnBuilder<Float>(type: type, capacity: capacity, placeholder: 0, wrap: ColumnBuffer.float32, parse: CSVNumberParsing.parseFloat)
    case .float64:
        return FixedWidthColumnBuilder<Double>(type: type, capacity: capacity, placeholder: 0, wrap: ColumnBuffer.float64, parse: CSVNumberParsing.parseDouble)
    case .date32:
        return FixedWidthColumnBuilder<Int32>(type: type, capacity: capacity, placeholder: 0, wrap: ColumnBuffer.int32, parse: CSVTemporalParsing.parseDate)
    case .timestamp(let unit, let utc):
        return FixedWidthColumnBuilder<Int64>(type: type, capacity: capacity, placeholder: 0, wrap: ColumnBuffer.int64) { field in
            timestampTicks(field, unit: unit, utc: utc)
        }
    case .string, .binary:
        return VarBinaryColumnBuilder(type: type, capacity: capacity)
    }
}

private func integerBuilder<T: FixedWidthInteger>(_ type: DataType, _ capacity: Int, _ wrap: @escaping ([T]) -> ColumnBuffer,
                                                  parse: @escaping (UnsafeBufferPointer<UInt8>) -> T?) -> CSVColumnBuilder {
    FixedWidthColumnBuilder<T>(type: type, capacity: capacity, placeholder: 0, wrap: wrap, parse: parse)
}

/// A timestamp in `unit`. A date alone means midnight. A UTC column takes naive values as UTC; a
/// naive column rejects values with an offset, which it could only store by changing their meaning.
private func timestampTicks(_ field: UnsafeBufferPointer<UInt8>, unit: DataType.TimeUnit, utc: Bool) -> Int64? {
    if let days = CSVTemporalParsing.parseDate(field) {
        return CSVTemporalParsing.Timestamp(epochSeconds: Int64(days) * 86_400, nanoseconds: 0, fractionDigits: 0, hasOffset: false).ticks(unit)
    }
    guard let timestamp = CSVTemporalParsing.parseTimestamp(field), utc || !timestamp.hasOffset else { return nil }
    return timestamp.ticks(unit)
}

/// Values of one fixed-width Swift type; null slots hold `T`'s placeholder (zero / false).
final class FixedWidthColumnBuilder<T>: CSVColumnBuilder {
    private let type: DataType
    private let capacity: Int
    private let wrap: ([T]) -> ColumnBuffer
    private let parse: (UnsafeBufferPointer<UInt8>) -> T?
    private let placeholder: T
    private var values: [T] = []
    private var validity: [Bool] = []
    private var hasNull = false

    init(type: DataType, capacity: Int, placeholder: T, wrap: @escaping ([T]) -> ColumnBuffer,
         parse: @escaping (UnsafeBufferPointer<UInt8>) -> T?) {
        self.type = type
        self.capacity = capacity
        self.wrap = wrap
        self.parse = parse
        self.placeholder = placeholder
        reserve()
    }

    private func reserve() {
        values.reserveCapacity(capacity)
        validity.reserveCapacity(capacity)
    }

    func append(_ field: UnsafeBufferPointer<UInt8>, quoted: Bool) -> Bool {
        if CSVNullRules.isNull(field, quoted: quoted, textual: false) {
            values.append(placeholder)
            validity.append(false)
            hasNull = true
            return true
        }
        guard let value = parse(field) else { return false }
        values.append(value)
        validity.append(true)
        return true
    }

    func finish() -> Column {
        let column = Column(type: type, buffer: wrap(values), validity: hasNull ? validity : nil)
        values = []
        validity = []
        hasNull = false
        reserve()
        return column
    }
}

/// Strings and binary values; only an empty unquoted field is null. UTF-8 validity of string
/// columns is checked while inferring (pass 1), so this pass copies bytes without looking at them.
final class VarBinaryColumnBuilder: CSVColumnBuilder {
    private let type: DataType
    private let capacity: Int
    private var values = VarBinary()
    private var validity: [Bool] = []
    private var hasNull = false

    init(type: DataType, capacity: Int) {
        self.type = type
        self.capacity = capacity
        reserve()
    }

    private func reserve() {
        values.reserve(values: capacity, bytes: 0)
        validity.reserveCapacity(capacity)
    }

    func append(_ field: UnsafeBufferPointer<UInt8>, quoted: Bool) -> Bool {
        if CSVNullRules.isNull(field, quoted: quoted, textual: true) {
            values.appendEmpty()
            validity.append(false)
            hasNull = true
        } else {
            values.append(bytes: field)
            validity.append(true)
        }
        return true
    }

    func finish() -> Column {
        let column = Column(type: type, buffer: .bytes(values), validity: hasNull ? validity : nil)
        values = VarBinary()
        validity = []
        hasNull = false
        reserve()
        return column
    }
}
