/// A failure reading an HDF5 file, naming the file and the object.
public struct HDF5Error: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
