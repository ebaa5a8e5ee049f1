#!/bin/sh
# Browser tests drive Debian's chromium through playwright-core (these machines cannot download
# Playwright's own browser builds). Installs it when missing; silent when it is there already.
# Never fails the test run itself: without chromium, test/express/browser.test.ts fails loudly
# with the reason, and every other test still runs.
set -u
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0
warn() { echo "ensure-chromium: $*" >&2; }
if [ "$(id -u)" -ne 0 ]; then
  warn "$CHROMIUM is missing and this is not root; install it with: sudo apt-get install -y chromium"
  exit 0
fi
warn "installing chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; } >&2; then
  warn "apt-get could not install chromium; the browser tests will fail"
fi
[ -x "$CHROMIUM" ] || warn "$CHROMIUM is still missing; the browser tests will fail"
exit 0
