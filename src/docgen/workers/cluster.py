"""The file stages and whole audits on a Dask cluster (optional: docgen[cluster]).

One office needs none of this: `run` is the local pool (pool.run) unless `using(address)`
connected a dask.distributed scheduler. Then the items travel in batches to the
cluster's workers, and each batch runs there through the same pool, so every item
keeps its time and memory limits (a hostile file costs one timeout on a worker, as at
home). The workers must see the project at the same path (a shared disk). Results
come back to this process, which stores them in its content-addressed caches, so a
later audit, local or not, reuses them; the findings are those of a local run.

`map_calls` runs one call per item (e.g. one audit per project) on the cluster, or
here one after the other; results in the items' order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any

from ..errors import InputError
from . import pool

BATCH = 64
SCHEMES = ("tcp://", "tls://", "inproc://", "ws://", "wss://", "ucx://")
STATS: dict[str, int] = {"batches": 0, "calls": 0}  # sent to the cluster by this process

_client: Any = None  # the connected dask.distributed Client; None: the local pool
_on_worker = False  # in a call map_calls sent to a worker


@contextmanager
def using(address: Any) -> Iterator[None]:
    """Send `run` and `map_calls` to the scheduler at `address` (tcp://host:8786) while
    inside; None: the local pool. A Client may be given instead of an address."""
    global _client
    if address is None or _on_worker:  # a call map_calls sent runs its stages where it is
        yield
        return
    client, own = (_connect(address), True) if isinstance(address, str) else (address, False)
    before, _client = _client, client
    try:
        yield
    finally:
        _client = before
        if own:
            client.close()


def active() -> bool:
    return _client is not None


def check_address(address: str, where: str) -> str:
    """A scheduler address as docgen.yaml or --cluster give it, or an InputError."""
    text = address.strip() if isinstance(address, str) else ""
    if not text.startswith(SCHEMES) or len(text) <= len(text.split("://")[0]) + 3:
        raise InputError(
            f"{where} 的集群地址 {address!r} 不是 Dask 调度器地址。请写成 "
            "tcp://主机:8786 的形式，或去掉它在本机运行。"
        )
    return text


def _connect(address: str):
    try:
        from dask.distributed import Client
    except ImportError:
        raise InputError(
            "在集群上运行需要 dask.distributed：请运行 pip install 'docgen[cluster]'，"
            "或去掉 --cluster（以及 docgen.yaml 的 cluster）在本机运行。"
        ) from None
    try:
        return Client(address, timeout=20, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"无法连接 Dask 集群 {address}（{exc}）。请检查调度器是否已启动、地址和端口是否正确，"
            "或去掉 --cluster 在本机运行。"
        ) from None


# ---------------------------------------------------------------- the file stages


def run(
    items: Sequence[Any],
    fn: Callable[[Any], Any],
    alongside: pool.Background | None = None,
    **limits: Any,
) -> Iterator[tuple[int, Any]]:
    """pool.run's contract: (index, fn(item) or pool.Failed) in completion order."""
    if _client is None or not items:
        yield from pool.run(items, fn, alongside=alongside, **limits)
        return
    from dask.distributed import as_completed

    remote = _client.scatter(partial(_here, os.getcwd(), fn), broadcast=True, hash=False)
    numbered = list(enumerate(items))
    futures = [
        _client.submit(_batch, remote, numbered[s : s + BATCH], limits, pure=False)
        for s in range(0, len(numbered), BATCH)
    ]
    STATS["batches"] += len(futures)
    if alongside is not None:
        alongside.start()  # nothing is forked here meanwhile: the thread may run at once
    try:
        for future in as_completed(futures, loop=_client.loop):
            if alongside is not None and alongside.failed():
                return
            yield from future.result()
    finally:
        _client.cancel(futures)


def _batch(fn: Callable, batch: list[tuple[int, Any]], limits: dict) -> list[tuple[int, Any]]:
    """On a worker: the batch through the local pool, one sandboxed child at a time."""
    _allow_children()
    items = [item for _, item in batch]
    limits = {k: v for k, v in limits.items() if k != "workers"}  # one child at a time here
    return [(batch[j][0], r) for j, r in pool.run(items, fn, workers=1, **limits)]


def _here(cwd: str, fn: Callable, item: Any) -> Any:
    """fn(item) in the sandboxed child, from the caller's working folder (relative paths)."""
    if os.getcwd() != cwd:
        os.chdir(cwd)
    return fn(item)


def _allow_children() -> None:
    """A dask worker process is daemonic, and multiprocessing refuses a daemon children.
    Our children die with their parent anyway (lifeline.py), so the flag is lifted."""
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False  # no public way to lift it


# ---------------------------------------------------------------- whole calls


def map_calls(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """[fn(item) for item in items], on the cluster when one is connected. An exception
    a call raises is returned in its place (each project's input error is its own)."""
    if _client is None:
        return [_guarded(fn, item) for item in items]
    futures = [_client.submit(_remote_call, fn, item, pure=False) for item in items]
    STATS["calls"] += len(futures)
    return _client.gather(futures)


def _remote_call(fn: Callable, item: Any) -> Any:
    global _on_worker
    _allow_children()
    _on_worker = True
    return _guarded(fn, item)


def _guarded(fn: Callable, item: Any) -> Any:
    try:
        return fn(item)
    except InputError as exc:
        return exc
