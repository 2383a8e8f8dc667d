"""Web desk benchmark: `docgen serve` started on a fresh demo project (uvicorn, as the
clerk runs it), then

- the time from "审核" (the POST of the audit form) to the report page answering, for
  a cold audit (docgen's caches empty) and a warm one (nothing changed);
- requests per second for the report page (`/p/NAME/report`, the HTML report
  rendered from the last audit on every request), with the desk's token cookie, from
  CLIENTS threads each with its own connection, for SECONDS seconds; errors counted.

    .venv/bin/python bench/web.py [--clients 1,4,8] [--seconds 10] [--dir /tmp/x]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

TODAY = "2026-11-01"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(folder: Path) -> tuple[subprocess.Popen, str]:
    cmd = [sys.executable, "-m", "docgen", "serve", str(folder), "--no-browser"]
    cmd += ["--port", str(free_port())]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        raise SystemExit(f"docgen serve did not print its address: {line!r}")
    return proc, line[line.index("http://") :].strip()


def client(address: str, cookies=None) -> httpx.Client:
    base = address.split("/?")[0]
    c = httpx.Client(base_url=base, headers={"origin": base}, cookies=cookies, timeout=300)
    if cookies is None:
        assert c.get(address, follow_redirects=True).status_code == 200
    return c


def audit_to_report(c: httpx.Client, name: str) -> float:
    t0 = time.perf_counter()
    r = c.post(f"/p/{name}/audit", data={"today": TODAY}, follow_redirects=False)
    assert r.status_code == 303, r.status_code
    while c.get(f"/p/{name}/job").json()["state"] == "running":
        time.sleep(0.05)
    assert c.get(f"/p/{name}/report").status_code == 200
    return time.perf_counter() - t0


def load(address: str, cookies, name: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        mine, bad = [], 0
        c = client(address, cookies)
        while time.perf_counter() < stop:
            t = time.perf_counter()
            try:
                ok = c.get(f"/p/{name}/report").status_code == 200
            except httpx.HTTPError:
                ok = False
            mine.append(time.perf_counter() - t)
            bad += not ok
        c.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {
        "clients": clients,
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[int(0.95 * (len(latencies) - 1))],
        "errors": errors[0],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", default="1,4,8")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--dir", type=Path, default=None)
    args = ap.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-web-"))
    project = work / "demo"
    subprocess.run(
        [sys.executable, "-m", "docgen", "demo", str(project), "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    proc, address = start(work)
    try:
        c = client(address)
        cold = audit_to_report(c, "demo")
        warm = audit_to_report(c, "demo")
        size = len(c.get("/p/demo/report").content)
        cookies = dict(c.cookies)
        c.close()
        print(f"审核→报告（示例项目，经 docgen serve）：冷 {cold:.2f} s，热 {warm:.2f} s")
        print(f"报告页 /p/demo/report：{size / 1024:.0f} KiB")
        for n in (int(x) for x in args.clients.split(",")):
            r = load(address, cookies, "demo", n, args.seconds)
            print(
                f"  {r['clients']} 个并发客户端：{r['rps']:.1f} 次/秒（{r['requests']} 次），"
                f"p50 {r['p50'] * 1000:.0f} ms，p95 {r['p95'] * 1000:.0f} ms，错误 {r['errors']}"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print(f"CPU 核数 {os.cpu_count()}，负载 {os.getloadavg()[0]:.1f}（1 分钟平均）")


if __name__ == "__main__":
    main()
