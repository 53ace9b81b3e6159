/// Element and field types of the Thrift compact protocol.
public enum ThriftType: UInt8, Sendable {
    case boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8
    case list = 9, set = 10, map = 11, structure = 12
}
