"""The desk for tests: an app on a folder (Starlette's TestClient, no server), a client
that carries the cookie and the Origin a page of the desk sends, and helpers to upload."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="网页工作台需要 pip install '.[web]'，跳过")
pytest.importorskip("multipart", reason="网页工作台需要 python-multipart，跳过")

with warnings.catch_warnings():  # starlette 1.x asks for httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from docgen.web.app import build_app
from docgen.web.server import make_desk

CJK = re.compile(r"[\u4e00-\u9fff]")
ERROR = re.compile(r'id="error">([^<]*)<')


def desk_client(root: Path, max_upload_mib: int = 200, **kw) -> tuple[TestClient, object]:
    """(a client already let in, the desk) for the projects in `root`."""
    desk = make_desk(root, "127.0.0.1", 0, max_upload_mib)
    app = build_app(desk)
    client = TestClient(app, base_url=desk.origin, headers={"origin": desk.origin}, **kw)
    assert client.get(f"/?token={desk.token}").status_code == 200
    return client, desk


def stranger(desk, **headers) -> TestClient:
    """A client without the cookie."""
    return TestClient(build_app(desk), base_url=desk.origin, headers=headers)


def upload(client: TestClient, project: str, slot: str, name: str, data: bytes, sub: str = ""):
    return client.post(
        f"/p/{project}/upload",
        data={"slot": slot, "sub": sub},
        files={"file": (name, data, "application/octet-stream")},
    )


def pending_id(page: str) -> str:
    found = re.search(r'/upload/([0-9a-f]{32})"', page)
    assert found, page[:2000]
    return found.group(1)


def error_of(page: str) -> str:
    import html

    found = ERROR.search(page)
    return html.unescape(found.group(1)) if found else ""
