#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (with a CJK font, so Chinese renders). Install both when missing
# and this machine can (root with apt-get); otherwise say what to install. Nothing is downloaded by a test tool.
set -u
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'wenquanyi\|wqy'; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium and fonts-wqy-microhei for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null && exit 0
fi
echo "warning: the browser tests need Chromium at /usr/bin/chromium and a CJK font (Debian: apt-get install chromium fonts-wqy-microhei)" >&2
exit 0
