#!/usr/bin/env bash
# ensure.sh PART... — install what faultline's build, tests and demo need, idempotently.
#
# Parts: rust node chromium browsers python (or: all)
# Each part checks first and skips what is already there; nothing is printed when
# there is nothing to do. Meant to run as root on a fresh Debian machine whose only
# network is the package registries (apt, crates.io, npm, PyPI): nothing here
# downloads a prebuilt toolchain or browser of its own.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

BUGSINK_VERSION=2.6.2
SENTRY_RELAY_VERSION=0.10.1
VENV="$ROOT/.tools/venv"

say() { echo "ensure: $*" >&2; }
die() { echo "ensure: error: $*" >&2; exit 1; }

APT_UPDATED=
apt_install() {
    # apt_install PKG... — install only the packages not yet installed.
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]}"
    if [ -z "$APT_UPDATED" ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        APT_UPDATED=1
    fi
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_rust() {
    if ! command -v cargo >/dev/null; then
        # No rustup.rs here (registries only): Debian ships rustup from trixie on.
        apt_install rustup || die "no cargo and no rustup package: install Rust first"
        rustup default stable >/dev/null
    fi
    if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "rustup target add wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown >/dev/null
    fi
    # wasm-bindgen-cli must be exactly the version Cargo.lock resolved for wasm-bindgen.
    local want
    want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock" 2>/dev/null || true)"
    [ -n "$want" ] || die "no wasm-bindgen in Cargo.lock: run 'cargo generate-lockfile --target wasm32-unknown-unknown' or a wasm build first"
    if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
        # Not --locked: one of its locked dependency versions is not served by the registry.
        say "cargo install wasm-bindgen-cli --version $want (several minutes)"
        cargo install -q wasm-bindgen-cli --version "$want" --force
    fi
}

ensure_node() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        apt_install nodejs npm
    fi
    local stamp="$ROOT/node_modules/.package-lock.json"
    if [ ! -d "$ROOT/node_modules" ] || [ ! -f "$stamp" ] || [ "$ROOT/package.json" -nt "$stamp" ]; then
        say "npm install"
        (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    fi
}

ensure_chromium() {
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && return 0
    apt_install chromium chromium-driver
}

ensure_browsers() {
    ensure_chromium
    apt_install firefox-esr webkit2gtk-driver xvfb
    if ! command -v geckodriver >/dev/null; then
        command -v cargo >/dev/null || ensure_rust
        say "cargo install geckodriver --locked (about 2 minutes)"
        cargo install -q geckodriver --locked
    fi
}

ensure_python() {
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - "$BUGSINK_VERSION" "$SENTRY_RELAY_VERSION" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
import bugsink, sentry_relay.processing  # noqa: F401
sys.exit(0 if (version("bugsink"), version("sentry-relay")) == (sys.argv[1], sys.argv[2]) else 1)
EOF
    then
        return 0
    fi
    command -v python3 >/dev/null || apt_install python3
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        apt_install python3-venv
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        say "python3 -m venv .tools/venv"
        mkdir -p "$(dirname "$VENV")"
        python3 -m venv "$VENV"
    fi
    say "pip install bugsink==$BUGSINK_VERSION sentry-relay==$SENTRY_RELAY_VERSION"
    "$VENV/bin/pip" install -q --disable-pip-version-check \
        "bugsink==$BUGSINK_VERSION" "sentry-relay==$SENTRY_RELAY_VERSION"
}

[ $# -gt 0 ] || die "usage: $0 rust|node|chromium|browsers|python|all ..."
for part in "$@"; do
    case "$part" in
        rust) ensure_rust ;;
        node) ensure_node ;;
        chromium) ensure_chromium ;;
        browsers) ensure_browsers ;;
        python) ensure_python ;;
        all) ensure_rust; ensure_node; ensure_browsers; ensure_python ;;
        *) die "unknown part '$part' (rust node chromium browsers python all)" ;;
    esac
done
