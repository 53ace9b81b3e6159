#ifndef CAIRN_CHDF5_H
#define CAIRN_CHDF5_H

// HDF5's declarations, wherever the distribution puts its headers (Debian: hdf5/serial). The library
// itself is not linked: HDF5Library.c loads it on first use, so commands that never read or write HDF5
// (every query, slice to Parquet, stream) start without mapping it and the ~30 libraries it pulls in.
#if __has_include(<hdf5/serial/hdf5.h>)
#include <hdf5/serial/hdf5.h>
#else
#include <hdf5.h>
#endif
#include <stddef.h>

/// Loads the HDF5 library once per process; 0 when it is ready, else -1 with a one-line reason in
/// `message`. Every HDF5 call must come after a successful load.
int cairn_hdf5_load(char *message, size_t capacity);

// HDF5's constants are macros (some call H5open() or read the library's globals), which Swift cannot
// import: each is a function here.
unsigned cairn_H5F_ACC_RDONLY(void);
unsigned cairn_H5F_ACC_TRUNC(void);
hid_t cairn_H5P_DEFAULT(void);
hid_t cairn_H5S_ALL(void);
size_t cairn_H5T_VARIABLE(void);
hid_t cairn_H5T_NATIVE_INT8(void);
hid_t cairn_H5T_NATIVE_INT16(void);
hid_t cairn_H5T_NATIVE_INT32(void);
hid_t cairn_H5T_NATIVE_INT64(void);
hid_t cairn_H5T_NATIVE_UINT8(void);
hid_t cairn_H5T_NATIVE_UINT16(void);
hid_t cairn_H5T_NATIVE_UINT32(void);
hid_t cairn_H5T_NATIVE_UINT64(void);
hid_t cairn_H5T_NATIVE_FLOAT(void);
hid_t cairn_H5T_NATIVE_DOUBLE(void);
hid_t cairn_H5T_C_S1(void);
void cairn_H5_silence_errors(void);

/// The number of attributes on an object, or -1 (the object-info call changed between HDF5 1.10 and 1.12).
long cairn_attribute_count(hid_t object);

#endif
