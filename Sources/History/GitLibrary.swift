import CGit2

/// libgit2's functions, the library opened and initialised on first use (CGit2.h): a command that reads a
/// version through `LooseHistoryReader` alone never loads it.
let libgit2: cairn_git_api = cairn_git().pointee
