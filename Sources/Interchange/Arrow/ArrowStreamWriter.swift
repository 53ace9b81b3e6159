/// Where an Arrow stream goes: a file or a pipe.
public protocol ArrowByteSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// Writes the Arrow IPC streaming format (what `pyarrow.ipc.open_stream` reads): a Schema message, one
/// RecordBatch message per `write`, and the end-of-stream marker. Each message is an encapsulated message:
/// the continuation marker, the metadata length, the FlatBuffers `Message` padded to 8 bytes, then the body,
/// whose buffers (validity bitmap first, then offsets and values, depth first) are each padded to 8 bytes.
public struct ArrowStreamWriter<Sink: ArrowByteSink> {
    public private(set) var sink: Sink
    public let fields: [ArrowField]
    /// Where each record batch's message starts (counting from `startOffset`), and its two lengths: what
    /// the IPC file format's footer lists.
    public private(set) var recordBatchBlocks: [ArrowBlock] = []
    /// Bytes handed to the sink so far, plus `startOffset`.
    public private(set) var offset: Int
    /// Whether a message reaches the sink in one write, assembled in a frame (a pipe's reader then wakes
    /// once per message), or its body buffers go to the sink as they are (no copy: a file).
    private let gathersMessages: Bool
    private var frame: [UInt8] = []

    /// `startOffset`: bytes already in the output before the stream (the file format's magic).
    public init(sink: Sink, fields: [ArrowField], startOffset: Int = 0, gathersMessages: Bool = true) throws {
        self.sink = sink
        self.fields = fields
        self.offset = startOffset
        self.gathersMessages = gathersMessages
        try emit(headerType: 1, header: Self.schema(fields), body: [])
    }

    /// Schema.fbs `Schema`: little endian, the fields.
    static func schema(_ fields: [ArrowField]) -> FlatValue {
        .table([.int16(0), .offset(.tables(fields.map(\.flat)))])
    }

    /// Writes one record batch of `rows` rows; `columns` match `fields`.
    public mutating func write(rows: Int, columns: [ArrowArray]) throws {
        precondition(columns.count == fields.count, "ArrowStreamWriter: \(columns.count) columns for \(fields.count) fields")
        var nodes: [(length: Int, nulls: Int)] = []
        var buffers: [BodyPart] = []
        for column in columns { Self.flatten(column, nodes: &nodes, buffers: &buffers) }
        var layout: [UInt8] = []
        var nodeBytes: [UInt8] = []
        for node in nodes { nodeBytes.appendLittleEndian(Int64(node.length)); nodeBytes.appendLittleEndian(Int64(node.nulls)) }
        var bodyOffset = 0
        for part in buffers {
            layout.appendLittleEndian(Int64(bodyOffset))
            layout.appendLittleEndian(Int64(part.byteCount))
            bodyOffset += Self.padded(part.byteCount)
        }
        let header = FlatValue.table([.int64(Int64(rows)), .offset(.structs(bytes: nodeBytes, count: nodes.count, alignment: 8)),
                                      .offset(.structs(bytes: layout, count: buffers.count, alignment: 8))])
        let start = offset
        let (metadataLength, bodyLength) = try emit(headerType: 3, header: header, body: buffers)
        recordBatchBlocks.append(ArrowBlock(offset: start, metadataLength: metadataLength, bodyLength: bodyLength))
    }

    /// Writes the end-of-stream marker.
    public mutating func finish() throws {
        let eos: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
        try eos.withUnsafeBytes { try put($0) }
    }

    private enum BodyPart {
        case bitmap([UInt8])
        case buffer(ArrowBuffer)
        case offsets([Int32])

        var byteCount: Int {
            switch self {
            case .bitmap(let bytes): return bytes.count
            case .buffer(let buffer): return buffer.byteCount
            case .offsets(let offsets): return offsets.count * 4
            }
        }
    }

    private static func padded(_ n: Int) -> Int { (n + 7) & ~7 }

    private static func bitmap(_ flags: [Bool]) -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: (flags.count + 7) / 8)
        for (i, flag) in flags.enumerated() where flag { bits[i >> 3] |= 1 << UInt8(i & 7) }
        return bits
    }

    private static func flatten(_ array: ArrowArray, nodes: inout [(length: Int, nulls: Int)], buffers: inout [BodyPart]) {
        nodes.append((array.count, array.nullCount))
        // A column without nulls has an empty validity buffer.
        buffers.append(.bitmap(array.nullCount > 0 ? bitmap(array.validity!) : []))
        switch array {
        case .fixed(_, _, let values): buffers.append(.buffer(values))
        case .bool(let values, _): buffers.append(.bitmap(bitmap(values)))
        case .variable(let offsets, let data, _):
            buffers.append(.offsets(offsets))
            buffers.append(.buffer(data))
        case .list(let offsets, let element, _):
            buffers.append(.offsets(offsets))
            flatten(element, nodes: &nodes, buffers: &buffers)
        }
    }

    /// Writes one encapsulated message; returns its metadata's length (the prefix included) and its body's.
    @discardableResult
    private mutating func emit(headerType: UInt8, header: FlatValue, body: [BodyPart]) throws -> (metadata: Int, body: Int) {
        let bodyLength = body.reduce(0) { $0 + Self.padded($1.byteCount) }
        let message = FlatBufferEncoder.encode(.table([.int16(4), .uint8(headerType), .offset(header), .int64(Int64(bodyLength))]))
        let metadataLength = Self.padded(message.count)
        frame.removeAll(keepingCapacity: true)
        frame.reserveCapacity(8 + metadataLength + (gathersMessages ? bodyLength : 0))
        frame.appendLittleEndian(UInt32(0xFFFF_FFFF))
        frame.appendLittleEndian(Int32(metadataLength))
        frame.append(contentsOf: message)
        frame.append(contentsOf: repeatElement(0, count: metadataLength - message.count))
        let zeros = [UInt8](repeating: 0, count: 8)
        for part in body {
            switch part {
            case .bitmap(let bytes): frame.append(contentsOf: bytes)
            case .offsets(let offsets): offsets.withUnsafeBytes { frame.append(contentsOf: $0) }
            case .buffer(let buffer) where gathersMessages: try buffer.withBytes { frame.append(contentsOf: $0) }
            case .buffer(let buffer):
                // The frame so far (the metadata, small parts and padding) goes first, then the buffer as it is.
                try frame.withUnsafeBytes { try put($0) }
                frame.removeAll(keepingCapacity: true)
                try buffer.withBytes { try put($0) }
            }
            frame.append(contentsOf: zeros[..<(Self.padded(part.byteCount) - part.byteCount)])
        }
        try frame.withUnsafeBytes { try put($0) }
        return (8 + metadataLength, bodyLength)
    }

    /// Bytes after the stream (the file format's footer).
    mutating func writeRaw(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try put($0) }
    }

    private mutating func put(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        try sink.write(bytes)
        offset += bytes.count
    }
}

/// Where one message lies in an Arrow IPC file (File.fbs `Block`).
public struct ArrowBlock: Hashable, Sendable {
    public var offset: Int
    /// The metadata's length with its 8-byte prefix (continuation marker and length) and padding.
    public var metadataLength: Int
    public var bodyLength: Int
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
