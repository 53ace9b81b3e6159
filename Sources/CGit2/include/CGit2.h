#ifndef CAIRN_CGIT2_H
#define CAIRN_CGIT2_H

// libgit2's declarations. The library itself is not linked: GitLibrary.c opens it on first use, so a
// command that reads a version through cairn's own reader of refs and loose objects starts without
// mapping libgit2 and the dozen libraries it pulls in (TLS, SSH, Kerberos: about 4 ms of every start).
#include <git2.h>
#include <git2/sys/repository.h>

// Every libgit2 function cairn calls (without the `git_` prefix). Swift calls them as
// `libgit2.NAME(...)`; the pointer types come from the headers cairn is built against.
#define CAIRN_GIT_FUNCTIONS(X) \
    X(blob_create_from_buffer) \
    X(blob_rawcontent) \
    X(blob_rawsize) \
    X(branch_name_is_valid) \
    X(buf_dispose) \
    X(commit_author) \
    X(commit_committer) \
    X(commit_create) \
    X(commit_id) \
    X(commit_message_raw) \
    X(commit_parent_id) \
    X(commit_parentcount) \
    X(commit_tree_id) \
    X(config_delete_entry) \
    X(config_entry_free) \
    X(config_free) \
    X(config_get_entry) \
    X(config_get_string_buf) \
    X(config_iterator_free) \
    X(config_iterator_glob_new) \
    X(config_next) \
    X(config_open_default) \
    X(config_open_level) \
    X(config_set_string) \
    X(error_last) \
    X(graph_descendant_of) \
    X(indexer_append) \
    X(indexer_commit) \
    X(indexer_free) \
    X(indexer_name) \
    X(indexer_new) \
    X(indexer_options_init) \
    X(merge_base) \
    X(object_dup) \
    X(object_free) \
    X(object_id) \
    X(object_lookup) \
    X(object_peel) \
    X(object_type) \
    X(odb_exists) \
    X(odb_free) \
    X(odb_hash) \
    X(odb_refresh) \
    X(oid_equal) \
    X(packbuilder_free) \
    X(packbuilder_insert) \
    X(packbuilder_insert_walk) \
    X(packbuilder_name) \
    X(packbuilder_new) \
    X(packbuilder_object_count) \
    X(packbuilder_write) \
    X(reference_create) \
    X(reference_create_matching) \
    X(reference_delete) \
    X(reference_free) \
    X(reference_iterator_free) \
    X(reference_iterator_new) \
    X(reference_lookup) \
    X(reference_name) \
    X(reference_name_to_id) \
    X(reference_next) \
    X(reference_symbolic_create) \
    X(reference_symbolic_target) \
    X(reference_target) \
    X(reference_type) \
    X(reflog_entry_byindex) \
    X(reflog_entry_committer) \
    X(reflog_entry_id_new) \
    X(reflog_entry_id_old) \
    X(reflog_entry_message) \
    X(reflog_entrycount) \
    X(reflog_free) \
    X(reflog_read) \
    X(repository_config) \
    X(repository_free) \
    X(repository_init_ext) \
    X(repository_init_options_init) \
    X(repository_odb) \
    X(repository_open_ext) \
    X(repository_set_ident) \
    X(revparse_single) \
    X(revwalk_free) \
    X(revwalk_hide) \
    X(revwalk_new) \
    X(revwalk_next) \
    X(revwalk_push) \
    X(revwalk_sorting) \
    X(signature_free) \
    X(signature_new) \
    X(tag_create) \
    X(tag_message) \
    X(tag_name_is_valid) \
    X(tag_peel) \
    X(tag_tagger) \
    X(tag_target) \
    X(tree_dup) \
    X(tree_entry_byindex) \
    X(tree_entry_bypath) \
    X(tree_entry_free) \
    X(tree_entry_id) \
    X(tree_entry_name) \
    X(tree_entry_type) \
    X(tree_entrycount) \
    X(tree_free) \
    X(tree_id) \
    X(tree_lookup) \
    X(treebuilder_entrycount) \
    X(treebuilder_free) \
    X(treebuilder_get) \
    X(treebuilder_insert) \
    X(treebuilder_new) \
    X(treebuilder_remove) \
    X(treebuilder_write) \
    /* end */

struct cairn_git_api {
#define CAIRN_GIT_FIELD(name) __typeof__(git_##name) *_Nonnull name;
    CAIRN_GIT_FUNCTIONS(CAIRN_GIT_FIELD)
#undef CAIRN_GIT_FIELD
};

/// libgit2's functions, the library opened and initialised (fsync of the git directory and strict object
/// creation on) once per process. A process that cannot load it ends with a one-line error and status 1:
/// every change to a repository needs it.
const struct cairn_git_api *_Nonnull cairn_git(void);

#endif
