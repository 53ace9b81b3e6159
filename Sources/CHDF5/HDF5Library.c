// HDF5, loaded on first use instead of linked (see CLazyLibrary.h): every HDF5 function cairn calls is
// defined here under its own name.

#include "CHDF5.h"
#include <CLazyLibrary.h>
#include <dlfcn.h>
#include <stdio.h>

static void open_library(void);
static struct cairn_lazy_library hdf5 = {.name = "HDF5", .open = open_library, .once = PTHREAD_ONCE_INIT};

// The unversioned names come with the development package whose headers cairn was built with; the
// versioned ones serve a machine that has only the runtime package. The version check below rejects a
// library that is not the one the headers describe.
static const char *const library_names[] = {
#if defined(__APPLE__)
    "libhdf5.dylib", "/opt/homebrew/lib/libhdf5.dylib", "/usr/local/lib/libhdf5.dylib",
#else
    "libhdf5_serial.so", "libhdf5.so",
    "libhdf5_serial.so.310", "libhdf5.so.310", "libhdf5_serial.so.200", "libhdf5.so.200",
    "libhdf5_serial.so.103", "libhdf5.so.103",
#endif
};

static void open_library(void) {
    char *failure = hdf5.failure;
    size_t capacity = sizeof hdf5.failure;
    int written = snprintf(failure, capacity, "cannot load the HDF5 library %d.%d.%d:",
                           H5_VERS_MAJOR, H5_VERS_MINOR, H5_VERS_RELEASE);
    for (size_t i = 0; i < sizeof library_names / sizeof *library_names; i++) {
        void *handle = dlopen(library_names[i], RTLD_NOW | RTLD_GLOBAL);
        if (!handle) continue;
        herr_t (*version)(unsigned *, unsigned *, unsigned *) =
            (herr_t (*)(unsigned *, unsigned *, unsigned *))dlsym(handle, "H5get_libversion");
        unsigned major = 0, minor = 0, release = 0;
        if (version && version(&major, &minor, &release) >= 0 && major == H5_VERS_MAJOR &&
            minor == H5_VERS_MINOR && release == H5_VERS_RELEASE) {
            hdf5.handle = handle;
            return;
        }
        if (written > 0 && (size_t)written < capacity)
            written += snprintf(failure + written, capacity - written, " %s is %u.%u.%u;",
                                library_names[i], major, minor, release);
        dlclose(handle);
    }
    if (written > 0 && (size_t)written < capacity)
        snprintf(failure + written, capacity - written, " none found (install libhdf5-dev)");
}

int cairn_hdf5_load(char *message, size_t capacity) { return cairn_lazy_library_load(&hdf5, message, capacity); }

#define FORWARD(result, name, parameters, arguments) CAIRN_FORWARD(hdf5, result, name, parameters, arguments)

FORWARD(herr_t, H5open, (void), ())
FORWARD(herr_t, H5check_version, (unsigned a, unsigned b, unsigned c), (a, b, c))
FORWARD(herr_t, H5free_memory, (void *a), (a))
FORWARD(herr_t, H5Eset_auto2, (hid_t a, H5E_auto2_t b, void *c), (a, b, c))
FORWARD(H5I_type_t, H5Iget_type, (hid_t a), (a))

FORWARD(htri_t, H5Fis_hdf5, (const char *a), (a))
FORWARD(hid_t, H5Fopen, (const char *a, unsigned b, hid_t c), (a, b, c))
FORWARD(hid_t, H5Fcreate, (const char *a, unsigned b, hid_t c, hid_t d), (a, b, c, d))
FORWARD(herr_t, H5Fclose, (hid_t a), (a))

