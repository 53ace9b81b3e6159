#!/bin/bash

__cairn_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__cairn_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__cairn_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__cairn_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_cairn() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __cairn_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    init|load|import|datasets|query|slice|stream|stats|update|annotate|delete|log|show|ls|branch|checkout|tag|reflog|diff|merge|revert|reset|schema|export|export-table|rev-parse|ls-fragments|cat-object|compact|index|gc|fsck|remote|push|fetch|pull|clone|help)
        # Offer subcommand argument completions
        "_cairn_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'init load import datasets query slice stream stats update annotate delete log show ls branch checkout tag reflog diff merge revert reset schema export export-table rev-parse ls-fragments cat-object compact index gc fsck remote push fetch pull clone help' -- "${cur}"))
        ;;
    esac
}

_cairn_init() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cairn_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_load() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --message -m --schema)
    __cairn_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--message'|'-m')
        return
        ;;
    '--schema')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    2)
        __cairn_add_completions -o plusdirs -fX '!*.@(csv|tsv|parquet)'
        return
        ;;
    esac
}

_cairn_import() {
    repeating_flags=()
    non_repeating_flags=(--allow-duplicate --version -h --help)
    repeating_options=(--dataset)
    non_repeating_options=(-C --cache-dir --message -m --feature-key)
    __cairn_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--dataset')
        return
        ;;
    '--message'|'-m')
        return
        ;;
    '--feature-key')
        __cairn_add_completions -W 'auto'$'\n''id'$'\n''symbol'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __cairn_add_completions -o plusdirs -fX '!*.@(h5ad|h5)'
        return
        ;;
    esac
}

_cairn_datasets() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --format)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    esac
}

_cairn_query() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --format --output -o)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'$'\n''parquet'
        return
        ;;
    '--output'|'-o')
        __cairn_add_completions -f
        return
        ;;
    esac
}

_cairn_slice() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --where --cells-from --genes --matrix --output -o)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--where')
        return
        ;;
    '--cells-from')
        __cairn_add_completions -f
        return
        ;;
    '--genes')
        return
        ;;
    '--matrix')
        return
        ;;
    '--output'|'-o')
        __cairn_add_completions -f
        return
        ;;
    esac
}

_cairn_stream() {
    repeating_flags=()
    non_repeating_flags=(--special-tokens --allow-normalized --shuffle --drop-last --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --tokenizer --max-genes --vocab --gene-medians --n-bins --n-counts-column --batch-size --seed --epoch --shard --shuffle-buffer --max-memory --skip-batches --where --columns --matrix --split --split-by --split-seed --use --output -o)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--tokenizer')
        __cairn_add_completions -W 'raw'$'\n''geneformer'$'\n''scgpt'
        return
        ;;
    '--max-genes')
        return
        ;;
    '--vocab')
        __cairn_add_completions -f
        return
        ;;
    '--gene-medians')
        __cairn_add_completions -f
        return
        ;;
    '--n-bins')
        return
        ;;
    '--n-counts-column')
        return
        ;;
    '--batch-size')
        return
        ;;
    '--seed')
        return
        ;;
    '--epoch')
        return
        ;;
    '--shard')
        return
        ;;
    '--shuffle-buffer')
        return
        ;;
    '--max-memory')
        return
        ;;
    '--skip-batches')
        return
        ;;
    '--where')
        return
        ;;
    '--columns')
        return
        ;;
    '--matrix')
        return
        ;;
    '--split')
        return
        ;;
    '--split-by')
        return
        ;;
    '--split-seed')
        return
        ;;
    '--use')
        return
        ;;
    '--output'|'-o')
        __cairn_add_completions -f
        return
        ;;
    esac
}

_cairn_stats() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cairn_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    gene-medians)
        # Offer subcommand argument completions
        "_cairn_stats_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'gene-medians' -- "${cur}"))
        ;;
    esac
}

_cairn_stats_gene-medians() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --matrix --output -o)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--matrix')
        return
        ;;
    '--output'|'-o')
        __cairn_add_completions -f
        return
        ;;
    esac
}

_cairn_update() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --set --where --message -m)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--set')
        return
        ;;
    '--where')
        return
        ;;
    '--message'|'-m')
        return
        ;;
    esac
}

_cairn_annotate() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --from --key --columns --message -m)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--from')
        __cairn_add_completions -o plusdirs -fX '!*.@(csv|tsv)'
        return
        ;;
    '--key')
        return
        ;;
    '--columns')
        return
        ;;
    '--message'|'-m')
        return
        ;;
    esac
}

_cairn_delete() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --where --message -m)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--where')
        return
        ;;
    '--message'|'-m')
        return
        ;;
    esac
}

_cairn_log() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --format -n --max-count)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    '-n'|'--max-count')
        return
        ;;
    esac
}

_cairn_show() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --format)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    esac
}

_cairn_ls() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --format)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    esac
}

_cairn_branch() {
    repeating_flags=()
    non_repeating_flags=(-d --delete -D --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --format)
    __cairn_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    esac
}

