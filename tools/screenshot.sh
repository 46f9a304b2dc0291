#!/usr/bin/env bash
# Opens the real window on the bundled demo under a virtual X server and
# saves a PNG of the whole 1400x900 screen.
#
#   tools/screenshot.sh [BINARY] [OUTPUT.png] [-- ARGS...]
#
# BINARY defaults to target/debug/xraypath, OUTPUT to target/screenshot.png,
# ARGS to `gui --demo`. Needs Xvfb and ImageMagick's `import`.
#
# XRAYPATH_SCREENSHOT_CLICKS="X,Y X,Y" clicks those screen points (with
# xdotool) before the picture is taken, e.g. "95,297" selects the demo's
# inventory-reports in the function list.
set -euo pipefail

binary=${1:-target/debug/xraypath}
output=${2:-target/screenshot.png}
shift $(( $# > 2 ? 2 : $# ))
if [[ ${1:-} == "--" ]]; then
    shift
fi
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
    args=(gui --demo)
fi
wait_seconds=${XRAYPATH_SCREENSHOT_WAIT:-6}
display=${XRAYPATH_DISPLAY:-:99}

for tool in Xvfb import; do
    if ! command -v "$tool" >/dev/null; then
        echo "screenshot.sh: $tool is missing (apt-get install xvfb imagemagick)" >&2
        exit 2
    fi
done
if [[ ! -x $binary ]]; then
    echo "screenshot.sh: no executable at $binary (cargo build first)" >&2
    exit 2
fi

# Only what this script starts is stopped, by process id.
server_pid=""
app_pid=""
cleanup() {
    [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
server_pid=$!
sleep 1

# No GPU here: Mesa's software renderer draws the glow backend.
DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1 WAYLAND_DISPLAY='' \
    "$binary" "${args[@]}" >"${output%.png}.log" 2>&1 &
app_pid=$!
sleep "$wait_seconds"

if ! kill -0 "$app_pid" 2>/dev/null; then
    echo "screenshot.sh: the app exited early; see ${output%.png}.log" >&2
    exit 1
fi
for point in ${XRAYPATH_SCREENSHOT_CLICKS:-}; do
    if ! command -v xdotool >/dev/null; then
        echo "screenshot.sh: xdotool is missing; clicks skipped" >&2
        break
    fi
    DISPLAY=$display xdotool mousemove "${point%,*}" "${point#*,}" click 1
    sleep 1
done
if [[ -n ${XRAYPATH_SCREENSHOT_CLICKS:-} ]]; then
    # Move the pointer away so no hover highlight lands in the picture.
    DISPLAY=$display xdotool mousemove 1399 899 2>/dev/null || true
    sleep 1
fi

mkdir -p "$(dirname "$output")"
DISPLAY=$display import -window root "$output"
echo "screenshot.sh: wrote $output"
