#!/bin/sh
# Makes sure the browser tests have Debian's headless Chromium and its WebDriver. Runs before the
# integration tests (exec-maven-plugin, pre-integration-test). Installs the two packages with apt
# only when one of them is missing; needs root (or sudo without a password) in that case.
# Arguments: the values of skipTests and skipITs.
set -eu

# Maven passes -DskipTests and -DskipITs: nothing to prepare when the tests do not run.
for skip in "$@"; do
    if [ "$skip" = "true" ]; then
        exit 0
    fi
done

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi

echo "ensure-chromium: /usr/bin/chromium or /usr/bin/chromedriver is missing; installing chromium chromium-driver" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
else
    echo "ensure-chromium: not root and no sudo; install the packages chromium and chromium-driver" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver
test -x /usr/bin/chromium && test -x /usr/bin/chromedriver
