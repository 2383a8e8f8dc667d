"""Who may talk to the desk: the browser that opened the printed address.

Every request must carry the per-start token: once in the address (`?token=…`, which
is swapped for an HttpOnly SameSite=Strict cookie and dropped from the address), then
in that cookie. The Host header must be the address served (a page on another site
that rebinds its name to 127.0.0.1 sends its own name), a form post must come from a
page of the desk (Origin, or Referer when there is no Origin), and a request body may
not pass the upload limit. Anything else is answered 403 (413 for a body too big)."""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode

from .desk import Desk

COOKIE = "docgen_desk"
SAFE_METHODS = (b"GET", b"HEAD")
FORM_SLACK = 1 << 20  # the form's other fields and boundaries around the one file
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
CSP = (
    b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    b"frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"
)
PLAIN_CSP = b"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
PLAIN_STYLE = (
    "<style>body{font-family:sans-serif;margin:3em auto;max-width:40em;color:#1f2933}"
    "p{background:#fdecec;border:1px solid #e5a3a3;color:#8b1a1a;padding:1em;"
    "border-radius:4px}</style>"
)
FORBIDDEN = (
    f"<!doctype html><meta charset=utf-8><title>禁止访问</title>{PLAIN_STYLE}"
    "<h1>禁止访问</h1><p>请用 docgen serve 启动时显示的地址（含 token）打开网页工作台。"
    "这个地址只在启动它的电脑上、本次启动期间有效。</p>"
)


class Guard:
    """ASGI middleware in front of the whole app."""

    def __init__(self, app, desk: Desk) -> None:
        self.app = app
        self.desk = desk

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        why = self.refusal(scope, headers)
        if why == "token":
            await self.welcome(scope, send)
            return
        if why is not None:
            status, text = (413, why) if why.startswith("上传") else (403, FORBIDDEN)
            await _plain(send, status, text)
            return
        await self.app(scope, receive, _secured(send))

    def refusal(self, scope, headers: dict[bytes, bytes]) -> str | None:
        """None to let the request through, "token" for the address with the token,
        else why it is refused."""
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if host != f"{self.desk.host}:{self.desk.port}".lower():
            return "host"
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query and secrets.compare_digest(query["token"], self.desk.token):
            return "token" if scope["method"] == "GET" else "method"
        if not secrets.compare_digest(_cookie(headers), self.desk.token):
            return "cookie"
        if scope["method"].encode() not in SAFE_METHODS:
            return self.post_refusal(headers)
        return None

    def post_refusal(self, headers: dict[bytes, bytes]) -> str | None:
        origin = headers.get(b"origin", b"").decode("latin-1")
        referer = headers.get(b"referer", b"").decode("latin-1")
        if origin and origin != self.desk.origin:
            return "origin"
        if not origin and not referer.startswith(self.desk.origin + "/"):
            return "origin"
        length = headers.get(b"content-length")
        if length is None and headers.get(b"transfer-encoding"):
            return "length"
        limit = self.desk.max_upload + FORM_SLACK
        if length is not None and (not length.isdigit() or int(length) > limit):
            mib = self.desk.max_upload >> 20
            return (
                f"上传的文件太大：每个文件不能超过 {mib} MiB（docgen serve --max-upload 可调整）。"
            )
        return None

    async def welcome(self, scope, send) -> None:
        """The printed address: set the cookie and send the browser on without the token."""
        query = [
            (k, v)
            for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))
            if k != "token"
        ]
        path = scope.get("raw_path") or quote(scope.get("path", "/")).encode("ascii")
        target = path.decode("ascii") + (f"?{urlencode(query)}" if query else "")
        cookie = f"{COOKIE}={self.desk.token}; HttpOnly; SameSite=Strict; Path=/"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", target.encode("ascii")),
                    (b"set-cookie", cookie.encode("latin-1")),
                    *HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _headers(scope) -> dict[bytes, bytes]:
    out: dict[bytes, bytes] = {}
    for key, value in scope.get("headers", []):
        if key in out and key != b"cookie":
            out[key] = b""  # a header sent twice is not trusted
        else:
            out[key] = out[key] + b"; " + value if key in out else value
    return out


def _cookie(headers: dict[bytes, bytes]) -> str:
    jar = SimpleCookie()
    try:
        jar.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # noqa: BLE001 — a malformed cookie header is no cookie
        return ""
    morsel = jar.get(COOKIE)
    return morsel.value if morsel is not None else ""


def _secured(send):
    async def wrapped(message) -> None:
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _ in message.get("headers", [])}
            extra = [h for h in HEADERS if h[0] not in names]
            if b"content-security-policy" not in names:
                extra.append((b"content-security-policy", CSP))
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


async def _plain(send, status: int, text: str) -> None:
    body = text.encode("utf-8") if text.startswith("<") else _page(text)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", PLAIN_CSP),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _page(text: str) -> bytes:
    from html import escape

    return f"<!doctype html><meta charset=utf-8>{PLAIN_STYLE}<p>{escape(text)}</p>".encode()
