function __cairn_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cairn_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __cairn_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __cairn_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __cairn_parse_tokens -S
    set -l unparsed_tokens (__cairn_tokens -pc)
    switch $unparsed_tokens[1]
    case 'cairn'
        __cairn_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'init'
            __cairn_parse_subcommand 1 'version' 'h/help'
        case 'load'
            __cairn_parse_subcommand 2 'C=' 'm/message=' 'schema=' 'version' 'h/help'
        case 'import'
            __cairn_parse_subcommand -r 1 'C=' 'dataset=+' 'm/message=' 'allow-duplicate' 'feature-key=' 'version' 'h/help'
        case 'datasets'
            __cairn_parse_subcommand 0 'C=' 'at=' 'format=' 'version' 'h/help'
        case 'query'
            __cairn_parse_subcommand 1 'C=' 'at=' 'format=' 'o/output=' 'version' 'h/help'
        case 'slice'
            __cairn_parse_subcommand 0 'C=' 'at=' 'where=' 'cells-from=' 'genes=' 'matrix=' 'o/output=' 'version' 'h/help'
        case 'stream'
            __cairn_parse_subcommand 0 'C=' 'at=' 'tokenizer=' 'max-genes=' 'vocab=' 'gene-medians=' 'special-tokens' 'n-bins=' 'n-counts-column=' 'allow-normalized' 'batch-size=' 'shuffle' 'seed=' 'epoch=' 'shard=' 'drop-last' 'shuffle-buffer=' 'max-memory=' 'skip-batches=' 'where=' 'columns=' 'matrix=' 'split=' 'split-by=' 'split-seed=' 'use=' 'o/output=' 'version' 'h/help'
        case 'stats'
            __cairn_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'gene-medians'
                __cairn_parse_subcommand 0 'C=' 'at=' 'matrix=' 'o/output=' 'version' 'h/help'
            end
        case 'update'
            __cairn_parse_subcommand 1 'C=' 'set=' 'where=' 'm/message=' 'version' 'h/help'
        case 'annotate'
            __cairn_parse_subcommand 1 'C=' 'from=' 'key=' 'columns=' 'm/message=' 'version' 'h/help'
        case 'delete'
            __cairn_parse_subcommand 1 'C=' 'where=' 'm/message=' 'version' 'h/help'
        case 'log'
            __cairn_parse_subcommand 1 'C=' 'format=' 'n/max-count=' 'version' 'h/help'
        case 'show'
            __cairn_parse_subcommand 1 'C=' 'format=' 'version' 'h/help'
        case 'ls'
            __cairn_parse_subcommand 0 'C=' 'at=' 'format=' 'version' 'h/help'
        case 'branch'
            __cairn_parse_subcommand 2 'C=' 'format=' 'd/delete' 'D' 'version' 'h/help'
        case 'checkout'
            __cairn_parse_subcommand 1 'C=' 'version' 'h/help'
        case 'tag'
            __cairn_parse_subcommand 2 'C=' 'format=' 'm/message=' 'f/force' 'd/delete' 'version' 'h/help'
        case 'reflog'
            __cairn_parse_subcommand 1 'C=' 'format=' 'version' 'h/help'
        case 'diff'
            __cairn_parse_subcommand 2 'C=' 'stat' 'table=' 'format=' 'version' 'h/help'
        case 'merge'
            __cairn_parse_subcommand 1 'C=' 'm/message=' 'strategy=' 'no-ff' 'version' 'h/help'
        case 'revert'
            __cairn_parse_subcommand 1 'C=' 'm/message=' 'version' 'h/help'
        case 'reset'
            __cairn_parse_subcommand 1 'C=' 'soft' 'mixed' 'hard' 'version' 'h/help'
        case 'schema'
            __cairn_parse_subcommand 1 'C=' 'at=' 'format=' 'version' 'h/help'
        case 'export'
            __cairn_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'h5ad'
                __cairn_parse_subcommand 0 'C=' 'at=' 'dataset=+' 'genes=' 'o/output=' 'version' 'h/help'
            case 'mtx'
                __cairn_parse_subcommand 0 'C=' 'at=' 'dataset=+' 'genes=' 'o/output=' 'version' 'h/help'
            end
        case 'export-table'
            __cairn_parse_subcommand 1 'C=' 'at=' 'o/output=' 'version' 'h/help'
        case 'rev-parse'
            __cairn_parse_subcommand 1 'C=' 'version' 'h/help'
        case 'ls-fragments'
            __cairn_parse_subcommand 1 'C=' 'at=' 'format=' 'version' 'h/help'
        case 'cat-object'
            __cairn_parse_subcommand 1 'C=' 'version' 'h/help'
        case 'compact'
            __cairn_parse_subcommand 0 'C=' 'table=' 'target-rows=' 'm/message=' 'version' 'h/help'
        case 'gc'
            __cairn_parse_subcommand 0 'C=' 'prune=' 'dry-run' 'version' 'h/help'
        case 'fsck'
            __cairn_parse_subcommand 0 'C=' 'version' 'h/help'
        case 'help'
            __cairn_parse_subcommand -r 1 'version'
        end
    end
