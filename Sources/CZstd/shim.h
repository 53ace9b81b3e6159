#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

/// Sets `cctx` (for ZSTD_compress2) to code every byte with Huffman alone: the fastest level, which finds
/// almost no matches, with literal compression forced on (1: ZSTD_ps_enable, formerly ZSTD_lcm_huffman).
/// Returns a zstd error code when this libzstd does not know the parameters.
static inline size_t cairn_zstd_entropy_only(ZSTD_CCtx *cctx) {
    size_t r = ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    if (ZSTD_isError(r)) return r;
    r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, -50);
    if (ZSTD_isError(r)) return r;
    return ZSTD_CCtx_setParameter(cctx, ZSTD_c_literalCompressionMode, 1);
}
