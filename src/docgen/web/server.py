"""`docgen serve`: start the desk on uvicorn, print its address (with the token) and
open the browser on it."""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import time
import webbrowser
from pathlib import Path

from ..errors import InputError
from .desk import Desk

LOOPBACK = "127.0.0.1"


def make_desk(directory: Path, host: str, port: int, max_upload_mib: int) -> Desk:
    root = Path(directory)
    if not root.is_dir():
        raise InputError(f"{root} 不是文件夹。请指定放项目的文件夹，例如 docgen serve D:\\创卫。")
    if host != LOOPBACK:
        _check_host(host)
    desk = Desk(root.resolve(), host=host, port=port, max_upload=max_upload_mib << 20)
    desk.port = _free_port(host) if port == 0 else _check_port(host, port)
    return desk


def _check_host(host: str) -> None:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise InputError(
            f"--host {host} 不是 IP 地址。请写本机的一个 IP 地址，如 192.168.1.20。"
        ) from None
    if address.is_unspecified:
        raise InputError(
            f"--host {host} 会在所有网卡上开放工作台。请写本机的一个具体地址（如 192.168.1.20）。"
        )


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _check_port(host: str, port: int) -> int:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host, port))
    except OSError:
        raise InputError(
            f"端口 {port} 已被占用（可能工作台已经开着）。请换一个端口，或去掉 --port 自动选择。"
        ) from None
    return port


def serve(directory: Path, host: str, port: int, browser: bool, max_upload_mib: int) -> None:
    import uvicorn

    from .app import build_app

    desk = make_desk(directory, host, port, max_upload_mib)
    if host != LOOPBACK:
        print(
            f"警告：工作台将在 {host} 上开放，同一网络中的其他电脑也能连上这个端口；"
            "只有知道下面地址（含 token）的人才能使用。用完请关闭本窗口。",
            file=sys.stderr,
        )
    app = build_app(desk)
    config = uvicorn.Config(
        app, host=host, port=desk.port, log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    threading.Thread(target=_announce, args=(server, desk.address, browser), daemon=True).start()
    try:
        server.run()
    finally:
        app.app.state.desk.uploads.close()


def _announce(server, address: str, browser: bool) -> None:
    """Print the address (and open the browser) once the server listens."""
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.05)
    print(f"docgen 网页工作台已启动：{address}", flush=True)
    print("请在浏览器中打开上面的地址（含 token）；关闭本窗口或按 Ctrl+C 停止。", flush=True)
    if browser:
        webbrowser.open(address)
