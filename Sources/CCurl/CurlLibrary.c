// libcurl, loaded on first use instead of linked. The curl functions cairn calls are defined here under
// their own names and forward to the loaded library.

#include "CCurl.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *library;
static char failure[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

// libcurl's ABI has kept SONAME 4 since 2006; the unversioned name comes with the development package.
static const char *const library_names[] = {
#if defined(__APPLE__)
    "libcurl.4.dylib", "libcurl.dylib",
#else
    "libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4",
#endif
};

static void open_library(void) {
    const char *reason = "not found";
    for (size_t i = 0; i < sizeof library_names / sizeof *library_names && !library; i++) {
        library = dlopen(library_names[i], RTLD_NOW | RTLD_LOCAL);
        if (!library) reason = dlerror();
    }
    if (!library) {
        snprintf(failure, sizeof failure, "cannot load libcurl (install libcurl4): %s", reason);
        return;
    }
    CURLcode (*global_init)(long) = (CURLcode (*)(long))dlsym(library, "curl_global_init");
    CURLcode code = global_init ? global_init(CURL_GLOBAL_ALL) : CURLE_FAILED_INIT;
    if (code != CURLE_OK) {
        snprintf(failure, sizeof failure, "libcurl failed to initialise (error %d)", (int)code);
        library = NULL;
    }
}

int cairn_curl_load(char *message, size_t capacity) {
    pthread_once(&load_once, open_library);
    if (library) return 0;
    snprintf(message, capacity, "%s", failure);
    return -1;
}

// The library's address of `name`, looked up once per call site.
static void *resolve(const char *name, void **slot) {
    void *address = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (address) return address;
    pthread_once(&load_once, open_library);
    address = library ? dlsym(library, name) : NULL;
    if (!address) {
        // Only a bug reaches here: callers load the library first.
        fprintf(stderr, "cairn: libcurl symbol %s is missing: %s\n", name, library ? dlerror() : failure);
        abort();
    }
    __atomic_store_n(slot, address, __ATOMIC_RELEASE);
    return address;
}

#define FORWARD(result, name, parameters, arguments)                                    \
    result name parameters {                                                            \
        static void *slot;                                                              \
        return ((result (*) parameters)resolve(#name, &slot)) arguments;                \
    }

FORWARD(CURL *, curl_easy_init, (void), ())
FORWARD(CURLcode, curl_easy_perform, (CURL *a), (a))
FORWARD(const char *, curl_easy_strerror, (CURLcode a), (a))
FORWARD(struct curl_slist *, curl_slist_append, (struct curl_slist *a, const char *b), (a, b))

void curl_easy_reset(CURL *handle) {
    static void *slot;
    ((void (*)(CURL *))resolve("curl_easy_reset", &slot))(handle);
}

void curl_easy_cleanup(CURL *handle) {
    static void *slot;
    ((void (*)(CURL *))resolve("curl_easy_cleanup", &slot))(handle);
}

void curl_slist_free_all(struct curl_slist *list) {
    static void *slot;
    ((void (*)(struct curl_slist *))resolve("curl_slist_free_all", &slot))(list);
}

// The variadic calls, through the library's own variadic entry points.
#define SETOPT(name, type)                                                              \
    CURLcode name(CURL *handle, CURLoption option, type value) {                        \
        static void *slot;                                                              \
        return ((CURLcode (*)(CURL *, CURLoption, ...))resolve("curl_easy_setopt", &slot))(handle, option, value); \
    }
#define GETINFO(name, type)                                                             \
    CURLcode name(CURL *handle, CURLINFO info, type *value) {                           \
        static void *slot;                                                              \
        return ((CURLcode (*)(CURL *, CURLINFO, ...))resolve("curl_easy_getinfo", &slot))(handle, info, value); \
    }

SETOPT(cairn_curl_setopt_long, long)
SETOPT(cairn_curl_setopt_string, const char *)
SETOPT(cairn_curl_setopt_pointer, void *)
SETOPT(cairn_curl_setopt_off_t, curl_off_t)
SETOPT(cairn_curl_setopt_write_callback, curl_write_callback)
SETOPT(cairn_curl_setopt_slist, struct curl_slist *)
GETINFO(cairn_curl_getinfo_long, long)
GETINFO(cairn_curl_getinfo_off_t, curl_off_t)
