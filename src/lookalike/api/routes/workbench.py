"""``GET /``: the web workbench, a page of plain HTML, JavaScript and CSS shipped in the package.

The page calls the public API with the key the user enters; it holds no secret of its own. In
demo mode (``demo-api-key.txt`` in the data directory) the key field is filled in with the demo
key, but only for a browser on this machine: the request must come from a loopback address, name
a loopback host and carry no proxy header, so a server behind a reverse proxy never hands the
key to other hosts.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from lookalike.api.deps import services_of
from lookalike.cli.demo import read_demo_key_or_none

ASSETS_DIR = Path(__file__).resolve().parent.parent / "workbench"
ASSETS_PATH = "/workbench"
DEMO_KEY_PLACEHOLDER = "{{demo_key}}"
_LOOPBACK_ADDRESSES = {"127.0.0.1", "::1", "localhost"}
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
_PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")

router = APIRouter(include_in_schema=False)


@cache
def _page_template() -> str:
    return (ASSETS_DIR / "index.html").read_text(encoding="utf-8")


def is_local_request(request: Request) -> bool:
    """True when the request comes from this machine, directly (not through a proxy)."""
    client = request.client.host if request.client else ""
    host = (request.headers.get("host") or "").lower()
    host_name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if any(name in request.headers for name in _PROXY_HEADERS):
        return False
    return client in _LOOPBACK_ADDRESSES and host_name in _LOOPBACK_HOSTS


@router.get("/", response_class=HTMLResponse)
def get_workbench(request: Request) -> HTMLResponse:
    """The workbench page; the demo key is filled in for a browser on this machine."""
    demo_key = None
    if is_local_request(request):
        demo_key = read_demo_key_or_none(services_of(request).settings)
    page = _page_template().replace(DEMO_KEY_PLACEHOLDER, html.escape(demo_key or "", quote=True))
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def install_workbench(app: FastAPI) -> None:
    """Serve the workbench page at ``/`` and its script and style under ``/workbench``."""
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="workbench")
    app.include_router(router)
