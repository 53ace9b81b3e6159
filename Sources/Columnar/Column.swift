/// A typed column: values plus an optional validity mask (`nil` means no nulls).
public struct Column: Hashable, Sendable {
    public var type: DataType
    /// Changing the values drops `dictionary`, which would no longer describe them.
    public var buffer: ColumnBuffer {
        didSet { dictionary = nil }
    }
    /// `validity[i] == false` marks row `i` null. Same length as `buffer` when present.
    public var validity: [Bool]?
    /// For a string or binary column read from dictionary-encoded pages: the same values as codes into
    /// the stored dictionary. A second view of `buffer`, so it takes no part in equality.
    public var dictionary: DictionaryCodes? {
        willSet { precondition(newValue.map { $0.indices.count == buffer.count } ?? true, "Column: dictionary codes' length differs") }
    }

    public init(type: DataType, buffer: ColumnBuffer, validity: [Bool]? = nil) {
        precondition(buffer.stores(type), "Column: buffer kind does not store \(type)")
        precondition(validity == nil || validity!.count == buffer.count, "Column: validity length differs")
        self.type = type
        self.buffer = buffer
        self.validity = validity
    }

    public static func == (a: Column, b: Column) -> Bool {
        a.type == b.type && a.buffer == b.buffer && a.validity == b.validity
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(buffer)
        hasher.combine(validity)
    }

    public static func empty(_ type: DataType) -> Column {
        Column(type: type, buffer: .empty(for: type))
    }

    public var count: Int { buffer.count }

    public var nullCount: Int { validity.map { $0.count { !$0 } } ?? 0 }

    public func isNull(_ i: Int) -> Bool { validity.map { !$0[i] } ?? false }

    public func value(at i: Int) -> Value {
        if isNull(i) { return .null }
        switch buffer {
        case .boolean(let v): return .boolean(v[i])
        case .int8(let v): return .int(Int64(v[i]))
        case .int16(let v): return .int(Int64(v[i]))
        case .int32(let v): return .int(Int64(v[i]))
        case .int64(let v): return .int(v[i])
        case .uint8(let v): return .uint(UInt64(v[i]))
        case .uint16(let v): return .uint(UInt64(v[i]))
        case .uint32(let v): return .uint(UInt64(v[i]))
        case .uint64(let v): return .uint(v[i])
        case .float32(let v): return .double(Double(v[i]))
        case .float64(let v): return .double(v[i])
        case .bytes(let v): return type == .binary ? .bytes(Array(v.bytes[v.byteRange(i)])) : .string(v.string(at: i))
        }
    }

    public func slice(_ range: Range<Int>) -> Column {
        var sliced = Column(type: type, buffer: buffer.slice(range), validity: validity.map { Array($0[range]) })
        sliced.dictionary = dictionary.map { DictionaryCodes(indices: Array($0.indices[range]), values: $0.values) }
        return sliced
    }

    /// Appends `other`, which must have the same type.
    public mutating func append(contentsOf other: Column) {
        precondition(other.type == type, "Column.append: type \(other.type) differs from \(type)")
        if validity != nil || other.validity != nil {
            var mask = validity ?? Array(repeating: true, count: count)
            mask.append(contentsOf: other.validity ?? Array(repeating: true, count: other.count))
            validity = mask
        }
        // Codes survive when both sides index the same dictionary (pages of one column chunk).
        var codes: DictionaryCodes?
        if var mine = count == 0 ? other.dictionary : dictionary, let theirs = other.dictionary, mine.sharesValues(with: theirs) {
            if count > 0 { mine.indices.append(contentsOf: theirs.indices) }
            codes = mine
        }
        buffer.append(contentsOf: other.buffer)
        dictionary = codes
    }
}