FORWARD(hid_t, H5Gcreate2, (hid_t a, const char *b, hid_t c, hid_t d, hid_t e), (a, b, c, d, e))
FORWARD(herr_t, H5Gget_info, (hid_t a, H5G_info_t *b), (a, b))
FORWARD(herr_t, H5Gclose, (hid_t a), (a))
FORWARD(htri_t, H5Lexists, (hid_t a, const char *b, hid_t c), (a, b, c))
FORWARD(ssize_t, H5Lget_name_by_idx,
        (hid_t a, const char *b, H5_index_t c, H5_iter_order_t d, hsize_t e, char *f, size_t g, hid_t h),
        (a, b, c, d, e, f, g, h))
FORWARD(hid_t, H5Oopen, (hid_t a, const char *b, hid_t c), (a, b, c))

FORWARD(hid_t, H5Dcreate2, (hid_t a, const char *b, hid_t c, hid_t d, hid_t e, hid_t f, hid_t g),
        (a, b, c, d, e, f, g))
FORWARD(hid_t, H5Dget_space, (hid_t a), (a))
FORWARD(hid_t, H5Dget_type, (hid_t a), (a))
FORWARD(herr_t, H5Dread, (hid_t a, hid_t b, hid_t c, hid_t d, hid_t e, void *f), (a, b, c, d, e, f))
FORWARD(herr_t, H5Dwrite, (hid_t a, hid_t b, hid_t c, hid_t d, hid_t e, const void *f), (a, b, c, d, e, f))
FORWARD(herr_t, H5Dvlen_reclaim, (hid_t a, hid_t b, hid_t c, void *d), (a, b, c, d))
FORWARD(herr_t, H5Dclose, (hid_t a), (a))

FORWARD(hid_t, H5Acreate2, (hid_t a, const char *b, hid_t c, hid_t d, hid_t e, hid_t f), (a, b, c, d, e, f))
FORWARD(hid_t, H5Aopen, (hid_t a, const char *b, hid_t c), (a, b, c))
FORWARD(htri_t, H5Aexists, (hid_t a, const char *b), (a, b))
FORWARD(ssize_t, H5Aget_name_by_idx,
        (hid_t a, const char *b, H5_index_t c, H5_iter_order_t d, hsize_t e, char *f, size_t g, hid_t h),
        (a, b, c, d, e, f, g, h))
FORWARD(hid_t, H5Aget_space, (hid_t a), (a))
FORWARD(hid_t, H5Aget_type, (hid_t a), (a))
FORWARD(herr_t, H5Aread, (hid_t a, hid_t b, void *c), (a, b, c))
FORWARD(herr_t, H5Awrite, (hid_t a, hid_t b, const void *c), (a, b, c))
FORWARD(herr_t, H5Aclose, (hid_t a), (a))

FORWARD(hid_t, H5Screate, (H5S_class_t a), (a))
FORWARD(hid_t, H5Screate_simple, (int a, const hsize_t b[], const hsize_t c[]), (a, b, c))
FORWARD(herr_t, H5Sselect_hyperslab,
        (hid_t a, H5S_seloper_t b, const hsize_t c[], const hsize_t d[], const hsize_t e[], const hsize_t f[]),
        (a, b, c, d, e, f))
FORWARD(H5S_class_t, H5Sget_simple_extent_type, (hid_t a), (a))
FORWARD(hssize_t, H5Sget_simple_extent_npoints, (hid_t a), (a))
FORWARD(int, H5Sget_simple_extent_ndims, (hid_t a), (a))
FORWARD(int, H5Sget_simple_extent_dims, (hid_t a, hsize_t b[], hsize_t c[]), (a, b, c))
FORWARD(herr_t, H5Sclose, (hid_t a), (a))

