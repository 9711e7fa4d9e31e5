#!/usr/bin/env bash
# The manual page formats without a single warning, under groff with every warning on and under man(1).
# With the mailflow binary, every option its commands' --help lists must be in the page too.
#   check_manpage.sh FILE.1 [MAILFLOW]
set -uo pipefail
page=$1
mailflow=${2:-}
fail=0
groff_warnings=$(groff -man -ww -z "$page" 2>&1)
if [[ -n "$groff_warnings" ]]; then
    printf 'groff -man -ww -z:\n%s\n' "$groff_warnings"
    fail=1
fi
# man(1) renders for a terminal of 80 columns, where lines that cannot be filled would show up as warnings.
man_warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
if [[ -n "$man_warnings" ]]; then
    printf 'man --warnings -l:\n%s\n' "$man_warnings"
    fail=1
fi
# Every subcommand has its own section.
for section in 'mailflow run' 'mailflow serve' 'mailflow validate' 'mailflow scenarios' 'EXIT STATUS'; do
    if ! LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>/dev/null | grep -q "^ *$section"; then
        echo "missing section: $section"
        fail=1
    fi
done
if [[ -n "$mailflow" ]]; then
    rendered=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>/dev/null)
    for command in '' run serve validate scenarios; do
        help=$("$mailflow" $command --help 2>&1) || { echo "mailflow $command --help failed: $help"; fail=1; }
        for option in $(grep -oE -- '--[a-z][a-z-]+' <<<"$help" | sort -u); do
            if ! grep -qF -- "$option" <<<"$rendered"; then
                echo "mailflow $command has $option, which the manual page does not document"
                fail=1
            fi
        done
    done
fi
if [[ $fail -ne 0 ]]; then
    echo "FAIL: $page"
    exit 1
fi
echo "ok: $page"
