import CHDF5

/// An open HDF5 identifier (file, group, dataset, attribute, type or space), closed when released.
final class HDF5Handle {
    let id: hid_t

    init(_ id: hid_t, _ failure: @autoclosure () -> HDF5Error) throws {
        guard id >= 0 else { throw failure() }
        self.id = id
    }

    deinit {
        switch H5Iget_type(id) {
        case H5I_FILE: H5Fclose(id)
        case H5I_GROUP: H5Gclose(id)
        case H5I_DATASET: H5Dclose(id)
        case H5I_ATTR: H5Aclose(id)
        case H5I_DATATYPE: H5Tclose(id)
        case H5I_DATASPACE: H5Sclose(id)
        default: break
        }
    }
}

/// The kind of value a dataset or attribute holds, as far as AnnData files use them.
public enum HDF5ElementType: Equatable, Sendable {
    case integer(bytes: Int, signed: Bool)
    case float(bytes: Int)
    /// Variable-length or fixed-length text.
    case string(variable: Bool, size: Int)
    /// h5py's booleans are an enum over int8.
    case boolean
    case other(String)
}

enum HDF5Library {
    /// Loads the library (it is not linked: see CHDF5.h) and silences its own error printing, once;
    /// failures surface as `HDF5Error`s instead. Every entry point calls this before any HDF5 call.
    static func load() throws {
        if let failure = loadFailure { throw HDF5Error(failure) }
    }

    private static let loadFailure: String? = {
        var message = [CChar](repeating: 0, count: 1024)
        guard cairn_hdf5_load(&message, message.count) == 0 else {
            return message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        H5open()
        cairn_H5_silence_errors()
        return nil
    }()

    static func elementType(of type: hid_t) -> HDF5ElementType {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_INTEGER: return .integer(bytes: size, signed: H5Tget_sign(type) == H5T_SGN_2)
        case H5T_FLOAT: return .float(bytes: size)
        case H5T_STRING: return .string(variable: H5Tis_variable_str(type) > 0, size: size)
        case H5T_ENUM:
            if H5Tget_nmembers(type) == 2, size == 1 { return .boolean }
            return .other("enum")
        case H5T_COMPOUND: return .other("compound")
        case H5T_REFERENCE: return .other("reference")
        case H5T_ARRAY: return .other("array")
        case H5T_VLEN: return .other("vlen")
        default: return .other("class \(H5Tget_class(type).rawValue)")
        }
    }

    /// The native memory type matching a numeric element type.
    static func nativeType(_ type: HDF5ElementType) -> hid_t? {
        switch type {
        case .integer(1, true): return cairn_H5T_NATIVE_INT8()
        case .integer(2, true): return cairn_H5T_NATIVE_INT16()
        case .integer(4, true): return cairn_H5T_NATIVE_INT32()
        case .integer(8, true): return cairn_H5T_NATIVE_INT64()
        case .integer(1, false): return cairn_H5T_NATIVE_UINT8()
        case .integer(2, false): return cairn_H5T_NATIVE_UINT16()
        case .integer(4, false): return cairn_H5T_NATIVE_UINT32()
        case .integer(8, false): return cairn_H5T_NATIVE_UINT64()
        case .float(4): return cairn_H5T_NATIVE_FLOAT()
        case .float(8): return cairn_H5T_NATIVE_DOUBLE()
        case .boolean: return cairn_H5T_NATIVE_INT8()
        default: return nil
        }
    }
}
