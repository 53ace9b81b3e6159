import Columnar

/// Decode side of dictionary encoding: looks indices up in a decoded dictionary page.
/// Every index is checked against the dictionary size; an out-of-range index throws
/// `ParquetError.corrupt` and leaves `out` unchanged.
public enum DictionaryDecoder {
    public static func gather(_ dictionary: [Int32], indices: UnsafeBufferPointer<UInt32>, into out: inout [Int32]) throws {
        try gatherFixed(dictionary, indices: indices, zero: 0, into: &out)
    }

    public static func gather(_ dictionary: [Int64], indices: UnsafeBufferPointer<UInt32>, into out: inout [Int64]) throws {
        try gatherFixed(dictionary, indices: indices, zero: 0, into: &out)
    }

    public static func gather(_ dictionary: [Float], indices: UnsafeBufferPointer<UInt32>, into out: inout [Float]) throws {
        try gatherFixed(dictionary, indices: indices, zero: 0, into: &out)
    }

    public static func gather(_ dictionary: [Double], indices: UnsafeBufferPointer<UInt32>, into out: inout [Double]) throws {
        try gatherFixed(dictionary, indices: indices, zero: 0, into: &out)
    }

    public static func gather(_ dictionary: [Bool], indices: UnsafeBufferPointer<UInt32>, into out: inout [Bool]) throws {
        try gatherFixed(dictionary, indices: indices, zero: false, into: &out)
    }

    /// Byte arrays: appends the dictionary entry of each index to `out`.
    public static func gather(_ dictionary: VarBinary, indices: UnsafeBufferPointer<UInt32>, into out: inout VarBinary) throws {
        try checkIndices(indices, dictionaryCount: dictionary.count)
        out.append(dictionary, at: indices)
    }

    /// Array convenience for any of the overloads above.
    public static func gather(_ dictionary: [Int64], indices: [UInt32]) throws -> [Int64] {
        var out: [Int64] = []
        try indices.withUnsafeBufferPointer { try gather(dictionary, indices: $0, into: &out) }
        return out
    }

    /// The values of a dictionary-index stream (a data page's: one byte of bit width, then hybrid runs)
    /// looked up in `dictionary` and appended to `out`, without building the indices: an RLE run appends
    /// its entry repeated, bit-packed values are unpacked and looked up a cache-sized slice at a time.
    /// Every index is checked; on a throw `out` is as it was.
    static func decodeIndexStream<T>(_ bytes: UnsafeRawBufferPointer, count: Int, dictionary: [T], into out: inout [T]) throws {
        try checkCount(count)
        guard count > 0 else { return }
        // Any index is out of range of an empty dictionary: the stream would throw before writing a slot.
        guard let fill = dictionary.first else {
            throw ParquetError.corrupt("dictionary-encoded values with an empty dictionary")
        }
        try out.appendFilled(count, with: fill) { dst in try decodeIndexStream(bytes, dictionary: dictionary, into: dst) }
    }

