// libgit2, opened on first use instead of linked (see CGit2.h).

#include "CGit2.h"
#include <CLazyLibrary.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static struct cairn_git_api api;
static pthread_once_t once = PTHREAD_ONCE_INIT;

// The soname of the libgit2 whose headers cairn was built with (its ABI changes with the minor version),
// then the development package's unversioned name.
static const char *const library_names[] = {
#if defined(__APPLE__)
    "libgit2." LIBGIT2_SOVERSION ".dylib", "libgit2.dylib", "/opt/homebrew/lib/libgit2.dylib", "/usr/local/lib/libgit2.dylib",
#else
    "libgit2.so." LIBGIT2_SOVERSION, "libgit2.so",
#endif
};

static void fail(const char *reason) {
    fprintf(stderr, "cairn: error: cannot load libgit2 %s (install libgit2 %s): %s\n", LIBGIT2_VERSION, LIBGIT2_SOVERSION, reason);
    exit(1);
}

static void open_library(void) {
    // Opened RTLD_LOCAL: libgit2's own references (the certificate loaders that GitCertificates.c
    // replaces) still bind to the executable's definitions first.
    const char *reason;
    void *handle = cairn_lazy_library_open_first(library_names, sizeof library_names / sizeof *library_names, &reason);
    if (!handle) fail(reason);
#define CAIRN_GIT_LOOKUP(name)                                        \
    api.name = (__typeof__(git_##name) *)dlsym(handle, "git_" #name); \
    if (!api.name) fail("no symbol git_" #name);
    CAIRN_GIT_FUNCTIONS(CAIRN_GIT_LOOKUP)
#undef CAIRN_GIT_LOOKUP
    int (*init)(void) = (int (*)(void))dlsym(handle, "git_libgit2_init");
    int (*opts)(int, ...) = (int (*)(int, ...))dlsym(handle, "git_libgit2_opts");
    if (!init || !opts) fail("no symbol git_libgit2_init or git_libgit2_opts");
    if (init() < 0) fail("git_libgit2_init failed");
    // Durability (DESIGN §3): objects, refs and the index are fsynced before they are renamed into
    // place, so a ref never points at an object that a power loss could take away. And no commit or
    // tree may refer to an object the repository lacks.
    if (opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1) < 0 || opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1) < 0)
        fail("git_libgit2_opts refused fsync or strict object creation");
}

const struct cairn_git_api *cairn_git(void) {
    pthread_once(&once, open_library);
    return &api;
}
