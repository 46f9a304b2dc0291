"""Start a moto server for xraypath's tests, with a few X-Ray fixes.

Usage: python tools/moto_server.py PORT [--exit-on-stdin-eof]

Serves every AWS service moto emulates on 127.0.0.1:PORT until killed and
prints "moto ready on 127.0.0.1:PORT" once it accepts requests. AWS managed
IAM policies (AWSXRayDaemonWriteAccess, ...) are loaded.

With --exit-on-stdin-eof the server also stops when its standard input
closes, so a test process that dies without cleaning up takes it along.

moto 5.2.5's X-Ray GetTraceSummaries is patched in two places:
- each summary's "Users" is an object, which the Rust SDK rejects: it
  becomes the list the API specifies;
- filter expressions are not implemented: `service("NAME")` (the one form
  xraypath sends) keeps the traces that have a segment named NAME;
- "StartTime" and "Http" are missing and "Duration" is whole seconds: they
  are filled from the segments the way X-Ray does (earliest start, the
  entry segment's HTTP request and response, earliest start to latest end).
"""

import os
import re
import sys
import threading
import time

# Must be set before moto's IAM backend is imported.
os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
# The request recorder (used by the read-only test) writes to a file: keep
# it out of the working tree, one file per server.
if "MOTO_RECORDER_FILEPATH" not in os.environ:
    import tempfile

    os.environ["MOTO_RECORDER_FILEPATH"] = os.path.join(
        tempfile.gettempdir(), f"xraypath-moto-recording-{os.getpid()}.jsonl"
    )

from moto.server import ThreadedMotoServer  # noqa: E402
from moto.xray import models as xray_models  # noqa: E402

SERVICE_FILTER = re.compile(r'^\s*service\(\s*"([^"]*)"\s*\)\s*$')


def patch_xray() -> None:
    """Fixes GetTraceSummaries' Users shape and `service("NAME")` filters."""
    collection = xray_models.SegmentCollection
    original = collection.summary

    def summary(self, start_time, end_time, filter_expression=None):
        wanted = None
        if filter_expression:
            match = SERVICE_FILTER.match(filter_expression)
            if match is None:
                # Anything else still fails the way moto does.
                return original(self, start_time, end_time, filter_expression)
            wanted = match.group(1)

        result = original(self, start_time, end_time, None)
        summaries = result["TraceSummaries"]
        if wanted is not None:
            summaries = [
                s
                for s in summaries
                if any(seg.name == wanted for seg in self._traces[s["Id"]]["segments"])
            ]
        for s in summaries:
            s["Users"] = []
            s.update(timing_and_http(self._traces[s["Id"]]["segments"]))
        result["TraceSummaries"] = summaries
        result["TracesProcessedCount"] = len(summaries)
        return result

    collection.summary = summary


def timing_and_http(segments) -> dict:
    """StartTime, Duration and Http of a trace summary, from its segments."""
    starts = [seg.start_time for seg in segments]
    ends = [seg.end_time for seg in segments if seg.end_time is not None]
    fields = {"StartTime": min(starts), "Duration": max(ends) - min(starts)}
    entry = next((seg for seg in segments if seg.parent_id is None), None)
    http = entry.http if entry is not None and isinstance(entry.http, dict) else {}
    request = http.get("request") or {}
    response = http.get("response") or {}
    fields["Http"] = {
        key: value
        for key, value in (
            ("HttpURL", request.get("url")),
            ("HttpMethod", request.get("method")),
            ("HttpStatus", response.get("status")),
        )
        if value is not None
    }
    return fields


def exit_on_stdin_eof() -> None:
    """Stops the whole process once standard input reaches end of file."""

    def watch() -> None:
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def main() -> None:
    args = sys.argv[1:]
    if not args or len(args) > 2 or (len(args) == 2 and args[1] != "--exit-on-stdin-eof"):
        sys.exit("usage: moto_server.py PORT [--exit-on-stdin-eof]")
    port = int(args[0])
    if len(args) == 2:
        exit_on_stdin_eof()

    patch_xray()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    print(f"moto ready on 127.0.0.1:{port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