FORWARD(hid_t, H5Tcreate, (H5T_class_t a, size_t b), (a, b))
FORWARD(hid_t, H5Tcopy, (hid_t a), (a))
FORWARD(hid_t, H5Tarray_create2, (hid_t a, unsigned b, const hsize_t c[]), (a, b, c))
FORWARD(hid_t, H5Tenum_create, (hid_t a), (a))
FORWARD(herr_t, H5Tenum_insert, (hid_t a, const char *b, const void *c), (a, b, c))
FORWARD(herr_t, H5Tinsert, (hid_t a, const char *b, size_t c, hid_t d), (a, b, c, d))
FORWARD(herr_t, H5Tset_size, (hid_t a, size_t b), (a, b))
FORWARD(herr_t, H5Tset_cset, (hid_t a, H5T_cset_t b), (a, b))
FORWARD(herr_t, H5Tset_strpad, (hid_t a, H5T_str_t b), (a, b))
FORWARD(H5T_class_t, H5Tget_class, (hid_t a), (a))
FORWARD(size_t, H5Tget_size, (hid_t a), (a))
FORWARD(H5T_sign_t, H5Tget_sign, (hid_t a), (a))
FORWARD(H5T_cset_t, H5Tget_cset, (hid_t a), (a))
FORWARD(hid_t, H5Tget_super, (hid_t a), (a))
FORWARD(htri_t, H5Tis_variable_str, (hid_t a), (a))
FORWARD(int, H5Tget_nmembers, (hid_t a), (a))
FORWARD(char *, H5Tget_member_name, (hid_t a, unsigned b), (a, b))
FORWARD(int, H5Tget_member_index, (hid_t a, const char *b), (a, b))
FORWARD(hid_t, H5Tget_member_type, (hid_t a, unsigned b), (a, b))
FORWARD(int, H5Tget_array_ndims, (hid_t a), (a))
FORWARD(int, H5Tget_array_dims2, (hid_t a, hsize_t b[]), (a, b))
FORWARD(herr_t, H5Tclose, (hid_t a), (a))

#if H5_VERSION_GE(1, 12, 0)
FORWARD(herr_t, H5Oget_info3, (hid_t a, H5O_info2_t *b, unsigned c), (a, b, c))
#else
FORWARD(herr_t, H5Oget_info2, (hid_t a, H5O_info_t *b, unsigned c), (a, b, c))
#endif

long cairn_attribute_count(hid_t object) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info3(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#else
    H5O_info_t info;
    if (H5Oget_info2(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#endif
    return (long)info.num_attrs;
}

unsigned cairn_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
unsigned cairn_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
hid_t cairn_H5P_DEFAULT(void) { return H5P_DEFAULT; }
hid_t cairn_H5S_ALL(void) { return H5S_ALL; }
size_t cairn_H5T_VARIABLE(void) { return H5T_VARIABLE; }
void cairn_H5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

// The predefined types are the library's global variables, valid once H5open() has run.
#define GLOBAL_TYPE(function, variable)                                                 \
    hid_t function(void) {                                                              \
        static void *slot;                                                              \
        H5open();                                                                       \
        return *(const hid_t *)cairn_lazy_library_symbol(&hdf5, #variable, &slot);                               \
    }

GLOBAL_TYPE(cairn_H5T_NATIVE_INT8, H5T_NATIVE_INT8_g)
GLOBAL_TYPE(cairn_H5T_NATIVE_INT16, H5T_NATIVE_INT16_g)
GLOBAL_TYPE(cairn_H5T_NATIVE_INT32, H5T_NATIVE_INT32_g)
GLOBAL_TYPE(cairn_H5T_NATIVE_INT64, H5T_NATIVE_INT64_g)
GLOBAL_TYPE(cairn_H5T_NATIVE_UINT8, H5T_NATIVE_UINT8_g)
GLOBAL_TYPE(cairn_H5T_NATIVE_UINT16, H5T_NATIVE_UINT16_g)
GLOBAL_TYPE(cairn_H5T_NATIVE_UINT32, H5T_NATIVE_UINT32_g)
GLOBAL_TYPE(cairn_H5T_NATIVE_UINT64, H5T_NATIVE_UINT64_g)
GLOBAL_TYPE(cairn_H5T_NATIVE_FLOAT, H5T_NATIVE_FLOAT_g)
GLOBAL_TYPE(cairn_H5T_NATIVE_DOUBLE, H5T_NATIVE_DOUBLE_g)
GLOBAL_TYPE(cairn_H5T_C_S1, H5T_C_S1_g)
