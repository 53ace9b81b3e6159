import Testing
@testable import Columnar

@Suite struct ColumnTests {
    @Test func appendMergesValidity() {
        var a = Column(type: .int64, buffer: .int64([1, 2]))
        let b = Column(type: .int64, buffer: .int64([0, 4]), validity: [false, true])
        a.append(contentsOf: b)
        #expect(a.count == 4)
        #expect(a.nullCount == 1)
        #expect(a.value(at: 2) == .null)
        #expect(a.value(at: 3) == .int(4))
    }

    /// Float columns are whole when every non-null value in the rows asked about is (NaN never is, an
    /// infinity is); integer columns always are, strings never.
    @Test func wholeNumbersAreFoundInFloatColumns() {
        let counts = Column(type: .float32, buffer: .float32([1, 0, 300, -2, 7, 16_777_216]))
        #expect(counts.holdsWholeNumbers(0..<6) && counts.holdsWholeNumbers(2..<3) && counts.holdsWholeNumbers(0..<0))
        let mixed = Column(type: .float64, buffer: .float64([1, 2, 2.5, 3, 4]))
        #expect(!mixed.holdsWholeNumbers(0..<5) && !mixed.holdsWholeNumbers(2..<3))
        #expect(mixed.holdsWholeNumbers(0..<2) && mixed.holdsWholeNumbers(3..<5))
        #expect(!Column(type: .float64, buffer: .float64([1, .nan])).holdsWholeNumbers(0..<2))
        #expect(!Column(type: .float64, buffer: .float64([1e-300])).holdsWholeNumbers(0..<1))
        #expect(Column(type: .float64, buffer: .float64([.infinity, 0x1p60])).holdsWholeNumbers(0..<2))
        // A null's stored value does not count.
        #expect(Column(type: .float32, buffer: .float32([1, 0.5, 2]), validity: [true, false, true]).holdsWholeNumbers(0..<3))
        #expect(!Column(type: .float32, buffer: .float32([1, 0.5, 2]), validity: [true, true, true]).holdsWholeNumbers(0..<3))
        #expect(Column(type: .int32, buffer: .int32([1, 2])).holdsWholeNumbers(0..<2))
        #expect(!Column(type: .string, buffer: .bytes(VarBinary(strings: ["1"]))).holdsWholeNumbers(0..<1))
    }

    @Test func varBinaryAppendsPickedValuesAndRepeats() {
        let source = VarBinary(strings: ["a", "", "héllo", "zz"])
        var v = VarBinary(strings: ["x"])
        [3, 0, 1, 3, 2].withUnsafeBufferPointer { v.append(source, at: $0) }
        #expect((0..<v.count).map(v.string(at:)) == ["x", "zz", "a", "", "zz", "héllo"])
        [UInt32]().withUnsafeBufferPointer { v.append(source, at: $0) }
        #expect(v.count == 6)
        var joined = VarBinary(strings: ["p"])
        joined.append(contentsOf: source)
        #expect((0..<joined.count).map(joined.string(at:)) == ["p", "a", "", "héllo", "zz"])
        let repeated = VarBinary(repeating: Array("ds".utf8), count: 3)
        #expect((0..<repeated.count).map(repeated.string(at:)) == ["ds", "ds", "ds"])
        // Filled by copies that double, the last one partial.
        let many = VarBinary(repeating: Array("abc".utf8), count: 1001)
        #expect(many.bytes == Array(Array(repeating: Array("abc".utf8), count: 1001).joined()) && many.string(at: 1000) == "abc")
        #expect(VarBinary(repeating: [], count: 2).offsets == [0, 0, 0])
        #expect(VarBinary(repeating: Array("a".utf8), count: 0).count == 0)
    }

    @Test func varBinaryLooksUpADictionaryExactly() {
        // Values around the 16-byte word copy's edge, the empty value, and a long one.
        let dictionary = VarBinary(strings: ["", "a", "0123456789abcdef", "0123456789abcdefg", "日本語", String(repeating: "z", count: 300)])
        let indices: [UInt32] = [2, 0, 3, 1, 5, 4, 2, 2, 0, 5, 3]
        let looked = indices.withUnsafeBufferPointer { VarBinary(dictionary, at: $0) }
        var appended = VarBinary()
        indices.withUnsafeBufferPointer { appended.append(dictionary, at: $0) }
        #expect(looked == appended)
        #expect(looked.bytes.count == looked.offsets.last)
        #expect((0..<looked.count).map(looked.string(at:)) == indices.map { dictionary.string(at: Int($0)) })
        #expect([UInt32]().withUnsafeBufferPointer { VarBinary(dictionary, at: $0) } == VarBinary())
    }

