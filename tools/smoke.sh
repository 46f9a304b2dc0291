#!/usr/bin/env bash
# Starts the real app on the demo account in a virtual display, keeps it up
# for a few seconds, and fails if it exits early. Saves a screenshot.
set -euo pipefail
binary=${1:-target/debug/xraypath}
shot=${2:-target/smoke.png}
seconds=${SMOKE_SECONDS:-8}

display=:97
Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1

DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1 "$binary" gui --demo &
app=$!
sleep "$seconds"
if ! kill -0 "$app" 2>/dev/null; then
  wait "$app" && code=0 || code=$?
  echo "smoke: xraypath exited early with code $code" >&2
  exit 1
fi
if command -v import >/dev/null; then
  DISPLAY=$display import -window root "$shot" && echo "smoke: screenshot in $shot"
fi
kill "$app"
wait "$app" 2>/dev/null || true
echo "smoke: the app stayed up for ${seconds}s"
