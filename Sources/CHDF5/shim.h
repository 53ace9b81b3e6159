#include <hdf5.h>

// HDF5's constants are macros (some call H5open()), which Swift cannot import: wrap them.
static inline unsigned cairn_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned cairn_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline hid_t cairn_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t cairn_H5S_ALL(void) { return H5S_ALL; }
static inline size_t cairn_H5T_VARIABLE(void) { return H5T_VARIABLE; }
static inline hid_t cairn_H5T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }
static inline hid_t cairn_H5T_NATIVE_INT16(void) { return H5T_NATIVE_INT16; }
static inline hid_t cairn_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t cairn_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t cairn_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t cairn_H5T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t cairn_H5T_NATIVE_UINT32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t cairn_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t cairn_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t cairn_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t cairn_H5T_C_S1(void) { return H5T_C_S1; }
static inline void cairn_H5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

// The object-info call changed between HDF5 1.10 and 1.12.
static inline long cairn_attribute_count(hid_t object) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info3(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#else
    H5O_info_t info;
    if (H5Oget_info2(object, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#endif
    return (long)info.num_attrs;
}
