#ifndef CAIRN_CCURL_H
#define CAIRN_CCURL_H

// libcurl's declarations. The library itself is not linked: CurlLibrary.c loads it on first use, so
// commands that never reach a remote start without mapping it and the ~25 libraries it pulls in.
#include <curl/curl.h>
#include <stddef.h>

/// Loads libcurl and runs curl_global_init, once per process; 0 when it is ready, else -1 with a
/// one-line reason in `message`. Every other curl call must come after a successful load.
int cairn_curl_load(char *message, size_t capacity);

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed wrapper per
// argument type the HTTP client passes.
CURLcode cairn_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode cairn_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode cairn_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode cairn_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this signature.
CURLcode cairn_curl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);
CURLcode cairn_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list);
CURLcode cairn_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode cairn_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

#endif
