#!/usr/bin/env bash
# Build the connector's image and run spec, check, discover and read in it against a ShipStation
# sandbox on this machine; the records read must equal the sandbox's, and no credential may show up
# in any output. Run by `make image-test`; sets up what it needs on a fresh Debian machine as root.
#
# Environment (all optional):
#   ENGINE      podman or docker (default: whichever works; podman is installed if neither does)
#   BASE_IMAGE  base image to build on (default: the Dockerfile's with a docker engine; with podman,
#               which cannot reach a registry here, a local Debian bookworm stand-in, see
#               /work/shared/containers.md)
#   IMAGE       tag to build (default airbyte/source-shipstation:dev)
#   ORDERS      orders in the sandbox (default 300)
#   KEEP_WORK=1 keep the run's outputs even when every check passed
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
IMAGE=${IMAGE:-airbyte/source-shipstation:dev}
STAND_IN=localhost/python-base:bookworm
ORDERS=${ORDERS:-300}
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
STREAM_COUNT=12
API_KEY=sandbox_api_key_0123
API_SECRET=sandbox_api_secret_4567
BAD_SECRET=wrong_api_secret_8901

WORK=$(mktemp -d "${TMPDIR:-/tmp}/image-test.XXXXXX")
SANDBOX_PID=
ROOTFS=
PASSED=
TIMINGS=()
STARTED=$EPOCHREALTIME

say() { printf '\n== %s\n' "$*"; }
fail() {
    printf '\nimage-test FAILED: %s\n' "$*" >&2
    exit 1
}
elapsed() { awk -v now="$EPOCHREALTIME" -v then="$1" 'BEGIN { printf "%.1f", now - then }'; }
timed() {  # timed LABEL COMMAND...: run COMMAND, note how long it took
    local label=$1 t0=$EPOCHREALTIME rc=0
    shift
    "$@" || rc=$?
    TIMINGS+=("$(printf '%-28s %7ss' "$label" "$(elapsed "$t0")")")
    return "$rc"
}