    /// The same, writing `dst.count` values into `dst` (a column chunk's array decoded page by page), after
    /// skipping the stream's first `skip` values (a page's rows before the first one a read keeps): runs
    /// are skipped whole and bit-packed groups of eight by their bytes, unlooked-up.
    static func decodeIndexStream<T>(_ bytes: UnsafeRawBufferPointer, dictionary: [T], skipping skip: Int = 0,
                                     into dst: UnsafeMutableBufferPointer<T>) throws {
        let count = dst.count
        guard count > 0 else { return }
        guard let width = bytes.first else { throw ParquetError.corrupt("dictionary indices: missing bit width byte") }
        guard width <= 32 else { throw ParquetError.corrupt("dictionary indices: bit width \(width) exceeds 32") }
        let slice = 512
        try dictionary.withUnsafeBufferPointer { dict in
            let indices = UnsafeMutablePointer<UInt32>.allocate(capacity: slice)
            defer { indices.deallocate() }
            let padded = width <= 8 ? lookupTable(dict, width: Int(width)) : nil
            defer {
                if let padded {
                    padded.baseAddress!.deinitialize(count: padded.count)
                    padded.deallocate()
                }
            }
            let table = padded.map(UnsafeBufferPointer.init) ?? dict
            func outside(_ index: UInt32) -> ParquetError {
                .corrupt("dictionary index \(index) out of range for a dictionary of \(dict.count) values")
            }
            var written = 0
            var unwanted = skip
            var cursor = ByteCursor(UnsafeRawBufferPointer(rebasing: bytes[1...]))
            try RLEHybridDecoder.forEachRun(&cursor, bitWidth: Int(width), count: skip + count) { index, n in
                let skipped = min(unwanted, n)
                unwanted -= skipped
                let n = n - skipped
                guard n > 0 else { return }
                guard Int(index) < dict.count else { throw outside(index) }
                (dst.baseAddress! + written).update(repeating: dict[Int(index)], count: n)
                written += n
            } packed: { packed, n in
                var packed = packed, n = n
                if unwanted > 0 {
                    guard unwanted < n else {
                        unwanted -= n
                        return
                    }
                    // Whole groups of eight are passed over by their bytes; a group cut by the first row
                    // wanted is unpacked whole and its tail kept.
                    let groups = unwanted / 8
                    packed = UnsafeRawBufferPointer(rebasing: packed[(groups * Int(width))...])
                    n -= groups * 8
                    unwanted -= groups * 8
                    if unwanted > 0 {
                        let m = min(8, n)
                        BitPacking.unpackCore(packed, count: m, bitWidth: Int(width), into: indices)
                        for k in unwanted..<m {
                            guard Int(indices[k]) < dict.count else { throw outside(indices[k]) }
                            dst[written] = dict[Int(indices[k])]
                            written += 1
                        }
                        n -= m
                        unwanted = 0
                        guard n > 0 else { return }
                        packed = UnsafeRawBufferPointer(rebasing: packed[Int(width)...])
                    }
                }
                var done = 0
                if width <= 8 {
                    // Narrow indices (small dictionaries: counts, labels) are unpacked and looked up in one
                    // pass, eight per 8-byte load, the loop specialized for the width.
                    let groups = min(n / 8, packed.count >= 8 ? (packed.count - 8) / Int(width) + 1 : 0)
                    var largest: UInt32 = 0
                    let out = dst.baseAddress! + written
                    lookupGroups(packed, groups, Int(width), table, out, &largest)
                    if width > 0 {
                        guard Int(largest) < dict.count else { throw outside(largest) }
                        done = groups * 8
                        written += done
                    }
                }
                while done < n {
                    let m = min(slice, n - done)
                    let bitOffset = done * Int(width)  // a multiple of 8 bits: slices are whole groups
                    BitPacking.unpackCore(UnsafeRawBufferPointer(rebasing: packed[(bitOffset / 8)...]), count: m,
                                          bitWidth: Int(width), into: indices)
                    var largest: UInt32 = 0
                    for k in 0..<m { largest = max(largest, indices[k]) }
                    guard Int(largest) < dict.count else { throw outside(largest) }
                    for k in 0..<m { dst[written + k] = dict[Int(indices[k])] }
                    written += m
                    done += m
                }
            }
        }
    }

