#!/bin/sh
# deps.sh PACKAGE... -- install the Debian packages that are missing.
# As root it runs apt-get (update first); otherwise it lists what is
# missing and fails, so `make` never half-works.
set -eu
missing=""
for p in "$@"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "akhbar: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "akhbar: missing Debian packages:$missing" >&2
    echo "akhbar: install them (sudo apt-get install$missing) or run this as root" >&2
    exit 1
fi
