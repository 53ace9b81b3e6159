import ArgumentParser
import Foundation
import Lake
import Remote

struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Copy a remote repository's history and manifests; data is fetched when first read.",
        discussion: """
        The clone has every commit, branch (as origin/BRANCH) and tag, and checks out the remote's HEAD \
        branch. Data objects stay on the remote until a read needs them: queries fetch just the pages they \
        read (ranged GETs, kept in the cache shared by clones), and `checkout REV --hydrate` makes a whole \
        version local.
        """)

    @Argument(help: "The remote's URL: s3://bucket/prefix, https://host/path, file:///path or a path.")
    var url: String

    @Argument(help: "The new repository's directory (default: the URL's last component).")
    var directory: String?

    @OptionGroup var s3: S3SettingOptions

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Where data read from remotes is cached (default: CAIRN_CACHE_DIR, else ~/.cache/cairn).", valueName: "path"))
    var cacheDirectory: String?

    func run() throws {
        let location = try RemoteLocation(parsing: url)
        let target = directory ?? (location.description.split(separator: "/").last.map(String.init) ?? "atlas.cairn")
        let settings = RemoteSettings(url: url, endpoint: s3.endpoint, region: s3.region, pathStyle: s3.pathStyle)
        let (repository, fetched) = try Clone(settings: settings, cache: try ObjectCache.standard(directory: cacheDirectory)).run(into: target)
        let head = try repository.head()
        emit("Cloned \(url) into \(repository.path): \(fetched.updated.count) ref\(fetched.updated.count == 1 ? "" : "s"), history \(formatBytes(fetched.bytesFetched)); on \(head.branchName ?? "HEAD")\n")
    }
}