    @Test func dictionaryCodesFollowTheirRows() {
        let dictionary = VarBinary(strings: ["x", "y", "z"])
        let indices: [UInt32] = [2, 0, 1, 1, 2]
        var column = Column(type: .string, buffer: .bytes(indices.withUnsafeBufferPointer { VarBinary(dictionary, at: $0) }),
                            validity: [true, true, false, true, true])
        column.dictionary = DictionaryCodes(indices: indices, values: dictionary)
        /// Each row's code names the row's value (null rows aside).
        func consistent(_ c: Column) -> Bool {
            guard let codes = c.dictionary, case .bytes(let v) = c.buffer else { return false }
            return (0..<c.count).allSatisfy { c.isNull($0) || codes.values.string(at: Int(codes.indices[$0])) == v.string(at: $0) }
        }
        #expect(consistent(column.filter([true, false, true, false, true])))
        #expect(column.filter([true, false, true, false, true]).dictionary?.indices == [2, 1, 2])
        #expect(column.gather([4, 4, 0]).dictionary?.indices == [2, 2, 2])
        #expect(consistent(column.gather(runs: [3..<5, 0..<1])))
        #expect(column.slice(1..<3).dictionary?.indices == [0, 1])
        // Equality and hashing see the values only.
        let plain = Column(type: .string, buffer: column.buffer, validity: column.validity)
        #expect(plain == column)
        #expect(plain.hashValue == column.hashValue)
        // Appending keeps codes only over the same dictionary.
        var twice = column
        twice.append(contentsOf: column)
        #expect(twice.dictionary?.indices == indices + indices)
        #expect(consistent(twice))
        var mixed = column
        mixed.append(contentsOf: plain)
        #expect(mixed.dictionary == nil)
        var empty = Column.empty(.string)
        empty.append(contentsOf: column)
        #expect(empty.dictionary?.indices == indices)
        // New values drop codes that would no longer describe them.
        var changed = column
        changed.buffer = .bytes(VarBinary(strings: ["q", "q", "q", "q", "q"]))
        #expect(changed.dictionary == nil)
    }

    @Test func reservingRoomKeepsValues() {
        for column in [Column(type: .float32, buffer: .float32([1, 2])), Column(type: .string, buffer: .bytes(VarBinary(strings: ["a", "bc"]))),
                       Column(type: .boolean, buffer: .boolean([true]))] {
            var reserved = column
            reserved.buffer.reserveCapacity(100)
            #expect(reserved == column)
            reserved.append(contentsOf: column)
            var doubled = column
            doubled.append(contentsOf: column)
            #expect(reserved == doubled)
        }
    }

    @Test func gatherByRunsKeepsOrderAndValidity() {
        let ints = Column(type: .int32, buffer: .int32([0, 1, 2, 3, 4, 5]), validity: [true, false, true, true, true, true])
        let picked = ints.gather(runs: [4..<6, 0..<2, 3..<3])
        #expect(picked.buffer == .int32([4, 5, 0, 1]))
        #expect(picked.validity == [true, true, true, false])
        #expect(ints.gather(runs: [2..<4]).validity == nil)
        let strings = Column(type: .string, buffer: .bytes(VarBinary(strings: ["a", "bb", "", "d"])))
        guard case .bytes(let v) = strings.gather(runs: [2..<4, 0..<1]).buffer else { Issue.record("not bytes"); return }
        #expect((0..<v.count).map(v.string(at:)) == ["", "d", "a"])
    }

    @Test func writeDoublesWidensARangeOfEveryKind() {
        var out = [Double](repeating: 9, count: 8)
        out.withUnsafeMutableBufferPointer { out in
            Column(type: .uint16, buffer: .uint16([1, 2, 3, 4])).writeDoubles(1..<3, to: out.baseAddress! + 1)
            Column(type: .float64, buffer: .float64([0.5, 1.5])).writeDoubles(1..<2, to: out.baseAddress! + 3)
            Column(type: .boolean, buffer: .boolean([true, false])).writeDoubles(0..<2, to: out.baseAddress! + 4)
            Column(type: .string, buffer: .bytes(VarBinary(strings: ["a"]))).writeDoubles(0..<1, to: out.baseAddress! + 6)
        }
        #expect(out == [9, 2, 3, 1.5, 1, 0, 0, 9])
        #expect(Column(type: .int8, buffer: .int8([-1, 2])).doubles == [-1, 2])
        #expect(Column(type: .float32, buffer: .float32([0.25, -3])).doubles == [0.25, -3])
        #expect(Column(type: .float64, buffer: .float64([])).doubles == [])
    }

    @Test func varBinarySlicesRebaseOffsets() {
        let v = VarBinary(strings: ["a", "", "héllo", "z"])
        let s = v.slice(1..<3)
        #expect(s.count == 2)
        #expect(s.string(at: 0) == "")
        #expect(s.string(at: 1) == "héllo")
    }

    @Test func dataTypeSpellingsRoundTrip() {
        let all: [DataType] = [.boolean, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64,
                               .float32, .float64, .string, .binary, .date32, .timestamp(.microseconds, utc: true),
                               .timestamp(.nanoseconds, utc: false), .timestamp(.milliseconds, utc: false)]
        for t in all { #expect(DataType(t.description) == t) }
    }

    /// Runs of one row found by doubling and bisecting end where a scan would end them: runs of every
    /// length around powers of two, at the start and end of the range, and a range that stops mid-run.
    @Test func runEndsMatchAScan() {
        var rows: [UInt32] = []
        for (cell, length) in [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 1, 1500, 1, 1024, 1025, 2].enumerated() {
            rows.append(contentsOf: repeatElement(UInt32(cell), count: length))
        }
        for upper in [rows.count, rows.count - 1, 1503, 40] {
            var start = 0
            while start < upper {
                var scanned = start + 1
                while scanned < upper && rows[scanned] == rows[start] { scanned += 1 }
                #expect(rows.withUnsafeBufferPointer { $0.endOfRun(from: start, before: upper) } == scanned, "start \(start), upper \(upper)")
                start = scanned
            }
        }
    }
}