end

function __cairn_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __cairn_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __cairn_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __cairn_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__cairn_tokens -p)
    if test -z "$(__cairn_tokens -t)"
        set -l index (count (__cairn_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'cairn' -f
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'init' -d 'Create an empty repository with branch main.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'load' -d 'Append the rows of a CSV, TSV or Parquet file to a table, creating the table if needed.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'import' -d 'Import single-cell files (.h5ad, Cell Ranger directories and .h5) as datasets, all in one commit.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'datasets' -d 'List the imported datasets of a version: name, source, SHA-256, cells, genes, non-zeros.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'query' -d 'Run SQL over one version\'s tables (cells, genes, var, datasets, expression, layer_<name>, loaded tables).'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'slice' -d 'Write chosen cells × chosen genes of one version as h5ad, Parquet or a 10x matrix directory.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'stream' -d 'Stream shuffled, sharded, tokenized training batches as Arrow IPC.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'stats' -d 'Statistics derived from a version (cached per version; no commit is made).'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'update' -d 'Set new values in the rows of a table that match a condition, in one commit.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'annotate' -d 'Add or replace columns of a table from a CSV file joined on a key column, in one commit.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'delete' -d 'Delete the rows of a table that match a condition, in one commit.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'log' -d 'Show the commit history reachable from a revision (default HEAD).'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'show' -d 'Show one commit: its message and, per table, rows, fragments and bytes added and removed.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'ls' -d 'List the tables of a version with their rows, fragments and bytes.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'branch' -d 'List branches, create one at HEAD or a revision, or delete one.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'checkout' -d 'Make HEAD follow a branch, or detach it at a tag or commit.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'tag' -d 'List tags, create an annotated tag for a version, or delete one.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'reflog' -d 'Show where a ref has pointed on this machine (default HEAD), newest first.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'diff' -d 'Show what changed between two versions: datasets, rows, schemas and values.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'merge' -d 'Merge a branch (or any revision) into the branch HEAD follows.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'revert' -d 'Commit the inverse of an earlier commit\'s change.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'reset' -d 'Move the current branch to another commit.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'schema' -d 'Show a table\'s columns, types and nullability.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'export' -d 'Export imported datasets of a version as a single-cell file.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'export-table' -d 'Write one table of a version to a single Parquet file.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'rev-parse' -d 'Print the commit id a revision names (plumbing).'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'ls-fragments' -d 'List a table\'s fragments: data objects, rows, bytes and column statistics (plumbing).'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'cat-object' -d 'Write the raw bytes of a data object to stdout (plumbing).'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'compact' -d 'Merge small fragments, collapse column groups and apply deletions, in a new commit.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'gc' -d 'Delete data objects no branch, tag, HEAD or reflog entry reaches.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'fsck' -d 'Verify every data object, manifest and ref of the repository.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn init" -eq 1' -fa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn init" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn load" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn load" -eq 1' -fa '(set -l exts \'csv\' \'tsv\' \'parquet\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn load" m message' -l 'message' -s 'm' -d 'Commit message.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn load" schema' -l 'schema' -d 'Column types that override inference, e.g. "age:int32,donor:string" (CSV only).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn load" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn load" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn import" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn import" -ge 1' -fa '(set -l exts \'h5ad\' \'h5\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn import"' -l 'dataset' -d 'Dataset name, once per file in order (default: the file name).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn import" m message' -l 'message' -s 'm' -d 'Commit message.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn import" allow-duplicate' -l 'allow-duplicate' -d 'Import a file even if the same bytes were imported before.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn import" feature-key' -l 'feature-key' -d 'How genes join the registry: auto (Ensembl id without version when the file has ids, else symbol), id, or symbol.' -rfka 'auto id symbol'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn import" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn datasets" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn datasets" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn datasets" format' -l 'format' -d 'Output format: table, csv, tsv or json (one object per line).' -rfka 'table csv tsv json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn datasets" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn datasets" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn query" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn query" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn query" format' -l 'format' -d 'Output format: table (default on a terminal), csv (default otherwise), tsv, json (one object per line) or parquet (needs -o).' -rfka 'table csv tsv json parquet'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn query" o output' -l 'output' -s 'o' -d 'Write the result to this file instead of standard output.' -rF
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn query" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn query" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn slice" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn slice" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn slice" where' -l 'where' -d 'SQL condition over the cells table, e.g. "cell_type = \'B cell\' AND donor IN (\'D1\',\'D2\')".' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn slice" cells-from' -l 'cells-from' -d 'A file of obs names (barcodes), one per line.' -rF
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn slice" genes' -l 'genes' -d 'Genes: NAME,NAME,... or @FILE (one per line), union, or intersection.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn slice" matrix' -l 'matrix' -d 'The matrix: X (default) or a layer\'s name.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn slice" o output' -l 'output' -s 'o' -d 'Output: FILE.h5ad, FILE.parquet, or a directory for a 10x matrix.' -rF
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn slice" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn slice" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" tokenizer' -l 'tokenizer' -d 'How cells become tokens: raw (each cell\'s gene ids and values as lists), geneformer (rank-value encoding) or scgpt (binned values).' -rfka 'raw geneformer scgpt'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" max-genes' -l 'max-genes' -d 'Genes per cell (geneformer default 2048, scgpt 1199; special tokens not counted).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" vocab' -l 'vocab' -d 'The model\'s vocabulary, JSON {feature_id: token} (default: built from the registry).' -rF
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" gene-medians' -l 'gene-medians' -d 'Geneformer\'s gene medians, JSON {feature_id: median} (default: computed over this version, cached).' -rF
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" special-tokens' -l 'special-tokens' -d 'Geneformer V2: <cls> first and <eos> last.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" n-bins' -l 'n-bins' -d 'scGPT\'s number of value bins.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" n-counts-column' -l 'n-counts-column' -d 'A numeric cells column holding each cell\'s total count (default: the sum of its values).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" allow-normalized' -l 'allow-normalized' -d 'Tokenize a matrix of non-integer (already normalized) values instead of refusing it.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" batch-size' -l 'batch-size' -d 'Cells per batch.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" shuffle' -l 'shuffle' -d 'Shuffle: permute fragments and blocks of cells, then mix through a shuffle buffer.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" seed' -l 'seed' -d 'The shuffle\'s seed.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" epoch' -l 'epoch' -d 'The epoch: a different order for each.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" shard' -l 'shard' -d 'This process\'s part of the cells, i/n (e.g. DDP rank × workers).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" drop-last' -l 'drop-last' -d 'Drop each shard\'s cells past the shortest shard\'s last full batch, instead of repeating cells.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" shuffle-buffer' -l 'shuffle-buffer' -d 'Cells held by the shuffle buffer.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" max-memory' -l 'max-memory' -d 'Bound the process\'s memory (e.g. 512M, 2G): the shuffle buffer shrinks to fit.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" skip-batches' -l 'skip-batches' -d 'Batches of the epoch to skip (resume after a crash).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" where' -l 'where' -d 'A SQL condition over cells choosing the training cells.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" columns' -l 'columns' -d 'cells columns sent with each batch, comma-separated.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" matrix' -l 'matrix' -d 'The matrix: X (default), or a layer\'s name.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" split' -l 'split' -d 'Split fractions, e.g. train=0.9,val=0.1 (with --use).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" split-by' -l 'split-by' -d 'The cells column whose value decides a cell\'s split part (default: the cell id).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" split-seed' -l 'split-seed' -d 'The split\'s seed.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" use' -l 'use' -d 'The split part to stream.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" o output' -l 'output' -s 'o' -d 'Write to this file instead of standard output.' -rF
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stream" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stats" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn stats" -eq 1' -fa 'gene-medians' -d 'Each gene\'s non-zero median of count / cell total × 10,000: Geneformer\'s normalization factors.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stats gene-medians" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stats gene-medians" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stats gene-medians" matrix' -l 'matrix' -d 'The matrix: X (default) or a layer\'s name.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stats gene-medians" o output' -l 'output' -s 'o' -d 'Write the JSON to this file instead of stdout.' -rF
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stats gene-medians" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn stats gene-medians" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn update" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn update" set' -l 'set' -d 'Assignments, e.g. "cell_type = \'CD4 T cell\', score = score * 2".' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn update" where' -l 'where' -d 'SQL condition choosing the rows, e.g. "leiden = \'3\' AND dataset = \'pbmc\'".' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn update" m message' -l 'message' -s 'm' -d 'Commit message.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn update" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn update" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn annotate" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn annotate" from' -l 'from' -d 'A .csv or .tsv file with a header row.' -rfa '(set -l exts \'csv\' \'tsv\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn annotate" key' -l 'key' -d 'The column joining file rows to table rows, e.g. obs_name.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn annotate" columns' -l 'columns' -d 'Only these columns of the file (default: all but the key).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn annotate" m message' -l 'message' -s 'm' -d 'Commit message.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn annotate" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn annotate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn delete" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn delete" where' -l 'where' -d 'SQL condition choosing the rows, e.g. "donor = \'D7\'".' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn delete" m message' -l 'message' -s 'm' -d 'Commit message.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn delete" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn log" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn log" format' -l 'format' -d 'Output format: table, csv, tsv or json (one object per line).' -rfka 'table csv tsv json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn log" max-count n' -s 'n' -l 'max-count' -d 'Show at most this many commits.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn log" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn log" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn show" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn show" format' -l 'format' -d 'Output format: table, csv, tsv or json (one object per line).' -rfka 'table csv tsv json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn show" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls" format' -l 'format' -d 'Output format: table, csv, tsv or json (one object per line).' -rfka 'table csv tsv json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn branch" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn branch" format' -l 'format' -d 'Output format: table, csv, tsv or json (one object per line).' -rfka 'table csv tsv json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn branch" d delete' -s 'd' -l 'delete' -d 'Delete the branch (refused when HEAD does not contain its commits).'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn branch" D' -s 'D' -d 'Delete the branch even when its commits are not in HEAD.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn branch" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn branch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn checkout" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn checkout" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn checkout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn tag" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn tag" format' -l 'format' -d 'Output format: table, csv, tsv or json (one object per line).' -rfka 'table csv tsv json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn tag" m message' -l 'message' -s 'm' -d 'The tag\'s message (default: the tag name).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn tag" f force' -l 'force' -s 'f' -d 'Replace an existing tag of that name.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn tag" d delete' -s 'd' -l 'delete' -d 'Delete the tag.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn tag" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn tag" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reflog" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reflog" format' -l 'format' -d 'Output format: table, csv, tsv or json (one object per line).' -rfka 'table csv tsv json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reflog" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reflog" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn diff" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn diff" stat' -l 'stat' -d 'Only counts: one line per dataset and per table.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn diff" table' -l 'table' -d 'Only this table.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn diff" format' -l 'format' -d 'Output format: text or json (one document).' -rfka 'text json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn diff" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn diff" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn merge" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn merge" m message' -l 'message' -s 'm' -d 'The merge commit\'s message (default: Merge branch \'NAME\').' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn merge" strategy' -l 'strategy' -d 'Settle conflicting values with this side\'s (ours) or the merged branch\'s (theirs).' -rfka 'ours theirs'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn merge" no-ff' -l 'no-ff' -d 'Make a merge commit even when a fast-forward is possible.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn merge" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn merge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn revert" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn revert" m message' -l 'message' -s 'm' -d 'The commit message (default: Revert "SUBJECT").' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn revert" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn revert" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reset" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reset" soft' -l 'soft' -d 'Same as the default (no working tree or index to keep).'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reset" mixed' -l 'mixed' -d 'Same as the default.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reset" hard' -l 'hard' -d 'Same as the default.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reset" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn reset" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn schema" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn schema" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn schema" format' -l 'format' -d 'Output format: table, csv, tsv or json (one object per line).' -rfka 'table csv tsv json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn schema" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn schema" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn export" -eq 1' -fa 'h5ad' -d 'Write datasets as one AnnData (.h5ad) file.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_positional "cairn export" -eq 1' -fa 'mtx' -d 'Write datasets as a Cell Ranger v3 matrix directory (features, barcodes, matrix.mtx, gzipped).'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export h5ad" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export h5ad" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export h5ad"' -l 'dataset' -d 'A dataset to export (repeatable; default: all).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export h5ad" genes' -l 'genes' -d 'Gene space when exporting several datasets: union or intersection.' -rfka 'union intersection'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export h5ad" o output' -l 'output' -s 'o' -d 'The .h5ad file to write.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'h5ad\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export h5ad" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export h5ad" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export mtx" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export mtx" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export mtx"' -l 'dataset' -d 'A dataset to export (repeatable; default: all).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export mtx" genes' -l 'genes' -d 'Gene space when exporting several datasets: union or intersection.' -rfka 'union intersection'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export mtx" o output' -l 'output' -s 'o' -d 'The directory to write (created if needed).' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export mtx" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export mtx" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export-table" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export-table" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export-table" o output' -l 'output' -s 'o' -d 'The Parquet file to write.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'parquet\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export-table" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn export-table" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn rev-parse" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn rev-parse" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn rev-parse" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls-fragments" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls-fragments" at' -l 'at' -d 'The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls-fragments" format' -l 'format' -d 'Output format: table, csv, tsv or json (one object per line).' -rfka 'table csv tsv json'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls-fragments" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn ls-fragments" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn cat-object" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn cat-object" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn cat-object" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn compact" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn compact" table' -l 'table' -d 'Compact only this table (default: every table).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn compact" target-rows' -l 'target-rows' -d 'Rows per compacted fragment (default: the repository\'s fragment size).' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn compact" m message' -l 'message' -s 'm' -d 'The commit message.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn compact" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn compact" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn gc" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn gc" prune' -l 'prune' -d 'Delete unreachable objects last modified before this: now, never, 2.weeks.ago, 2026-01-01.' -rfka ''
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn gc" dry-run' -l 'dry-run' -d 'List what would be deleted (object, bytes) and delete nothing.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn gc" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn gc" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn fsck" C' -s 'C' -d 'The repository, or a directory inside it.' -rfa '(__cairn_complete_directories)'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn fsck" version' -l 'version' -d 'Show the version.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn fsck" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'cairn' -n '__cairn_should_offer_completions_for_flags_or_options "cairn help" version' -l 'version' -d 'Show the version.'
