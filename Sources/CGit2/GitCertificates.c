// libgit2 built against mbedTLS (Debian's) parses every system CA certificate in git_libgit2_init, for
// HTTPS remotes: about 4 ms of every cold cairn command, a tenth of a metadata query. cairn never uses
// libgit2's network transports (remotes go through the Remote layer and libcurl), so the executable
// defines the two loaders libgit2 calls there; being exported from the executable, these are the ones
// the dynamic linker binds. They load nothing, so a libgit2 TLS connection, were one ever made, would
// fail verification rather than trust anything. Other builds of libgit2 (OpenSSL) never call them.

struct mbedtls_x509_crt;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}

int mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain, const char *path) {
    (void)chain;
    (void)path;
    return 0;
}
