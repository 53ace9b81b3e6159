#ifndef CAIRN_CGIT2_H
#define CAIRN_CGIT2_H

#include <git2.h>
#include <git2/sys/repository.h>

// git_libgit2_opts is variadic: Swift cannot call it directly.
static inline int cairn_git_enable_fsync(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, on);
}
static inline int cairn_git_enable_strict_object_creation(int on) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, on);
}

#endif
