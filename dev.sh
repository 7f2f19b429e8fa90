#!/bin/sh
# Set up and run archwg on a fresh machine that has only Python, pip and apt.
#
#   ./dev.sh run     set up .venv, then check and list the specs, carry the action
#                    items, print the next agenda and the review status, build the spec site
#                    (doc/build/html) and the status site (site/build)
#   ./dev.sh test    set up .venv, then run the whole test suite
#   ./dev.sh bench   set up .venv, then print the benchmarks' figures
set -eu
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
BIN=$VENV/bin

need_git() {
    # GitPython drives the git program: the lifecycle commands and the tests need it.
    command -v git >/dev/null 2>&1 && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing git with apt-get" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git >/dev/null
    else
        echo "dev.sh: git is not installed; install it (e.g. sudo apt-get install git)" >&2
        exit 1
    fi
}

need_browser() {
    # The site tests look at the pages in headless Chromium driven by Selenium.
    command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing chromium and chromium-driver with apt-get" >&2
        apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "dev.sh: no chromium/chromedriver: the browser tests will skip (install chromium chromium-driver)" >&2
    fi
}

install() {
    "$PYTHON" -m venv "$VENV" &&
        "$BIN/pip" install --quiet --upgrade pip &&
        "$BIN/pip" install --quiet -e '.[all,test]'
}

setup() {
    need_git
    # Reinstall only when pyproject.toml changed since the last install. pip's own
    # output goes to .venv/install.log, shown only when the install fails.
    if [ ! -x "$BIN/archwg" ] || [ pyproject.toml -nt "$VENV/.installed" ]; then
        echo "installing archwg into $VENV (log: $VENV/install.log)" >&2
        mkdir -p "$VENV"
        if ! install >"$VENV/install.log" 2>&1; then
            cat "$VENV/install.log" >&2
            echo "dev.sh: the install failed; its log is $VENV/install.log" >&2
            exit 1
        fi
        touch "$VENV/.installed"
    fi
}

heading() {
    printf '\n== %s ==\n\n' "$1"
}

case "${1:-}" in
    run)
        setup
        heading "Specs: archwg check, archwg list"
        "$BIN/archwg" check
        "$BIN/archwg" list
        heading "Next meeting: archwg carry-actions, archwg agenda"
        "$BIN/archwg" carry-actions
        "$BIN/archwg" agenda
        # Offline: the review states of the last `archwg gerrit sync`, or a note that there are none.
        heading "Reviews: archwg status"
        "$BIN/archwg" status
        heading "Sites: sphinx-build, archwg site"
        "$BIN/sphinx-build" -W -q -b html doc/source doc/build/html
        echo "spec site built in doc/build/html/index.html"
        "$BIN/archwg" site site/build
        ;;
    test)
        setup
        need_browser
        shift
        "$BIN/python" -m pytest -q "$@"
        ;;
    bench)
        setup
        "$BIN/python" benchmarks/bench_specs.py
        "$BIN/python" benchmarks/bench_meetings.py
        "$BIN/python" benchmarks/bench_gerrit.py
        "$BIN/python" benchmarks/bench_site.py
        "$BIN/python" benchmarks/bench_bot.py
        ;;
    *)
        sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
