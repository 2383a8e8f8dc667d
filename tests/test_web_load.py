"""20 browser sessions polling one project while its audit runs: `docgen serve` as a
real server (uvicorn in a subprocess), each session with its own cookie from the printed
address, every answer 200 and the audit's result the same as without them."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="网页工作台需要 pip install '.[web]'，跳过")

SESSIONS = 20


def _serve(folder: Path) -> tuple[subprocess.Popen, str, int, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "docgen", "serve", str(folder), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    line = proc.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", line)
    assert found, line + proc.stderr.read()
    return proc, "127.0.0.1", int(found.group(1)), found.group(2)


class Session:
    """One browser: the token swapped for its cookie, then plain requests."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection(host, port, timeout=60)
        self.origin = f"http://{host}:{port}"
        self.conn.request("GET", f"/?token={token}")
        r = self.conn.getresponse()
        r.read()
        assert r.status == 303
        self.cookie = r.getheader("set-cookie").split(";")[0]

    def get(self, path: str) -> tuple[int, bytes]:
        self.conn.request("GET", path, headers={"cookie": self.cookie})
        r = self.conn.getresponse()
        return r.status, r.read()

    def post(self, path: str, body: str) -> int:
        headers = {
            "cookie": self.cookie,
            "origin": self.origin,
            "content-type": "application/x-www-form-urlencoded",
        }
        self.conn.request("POST", path, body=body.encode(), headers=headers)
        r = self.conn.getresponse()
        r.read()
        return r.status


def test_twenty_sessions_poll_while_the_audit_runs(demo_copy):
    proc, host, port, token = _serve(demo_copy.parent)
    name = demo_copy.name
    try:
        sessions = [Session(host, port, token) for _ in range(SESSIONS)]
        statuses: list[int] = []
        stop = threading.Event()

        def poll(s: Session) -> None:
            while not stop.is_set():
                for path in (f"/p/{name}/job", f"/p/{name}/audit"):
                    statuses.append(s.get(path)[0])

        assert sessions[0].post(f"/p/{name}/audit", "today=2026-11-01") == 303
        threads = [threading.Thread(target=poll, args=(s,)) for s in sessions[1:]]
        started = time.monotonic()
        for t in threads:
            t.start()
        while b'"running"' in sessions[0].get(f"/p/{name}/job")[1]:
            time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join()
        seconds = time.monotonic() - started
        assert statuses and set(statuses) == {200}, sorted(set(statuses))
        status, page = sessions[0].get(f"/p/{name}/audit")
        _, data = sessions[0].get(f"/p/{name}/download/json")
        errors = json.loads(data)["summary"]["errors"]  # the demo plants some (its count moves)
        assert status == 200 and errors > 0 and f"{errors} 个错误".encode() in page
        print(f"{len(statuses)} requests from {SESSIONS - 1} sessions in {seconds:.1f} s")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