cleanup() {
    if [ -n "$SANDBOX_PID" ]; then
        kill "$SANDBOX_PID" 2>/dev/null || true
        wait "$SANDBOX_PID" 2>/dev/null || true
    fi
    [ -z "$ROOTFS" ] || rm -rf "$ROOTFS"
    if [ -n "$PASSED" ] && [ -z "${KEEP_WORK:-}" ]; then
        rm -rf "$WORK"
    else
        echo "Outputs of this run: $WORK" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# -- container engine --------------------------------------------------------------------------------

engine_works() { command -v "$1" >/dev/null 2>&1 && "$1" info >/dev/null 2>&1; }

as_root() {
    [ "$(id -u)" = 0 ] || fail "$1 needs root; run this script as root, or do it yourself: see /work/shared/containers.md"
}

install_podman() {
    as_root "installing podman"
    say "Installing podman (neither podman nor a docker engine works here)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq podman runc fuse-overlayfs debootstrap >"$WORK/apt.log" 2>&1 ||
        fail "apt-get install podman failed: $(tail -n 5 "$WORK/apt.log")"
}

configure_podman() {
    # crun, podman's default runtime, fails on these machines' rlimits and hybrid cgroups; runc works.
    local conf=/etc/containers/containers.conf
    if grep -qs '^runtime = "runc"' "$conf"; then
        return
    fi
    if [ "$(id -u)" != 0 ]; then
        echo "note: $conf does not select runc; if containers fail to start, see /work/shared/containers.md" >&2
        return
    fi
    [ ! -e "$conf" ] || cp "$conf" "$conf.before-image-test"
    mkdir -p /etc/containers
    cat >"$conf" <<'EOF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
EOF
    echo "wrote $conf (runc, cgroupfs)"
}

choose_engine() {
    if [ -n "${ENGINE:-}" ]; then
        engine_works "$ENGINE" || fail "ENGINE=$ENGINE does not work ($ENGINE info failed)"
    elif engine_works podman; then
        ENGINE=podman
    elif engine_works docker; then
        ENGINE=docker
    else
        install_podman
        ENGINE=podman
        engine_works podman || fail "podman was installed but 'podman info' fails"
    fi
    [ "$ENGINE" != podman ] || configure_podman
    echo "engine: $ENGINE ($("$ENGINE" --version))"
}

# -- base image and build ----------------------------------------------------------------------------

build_stand_in() {
    # No registry is reachable from podman here: Debian bookworm (Python 3.11, like the real base).
    if ! command -v debootstrap >/dev/null 2>&1; then
        as_root "installing debootstrap"
        apt-get install -y -qq debootstrap >"$WORK/apt.log" 2>&1 || fail "apt-get install debootstrap failed"
    fi
    as_root "debootstrap"
    ROOTFS=$(mktemp -d)
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
        bookworm "$ROOTFS" >"$WORK/debootstrap.log" 2>&1 ||
        fail "debootstrap failed: $(tail -n 5 "$WORK/debootstrap.log")"
    tar -C "$ROOTFS" -c . | podman import - "$STAND_IN" >"$WORK/import.log" 2>&1 ||
        fail "podman import failed: $(tail -n 5 "$WORK/import.log")"
    rm -rf "$ROOTFS"
    ROOTFS=
}

build_image() {
    local args=(build -t "$IMAGE")
    local base=${BASE_IMAGE:-}
    if [ "$ENGINE" = podman ]; then
        # PyPI is reached through an intercepting proxy whose CA is in the host's bundle.
        args+=(--network host)
        [ ! -f "$CA_BUNDLE" ] || args+=(-v "$CA_BUNDLE:$CA_BUNDLE:ro")
        if [ -z "$base" ]; then
            base=$STAND_IN
            podman image exists "$STAND_IN" || timed "stand-in base (debootstrap)" build_stand_in
        fi
    fi
    [ -z "$base" ] || args+=(--build-arg "BASE_IMAGE=$base")
    say "Building $IMAGE on ${base:-the base image the Dockerfile names}"
    if ! "$ENGINE" "${args[@]}" . >"$WORK/build.log" 2>&1; then
        tail -n 30 "$WORK/build.log" >&2
        fail "the image did not build (log: $WORK/build.log)"
    fi
    tail -n 3 "$WORK/build.log"
}

# -- sandbox -----------------------------------------------------------------------------------------

ensure_venv() {
    if [ ! -x "$PY" ] || ! "$PY" -c "import airbyte_protocol.models, source_shipstation" 2>/dev/null; then
        say "Installing the connector and its test tools into .venv"
        if command -v make >/dev/null 2>&1; then
            make --no-print-directory .venv/bin/.installed  # the Makefile's own install step
        else
            python3 -m venv .venv
            .venv/bin/pip install --quiet -e ".[dev]"
        fi
    fi
}

start_sandbox() {
    [ -f shipstation_sandbox/__main__.py ] || fail "the sandbox package shipstation_sandbox/ is missing"
    : >"$WORK/sandbox.log"
    "$PY" -m shipstation_sandbox --port 0 --orders "$ORDERS" >"$WORK/sandbox.log" 2>&1 &
    SANDBOX_PID=$!
    local waited=0
    until URL=$(sed -n 's/^ShipStation sandbox listening on \(http[^ ]*\)$/\1/p' "$WORK/sandbox.log") && [ -n "$URL" ]; do
        kill -0 "$SANDBOX_PID" 2>/dev/null || fail "the sandbox exited: $(tail -n 5 "$WORK/sandbox.log")"
        [ "$waited" -lt 600 ] || fail "the sandbox did not say where it listens within 60 s"
        sleep 0.1
        waited=$((waited + 1))
    done
    echo "sandbox: $URL ($ORDERS orders)"
}

write_inputs() {
    mkdir -p "$WORK/secrets"
    printf '{"api_key": "%s", "api_secret": "%s"}\n' "$API_KEY" "$API_SECRET" >"$WORK/secrets/config.json"
    printf '{"api_key": "%s", "api_secret": "%s"}\n' "$API_KEY" "$BAD_SECRET" >"$WORK/secrets/config_bad.json"
    # The container runs as uid 1000: it must be able to read the mounted files.
    chmod 755 "$WORK" "$WORK/secrets"
    chmod 644 "$WORK"/secrets/*.json
}

# -- runs and checks ---------------------------------------------------------------------------------

connector() {  # connector NAME ARGS...: run the image with ARGS; stdout/stderr to $WORK/NAME.{out,err}
    local name=$1 rc=0
    shift
    timed "run: $name" "$ENGINE" run --rm --network host -e "SHIPSTATION_API_BASE_URL=$URL" \
        -v "$WORK/secrets:/secrets:ro" "$IMAGE" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
    echo "$name: exit $rc, $(wc -l <"$WORK/$name.out") stdout lines, $(wc -c <"$WORK/$name.err") bytes on stderr"
    return "$rc"
}

must_exit_zero() {
    local name=$1
    shift
    connector "$name" "$@" || fail "'$*' exited non-zero; stderr: $(tail -n 5 "$WORK/$name.err")"
}

check() { "$PY" scripts/image_checks.py "$@" || fail "the $1 check failed (outputs in $WORK)"; }

run_checks() {
    say "spec"
    must_exit_zero spec spec
    check spec "$WORK/spec.out"

    say "check (good credentials, then a wrong secret)"
    must_exit_zero check check --config /secrets/config.json
    check check "$WORK/check.out" SUCCEEDED
    connector check_bad check --config /secrets/config_bad.json || true
    check check "$WORK/check_bad.out" FAILED

    say "discover"
    must_exit_zero discover discover --config /secrets/config.json
    check discover "$WORK/discover.out" "$STREAM_COUNT" "$WORK/secrets/catalog.json"
    chmod 644 "$WORK/secrets/catalog.json"

    say "read (every stream, full refresh)"
    must_exit_zero read read --config /secrets/config.json --catalog /secrets/catalog.json
    timed "check: read vs truth" check read "$WORK/read.out" "$WORK/secrets/catalog.json" "$URL"

    say "read --debug"
    must_exit_zero read_debug read --debug --config /secrets/config.json --catalog /secrets/catalog.json
    timed "check: debug read vs truth" check read-debug "$WORK/read_debug.out" "$WORK/secrets/catalog.json" "$URL"

    say "credentials in the outputs"
    check secrets "$API_KEY" "$API_SECRET,$BAD_SECRET" "$WORK"/*.out "$WORK"/*.err

    say "user"
    local uid
    uid=$("$ENGINE" run --rm --entrypoint id "$IMAGE" -u) || fail "could not run 'id -u' in the image"
    [ "$uid" != 0 ] || fail "the image runs as root"
    echo "ok user: uid $uid"
}

main() {
    say "Setup"
    timed "engine setup" choose_engine
    timed "venv" ensure_venv
    timed "image build" build_image
    local size
    size=$("$ENGINE" image inspect --format '{{.Size}}' "$IMAGE")
    timed "sandbox start" start_sandbox
    write_inputs
    run_checks
    PASSED=1

    say "Summary"
    printf 'image %s: %s MB\n' "$IMAGE" "$((size / 1000000))"
    printf '%s\n' "${TIMINGS[@]}"
    printf '%-28s %7ss\n' "total" "$(elapsed "$STARTED")"
    echo "image-test passed"
}

main