_cairn_checkout() {
    repeating_flags=()
    non_repeating_flags=(--hydrate --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_tag() {
    repeating_flags=()
    non_repeating_flags=(--force -f -d --delete --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --format --message -m)
    __cairn_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    '--message'|'-m')
        return
        ;;
    esac
}

_cairn_reflog() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --format)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    esac
}

_cairn_diff() {
    repeating_flags=()
    non_repeating_flags=(--stat --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --table --format)
    __cairn_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--table')
        return
        ;;
    '--format')
        __cairn_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_cairn_merge() {
    repeating_flags=()
    non_repeating_flags=(--no-ff --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --message -m --strategy)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--message'|'-m')
        return
        ;;
    '--strategy')
        __cairn_add_completions -W 'ours'$'\n''theirs'
        return
        ;;
    esac
}

_cairn_revert() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --message -m)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--message'|'-m')
        return
        ;;
    esac
}

_cairn_reset() {
    repeating_flags=()
    non_repeating_flags=(--soft --mixed --hard --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_schema() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --format)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    esac
}

_cairn_export() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cairn_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    h5ad|mtx)
        # Offer subcommand argument completions
        "_cairn_export_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'h5ad mtx' -- "${cur}"))
        ;;
    esac
}

_cairn_export_h5ad() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=(--dataset)
    non_repeating_options=(-C --cache-dir --at --genes --output -o)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--dataset')
        return
        ;;
    '--genes')
        __cairn_add_completions -W 'union'$'\n''intersection'
        return
        ;;
    '--output'|'-o')
        __cairn_add_completions -o plusdirs -fX '!*.@(h5ad)'
        return
        ;;
    esac
}

_cairn_export_mtx() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=(--dataset)
    non_repeating_options=(-C --cache-dir --at --genes --output -o)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--dataset')
        return
        ;;
    '--genes')
        __cairn_add_completions -W 'union'$'\n''intersection'
        return
        ;;
    '--output'|'-o')
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_export-table() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --output -o)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--output'|'-o')
        __cairn_add_completions -o plusdirs -fX '!*.@(parquet)'
        return
        ;;
    esac
}

_cairn_rev-parse() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_ls-fragments() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --format)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    esac
}

_cairn_cat-object() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_compact() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --table --target-rows --message -m)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--table')
        return
        ;;
    '--target-rows')
        return
        ;;
    '--message'|'-m')
        return
        ;;
    esac
}

_cairn_index() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cairn_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    build|status|drop)
        # Offer subcommand argument completions
        "_cairn_index_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'build status drop' -- "${cur}"))
        ;;
    esac
}

_cairn_index_build() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --matrix --message -m)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--matrix')
        return
        ;;
    '--message'|'-m')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __cairn_add_completions -W 'genes'
        return
        ;;
    esac
}

_cairn_index_status() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --at --format)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--at')
        return
        ;;
    '--format')
        __cairn_add_completions -W 'table'$'\n''csv'$'\n''tsv'$'\n''json'
        return
        ;;
    esac
}

_cairn_index_drop() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --matrix --message -m)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--matrix')
        return
        ;;
    '--message'|'-m')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __cairn_add_completions -W 'genes'
        return
        ;;
    esac
}

_cairn_gc() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --prune --remote)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--prune')
        return
        ;;
    '--remote')
        return
        ;;
    esac
}

_cairn_fsck() {
    repeating_flags=()
    non_repeating_flags=(--no-hash-data --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --remote)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--remote')
        return
        ;;
    esac
}

_cairn_remote() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __cairn_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|set|remove)
        # Offer subcommand argument completions
        "_cairn_remote_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add set remove' -- "${cur}"))
        ;;
    esac
}

_cairn_remote_list() {
    repeating_flags=()
    non_repeating_flags=(--verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir)
    __cairn_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_remote_add() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --endpoint --region --path-style)
    __cairn_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--endpoint')
        return
        ;;
    '--region')
        return
        ;;
    '--path-style')
        return
        ;;
    esac
}

_cairn_remote_set() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --endpoint --region --path-style)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--endpoint')
        return
        ;;
    '--region')
        return
        ;;
    '--path-style')
        return
        ;;
    esac
}

_cairn_remote_remove() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_push() {
    repeating_flags=()
    non_repeating_flags=(--force --version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir)
    __cairn_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_fetch() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir)
    __cairn_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    esac
}

_cairn_pull() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(-C --cache-dir --strategy)
    __cairn_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '-C')
        __cairn_add_completions -d
        return
        ;;
    '--cache-dir')
        __cairn_add_completions -d
        return
        ;;
    '--strategy')
        __cairn_add_completions -W 'ours'$'\n''theirs'
        return
        ;;
    esac
}

_cairn_clone() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--endpoint --region --path-style --cache-dir)
    __cairn_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--endpoint')
        return
        ;;
    '--region')
        return
        ;;
    '--path-style')
        return
        ;;
    '--cache-dir')
        return
        ;;
    esac
}

_cairn_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __cairn_offer_flags_options -1
}

complete -o filenames -F _cairn cairn
