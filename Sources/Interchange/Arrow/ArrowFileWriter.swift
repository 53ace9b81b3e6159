/// Writes the Arrow IPC file format (Feather v2; what `pyarrow.ipc.open_file` and `pyarrow.feather` read,
/// memory-mapped if the reader likes): the magic `ARROW1` padded to 8 bytes, the streaming format, then a
/// footer that lists the schema and where each record batch lies, its length, and the magic again.
/// Record batches' buffers go to the sink as they are, without being gathered into a message first.
public struct ArrowFileWriter<Sink: ArrowByteSink> {
    private var stream: ArrowStreamWriter<Sink>
    private static var magic: [UInt8] { Array("ARROW1".utf8) }

    public init(sink: Sink, fields: [ArrowField]) throws {
        var sink = sink
        try (Self.magic + [0, 0]).withUnsafeBytes { try sink.write($0) }
        stream = try ArrowStreamWriter(sink: sink, fields: fields, startOffset: 8, gathersMessages: false)
    }

    public var sink: Sink { stream.sink }

    /// Writes one record batch of `rows` rows; `columns` match the fields.
    public mutating func write(rows: Int, columns: [ArrowArray]) throws {
        try stream.write(rows: rows, columns: columns)
    }

    /// Writes the end-of-stream marker and the footer.
    public mutating func finish() throws {
        try stream.finish()
        // File.fbs `Footer`: version (V5), schema, dictionaries (none), record batches (`Block` structs:
        // offset, metadata length, 4 bytes of padding, body length).
        var blocks: [UInt8] = []
        for block in stream.recordBatchBlocks {
            blocks.appendLittleEndian(Int64(block.offset))
            blocks.appendLittleEndian(Int32(block.metadataLength))
            blocks.appendLittleEndian(Int32(0))
            blocks.appendLittleEndian(Int64(block.bodyLength))
        }
        let footer = FlatBufferEncoder.encode(.table([
            .int16(4), .offset(ArrowStreamWriter<Sink>.schema(stream.fields)),
            .offset(.structs(bytes: [], count: 0, alignment: 8)),
            .offset(.structs(bytes: blocks, count: stream.recordBatchBlocks.count, alignment: 8)),
        ]))
        var tail = footer
        tail.appendLittleEndian(Int32(footer.count))
        tail.append(contentsOf: Self.magic)
        try stream.writeRaw(tail)
    }
}
