import Foundation
import Testing

/// completions/ is generated from the argument parser; regenerate with `make completions`.
@Suite struct CompletionTests {
    @Test(arguments: [("bash", "cairn.bash"), ("zsh", "_cairn"), ("fish", "cairn.fish")])
    func completionsAreCurrent(shell: String, file: String) throws {
        let generated = try CLI.run(["--generate-completion-script", shell])
        #expect(generated.status == 0)
        let committed = try String(contentsOfFile: CLI.packageRoot + "/completions/" + file, encoding: .utf8)
        #expect(generated.stdout == committed, "completions/\(file) is stale: run `make completions`")
    }
}
