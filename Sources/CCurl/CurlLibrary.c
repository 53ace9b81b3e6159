// libcurl, loaded on first use instead of linked (see CLazyLibrary.h): the curl functions cairn calls are
// defined here under their own names.

#include "CCurl.h"
#include <CLazyLibrary.h>
#include <dlfcn.h>
#include <stdio.h>

static void open_library(void);
static struct cairn_lazy_library curl = {.name = "libcurl", .open = open_library, .once = PTHREAD_ONCE_INIT};

// libcurl's ABI has kept SONAME 4 since 2006; the unversioned name comes with the development package.
static const char *const library_names[] = {
#if defined(__APPLE__)
    "libcurl.4.dylib", "libcurl.dylib",
#else
    "libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4",
#endif
};

static void open_library(void) {
    const char *reason;
    void *handle = cairn_lazy_library_open_first(library_names, sizeof library_names / sizeof *library_names, &reason);
    if (!handle) {
        snprintf(curl.failure, sizeof curl.failure, "cannot load libcurl (install libcurl4): %s", reason);
        return;
    }
    CURLcode (*global_init)(long) = (CURLcode (*)(long))dlsym(handle, "curl_global_init");
    CURLcode code = global_init ? global_init(CURL_GLOBAL_ALL) : CURLE_FAILED_INIT;
    if (code != CURLE_OK) {
        snprintf(curl.failure, sizeof curl.failure, "libcurl failed to initialise (error %d)", (int)code);
        return;
    }
    curl.handle = handle;
}

int cairn_curl_load(char *message, size_t capacity) { return cairn_lazy_library_load(&curl, message, capacity); }

#define FORWARD(result, name, parameters, arguments) CAIRN_FORWARD(curl, result, name, parameters, arguments)

FORWARD(CURL *, curl_easy_init, (void), ())
FORWARD(CURLcode, curl_easy_perform, (CURL *a), (a))
FORWARD(const char *, curl_easy_strerror, (CURLcode a), (a))
FORWARD(struct curl_slist *, curl_slist_append, (struct curl_slist *a, const char *b), (a, b))

void curl_easy_reset(CURL *handle) {
    static void *slot;
    ((void (*)(CURL *))cairn_lazy_library_symbol(&curl, "curl_easy_reset", &slot))(handle);
}

void curl_easy_cleanup(CURL *handle) {
    static void *slot;
    ((void (*)(CURL *))cairn_lazy_library_symbol(&curl, "curl_easy_cleanup", &slot))(handle);
}

void curl_slist_free_all(struct curl_slist *list) {
    static void *slot;
    ((void (*)(struct curl_slist *))cairn_lazy_library_symbol(&curl, "curl_slist_free_all", &slot))(list);
}

// The variadic calls, through the library's own variadic entry points.
#define SETOPT(name, type)                                                              \
    CURLcode name(CURL *handle, CURLoption option, type value) {                        \
        static void *slot;                                                              \
        return ((CURLcode (*)(CURL *, CURLoption, ...))cairn_lazy_library_symbol(&curl, "curl_easy_setopt", &slot))(handle, option, value); \
    }
#define GETINFO(name, type)                                                             \
    CURLcode name(CURL *handle, CURLINFO info, type *value) {                           \
        static void *slot;                                                              \
        return ((CURLcode (*)(CURL *, CURLINFO, ...))cairn_lazy_library_symbol(&curl, "curl_easy_getinfo", &slot))(handle, info, value); \
    }

SETOPT(cairn_curl_setopt_long, long)
SETOPT(cairn_curl_setopt_string, const char *)
SETOPT(cairn_curl_setopt_pointer, void *)
SETOPT(cairn_curl_setopt_off_t, curl_off_t)
SETOPT(cairn_curl_setopt_write_callback, curl_write_callback)
SETOPT(cairn_curl_setopt_slist, struct curl_slist *)
GETINFO(cairn_curl_getinfo_long, long)
GETINFO(cairn_curl_getinfo_off_t, curl_off_t)
