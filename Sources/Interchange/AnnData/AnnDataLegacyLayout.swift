/// anndata < 0.7 kept obsm and varm as compound datasets (one field per key) and raw as `raw.X`,
/// `raw.var` (a compound dataframe) and `raw.varm` beside the other elements. An export is an AnnData of
/// today's encoding, so its archived elements move into today's layout: obsm/<key> and varm/<key>
/// arrays, and a raw group with X, var (a dataframe) and varm. Values stay where the archive has them:
/// only the nodes that describe them change.
extension HDF5Archive {
    func inCurrentAnnDataLayout() -> HDF5Archive {
        // Archives made before compound datasets were kept have raw.X without raw.var: left as they were.
        let paths = Set(nodes.map(\.path))
        let legacyRaw = paths.contains("/raw.X") && paths.contains("/raw.var") && !paths.contains("/raw")
        var out = self
        out.nodes = []
        for var node in nodes {
            if legacyRaw, let renamed = HDF5Archive.rawPath(node.path) {
                if !out.nodes.contains(where: { $0.path == "/raw" }) {
                    out.nodes.append(Node(path: "/raw", type: nil, shape: nil, offset: nil, length: nil, attributes: HDF5Archive.encoding("raw", "0.1.0")))
                }
                node.path = renamed
            }
            let compound = node.members != nil
            switch node.path {
            case "/obsm" where compound, "/varm" where compound, "/raw/varm" where compound:
                out.nodes += HDF5Archive.splitIntoArrays(node)
            case "/raw/var" where compound:
                out.nodes += HDF5Archive.dataframe(node)
            case "/raw/X":
                out.nodes.append(HDF5Archive.sparseEncoding(node))
            default:
                out.nodes.append(node)
            }
        }
        return out
    }

    /// `/raw.X…` → `/raw/X…` (likewise var and varm); nil for any other path.
    private static func rawPath(_ path: String) -> String? {
        for part in ["X", "var", "varm"] where path == "/raw.\(part)" || path.hasPrefix("/raw.\(part)/") {
            return "/raw/" + part + path.dropFirst("/raw.\(part)".count)
        }
        return nil
    }

    private static func encoding(_ type: String, _ version: String) -> [String: Attribute] {
        ["encoding-type": .strings([type]), "encoding-version": .strings([version])]
    }

    /// A field of a compound dataset as a dataset of its own: one row per record.
    private static func field(_ member: Member, of node: Node, at path: String, attributes: [String: Attribute]) -> Node {
        Node(path: path, type: member.type, shape: (node.shape ?? []) + member.dims, offset: member.offset, length: member.length,
             attributes: attributes, width: member.width, ascii: member.ascii)
    }

    /// obsm or varm: a dict of arrays, one per field.
    private static func splitIntoArrays(_ node: Node) -> [Node] {
        [Node(path: node.path, type: nil, shape: nil, offset: nil, length: nil, attributes: encoding("dict", "0.1.0"))]
            + (node.members ?? []).map { member in
                field(member, of: node, at: node.path + "/" + member.name,
                      attributes: member.type == "string" ? encoding("string-array", "0.2.0") : encoding("array", "0.2.0"))
            }
    }

    /// raw.var: a dataframe whose index is the `index` field (the first, when none is called so).
    private static func dataframe(_ node: Node) -> [Node] {
        let members = node.members ?? []
        let index = members.first { $0.name == "index" }?.name ?? members.first?.name ?? "index"
        var group = Node(path: node.path, type: nil, shape: nil, offset: nil, length: nil, attributes: encoding("dataframe", "0.2.0"))
        group.attributes["_index"] = .strings([index])
        group.attributes["column-order"] = .stringArray(members.map(\.name).filter { $0 != index })
        return [group] + members.map { member in
            // Columns are variable-length UTF-8 today, whatever width 0.6 gave them.
            var column = field(member, of: node, at: node.path + "/" + member.name,
                               attributes: member.type == "string" ? encoding("string-array", "0.2.0") : encoding("array", "0.2.0"))
            (column.width, column.ascii) = (nil, nil)
            return column
        }
    }

    /// h5sparse's attributes (format, shape) as anndata's sparse encoding.
    private static func sparseEncoding(_ node: Node) -> Node {
        guard case .strings(let format)? = node.attributes["h5sparse_format"], let shape = node.attributes["h5sparse_shape"] else { return node }
        var node = node
        node.attributes = encoding("\(format.first ?? "csr")_matrix", "0.1.0")
        node.attributes["shape"] = shape
        return node
    }
}
