#include "CLazyLibrary.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *cairn_lazy_library_open_first(const char *const *names, size_t count, const char **reason) {
    *reason = "not found";
    for (size_t i = 0; i < count; i++) {
        void *handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (handle) return handle;
        *reason = dlerror();
    }
    return NULL;
}

int cairn_lazy_library_load(struct cairn_lazy_library *library, char *message, size_t capacity) {
    pthread_once(&library->once, library->open);
    if (library->handle) return 0;
    snprintf(message, capacity, "%s", library->failure);
    return -1;
}

void *cairn_lazy_library_symbol(struct cairn_lazy_library *library, const char *symbol, void **slot) {
    void *address = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (address) return address;
    pthread_once(&library->once, library->open);
    address = library->handle ? dlsym(library->handle, symbol) : NULL;
    if (!address) {
        fprintf(stderr, "cairn: %s symbol %s is missing: %s\n", library->name, symbol,
                library->handle ? dlerror() : library->failure);
        abort();
    }
    __atomic_store_n(slot, address, __ATOMIC_RELEASE);
    return address;
}