    /// Looks up `groups` groups of 8 bit-packed indices of `width` (0…8) bits in `dict`, which holds at
    /// least `1 << width` entries (see `lookupTable`): each group is `width` bytes, read with one 8-byte
    /// load (the caller guarantees 8 readable bytes at every group). The largest index raises `largest`,
    /// for the caller to refuse the page when it is past the dictionary.
    /// Width 0 (every index 0) is left to the caller's general loop. Each width gets a loop of its own,
    /// its width a type, so that every shift is a constant (passed as an argument, even to an
    /// `@inline(__always)` function, the width stayed a variable: one loop for all widths).
    private static func lookupGroups<T>(_ packed: UnsafeRawBufferPointer, _ groups: Int, _ width: Int,
                                        _ dict: UnsafeBufferPointer<T>, _ out: UnsafeMutablePointer<T>, _ largest: inout UInt32) {
        switch width {
        case 1: lookupFixed(BitWidth1.self, packed, groups, dict, out, &largest)
        case 2: lookupFixed(BitWidth2.self, packed, groups, dict, out, &largest)
        case 3: lookupFixed(BitWidth3.self, packed, groups, dict, out, &largest)
        case 4: lookupFixed(BitWidth4.self, packed, groups, dict, out, &largest)
        case 5: lookupFixed(BitWidth5.self, packed, groups, dict, out, &largest)
        case 6: lookupFixed(BitWidth6.self, packed, groups, dict, out, &largest)
        case 7: lookupFixed(BitWidth7.self, packed, groups, dict, out, &largest)
        case 8: lookupFixed(BitWidth8.self, packed, groups, dict, out, &largest)
        default: break
        }
    }

    /// The loop of `lookupGroups` for one width.
    private static func lookupFixed<Width: StaticBitWidth, T>(_: Width.Type, _ packed: UnsafeRawBufferPointer, _ groups: Int,
                                                              _ dict: UnsafeBufferPointer<T>, _ out: UnsafeMutablePointer<T>,
                                                              _ largest: inout UInt32) {
        guard groups > 0, let base = packed.baseAddress, let table = dict.baseAddress else { return }
        let width = Width.bits
        let mask: UInt64 = (1 << UInt64(width)) &- 1
        var high: UInt64 = 0
        for g in 0..<groups {
            let word = UInt64(littleEndian: (base + g &* width).loadUnaligned(as: UInt64.self))
            let target = out + g &* 8
            for k in 0..<8 {
                let index = (word &>> UInt64(k &* width)) & mask
                high = max(high, index)
                target[k] = table[Int(index)]  // the table has 1 << width entries
            }
        }
        largest = max(largest, UInt32(truncatingIfNeeded: high))
    }

    /// The dictionary padded with copies of its last entry to `1 << width` entries, so that any index of
    /// `width` bits reads inside it and `lookupGroups` need not clamp each one (the page is refused after
    /// the lookup when an index was past the dictionary); nil when it is as long already.
    private static func lookupTable<T>(_ dict: UnsafeBufferPointer<T>, width: Int) -> UnsafeMutableBufferPointer<T>? {
        let size = 1 << width
        guard dict.count < size, let last = dict.last else { return nil }
        let table = UnsafeMutableBufferPointer<T>.allocate(capacity: size)
        _ = table.initialize(fromContentsOf: dict)
        table.baseAddress!.advanced(by: dict.count).initialize(repeating: last, count: size - dict.count)
        return table
    }

    static func checkIndices(_ indices: UnsafeBufferPointer<UInt32>, dictionaryCount: Int) throws {
        var largest: UInt32 = 0
        for i in indices { largest = max(largest, i) }  // branch-free: it vectorizes
        guard indices.isEmpty || Int(largest) < dictionaryCount else {
            throw ParquetError.corrupt("dictionary index \(largest) out of range for a dictionary of \(dictionaryCount) values")
        }
    }

    static func gatherFixed<T>(_ dictionary: [T], indices: UnsafeBufferPointer<UInt32>, zero: T, into out: inout [T]) throws {
        try checkIndices(indices, dictionaryCount: dictionary.count)
        guard !indices.isEmpty else { return }
        try out.appendFilled(indices.count, with: zero) { dst in
            dictionary.withUnsafeBufferPointer { dict in
                for (k, i) in indices.enumerated() { dst[k] = dict[Int(i)] }
            }
        }
    }
}
