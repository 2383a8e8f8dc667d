"""One job per project at a time (an audit, a preflight, a dossier build, a render):
a second request while one runs is told 正在运行. Long jobs run in a thread and report
progress the page polls; the result stays here until the next job of that kind."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError

LABELS = {
    "audit": "审核",
    "preflight": "预检",
    "build": "生成申报材料",
    "render": "生成公文",
    "rectify": "读入整改表",
}


class Busy(Exception):
    def __init__(self, job: Job) -> None:
        self.job = job
        self.message = (
            f"正在运行：{LABELS.get(job.kind, job.kind)}（已开始 {job.elapsed():.0f} 秒）。"
            "请等它完成后再试。"
        )
        super().__init__(self.message)


@dataclass
class Job:
    kind: str
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    total: int = 0
    state: str = "running"  # running | done | failed
    message: str = ""
    result: Any = None
    ended: float | None = None
    phase: str = ""

    def elapsed(self) -> float:
        return (self.ended or time.monotonic()) - self.started

    def progress(self, done: int, total: int, phase: str = "") -> None:
        """The pipeline's progress callback; `phase` names a step (读取文件文字)."""
        self.done, self.total, self.phase = done, total, phase

    def status(self) -> dict:
        return {
            "kind": self.kind,
            "label": LABELS.get(self.kind, self.kind),
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "phase": self.phase,
            "seconds": round(self.elapsed(), 1),
            "message": self.message,
        }


class Jobs:
    """The running and the last finished job of each project, by kind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[str, Job] = {}
        self._last: dict[tuple[str, str], Job] = {}

    def running(self, project: str) -> Job | None:
        return self._running.get(project)

    def last(self, project: str, kind: str) -> Job | None:
        return self._last.get((project, kind))

    def claim(self, project: str, kind: str) -> Job:
        with self._lock:
            busy = self._running.get(project)
            if busy is not None:
                raise Busy(busy)
            job = self._running[project] = Job(kind)
            return job

    def finish(self, project: str, job: Job) -> None:
        with self._lock:
            job.ended = time.monotonic()
            self._running.pop(project, None)
            self._last[(project, job.kind)] = job

    def run_now(self, project: str, kind: str, work: Callable[[Job], Any]) -> Job:
        """Run `work` in this thread under the project's lock."""
        job = self.claim(project, kind)
        _execute(job, work)
        self.finish(project, job)
        return job

    def start(self, project: str, kind: str, work: Callable[[Job], Any]) -> Job:
        """Run `work` in a thread under the project's lock; returns at once."""
        job = self.claim(project, kind)

        def target() -> None:
            _execute(job, work)
            self.finish(project, job)

        threading.Thread(target=target, name=f"desk-{kind}", daemon=True).start()
        return job


def _execute(job: Job, work: Callable[[Job], Any]) -> None:
    try:
        job.result = work(job)
        job.state = "done"
    except InputError as exc:
        job.state, job.message = "failed", exc.message
    except Exception as exc:  # noqa: BLE001 — the page says it failed; the log has why
        traceback.print_exc()
        job.state = "failed"
        job.message = f"运行出错（{type(exc).__name__}）。请查看启动 docgen serve 的窗口中的信息。"
