#!/usr/bin/env bash
# Installs the Debian packages prc builds against (when root), or prints the one command to run.
set -euo pipefail
need=()
for pkg in libpng-dev zlib1g-dev libopenblas-dev libssl-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "installing ${need[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "prc needs these Debian packages: ${need[*]}" >&2
  echo "run:  sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
