#!/bin/sh
# System packages for the test suite: Debian's chromium for the browser tests in tests/e2e.
# Installs it with apt-get when it is missing and we are root; otherwise prints a note.
# Never fails: without the browser, those tests are skipped.
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing Debian's chromium for the browser tests (apt-get install chromium)"
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
        echo "system-deps: chromium installed at /usr/bin/chromium"
    else
        echo "system-deps: could not install chromium; the browser tests will be skipped"
    fi
else
    echo "system-deps: no /usr/bin/chromium (and not root with apt-get); the browser tests will be skipped"
fi
exit 0
