import Foundation
import Testing

/// h5ad files written by older anndata versions (made by scripts/make_anndata_fixtures.sh and committed)
/// come back from `cairn import` and `cairn export h5ad` equal to the original as the current anndata reads it.
@Suite(.serialized) struct AnnDataVersionTests {
    static let fixtures = CLI.packageRoot + "/Tests/CLITests/Fixtures/anndata-versions"

    /// Every fixture in the folder, so a newly made version is tested without touching this file.
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? [])
        .filter { $0.hasSuffix(".h5ad") }.sorted()

    @Test func everyVersionHasFixtures() {
        #expect(Self.files.count >= 10, "\(Self.files)")
    }

    @Test(arguments: files)
    func fileComesBackEqual(name: String) throws {
        let original = Self.fixtures + "/" + name
        let repo = temporaryDirectory() + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let imported = try CLI.run(["-C", repo, "import", original, "--dataset", "x"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!imported.stderr.contains("not kept"), "\(imported.stderr)")
        let out = temporaryDirectory() + "/x.h5ad"
        let exported = try CLI.run(["-C", repo, "export", "h5ad", "-o", out])
        #expect(exported.status == 0, "\(exported.stderr)")
        let check = try CLI.python(ExportH5adTests.comparer, [original, out])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(check.stderr)")
    }

    /// anndata 0.6's compound obsm/varm and raw.X/raw.var come back in today's layout; uns keeps its
    /// fixed-width strings (anndata reads those back as numpy strings, not objects).
    @Test func legacyElementsComeBackInTodaysLayout() throws {
        let repo = temporaryDirectory() + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        #expect(try CLI.run(["-C", repo, "import", Self.fixtures + "/anndata-0.6.13.h5ad", "--dataset", "x"]).status == 0)
        let out = temporaryDirectory() + "/x.h5ad"
        #expect(try CLI.run(["-C", repo, "export", "h5ad", "-o", out]).status == 0)
        let check = try CLI.python(#"""
import sys, json, h5py
f = h5py.File(sys.argv[1], "r")
kind = lambda p: None if p not in f else ("group" if isinstance(f[p], h5py.Group) else "compound" if f[p].dtype.names else "dataset")
print(json.dumps({p: kind(p) for p in ["obsm", "obsm/X_pca", "varm/PCs", "raw", "raw/X", "raw/var", "raw.X", "raw.var", "uns/cell_type_categories"]}
  | {"raw/var encoding": f["raw/var"].attrs.get("encoding-type"), "title": str(f["uns/title"].dtype)}))
"""#, [out])
        #expect(check.status == 0, "\(check.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any?] ?? [:]
        #expect(json["obsm"] as? String == "group")
        #expect(json["obsm/X_pca"] as? String == "dataset")
        #expect(json["varm/PCs"] as? String == "dataset")
        #expect(json["raw"] as? String == "group")
        #expect(json["raw/X"] as? String == "group")
        #expect(json["raw/var encoding"] as? String == "dataframe")
        #expect(json["raw.X"] as? NSNull != nil && json["raw.var"] as? NSNull != nil)
        #expect(json["uns/cell_type_categories"] as? NSNull != nil, "categories belong to obs now")
        #expect(json["title"] as? String == "|S7")
    }
}
