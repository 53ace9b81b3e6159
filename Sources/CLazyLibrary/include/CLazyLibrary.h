#ifndef CAIRN_CLAZYLIBRARY_H
#define CAIRN_CLAZYLIBRARY_H

// A system library opened on first use rather than linked (HDF5, libcurl, libgit2): a command that never calls it
// starts without mapping it and everything it pulls in. The shims define each function cairn calls under
// its own name with CAIRN_FORWARD, so the Swift code calls the library as if it were linked.

#include <pthread.h>
#include <stddef.h>

struct cairn_lazy_library {
    /// The library's name, for messages.
    const char *name;
    /// Run once: sets `handle`, or leaves a one-line reason in `failure`.
    void (*open)(void);
    pthread_once_t once;
    void *handle;
    char failure[768];
};

/// The first of `names` that dlopen opens (RTLD_NOW | RTLD_LOCAL), or NULL with the last failure's reason
/// in `reason`.
void *cairn_lazy_library_open_first(const char *const *names, size_t count, const char **reason);

/// Opens the library once; 0 when it is loaded, else -1 with the reason copied to `message`.
int cairn_lazy_library_load(struct cairn_lazy_library *library, char *message, size_t capacity);

/// The library's address of `symbol`, looked up once per call site (`slot`). Only a bug finds it missing
/// (callers load the library first, and the headers declare every name): that aborts with a message.
void *cairn_lazy_library_symbol(struct cairn_lazy_library *library, const char *symbol, void **slot);

/// Defines `name` (declared by the library's header) as a call of the loaded library's own.
#define CAIRN_FORWARD(library, result, name, parameters, arguments)                                    \
    result name parameters {                                                                           \
        static void *slot;                                                                             \
        return ((result (*) parameters)cairn_lazy_library_symbol(&(library), #name, &slot)) arguments; \
    }

#endif
