"""``/docs`` (Swagger UI) and ``/redoc`` served from files installed with the package, no CDN.

The JavaScript and CSS come from the ``fastapi-offline`` package, which ships Swagger UI's and
ReDoc's dist files; they are mounted at ``/docs-assets``. The app is built with
``docs_url=None, redoc_url=None`` so that FastAPI's CDN pages are not registered as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_PATH = "/docs-assets"
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
_OAUTH2_REDIRECT = "/docs/oauth2-redirect"
# Each page's URL arguments, as paths below the app's root path.
_SWAGGER_UI_URLS = {
    "oauth2_redirect_url": _OAUTH2_REDIRECT,
    "swagger_js_url": f"{ASSETS_PATH}/swagger-ui-bundle.js",
    "swagger_css_url": f"{ASSETS_PATH}/swagger-ui.css",
    "swagger_favicon_url": f"{ASSETS_PATH}/favicon.png",
}
_REDOC_URLS = {
    "redoc_js_url": f"{ASSETS_PATH}/redoc.standalone.js",
    "redoc_favicon_url": f"{ASSETS_PATH}/favicon.png",
}


def install_docs(app: FastAPI, openapi_url: str = "/openapi.json") -> None:
    """Serve the Swagger UI page at ``/docs`` and the ReDoc page at ``/redoc`` from local assets."""
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        urls = _rooted_urls(request, {"openapi_url": openapi_url, **_SWAGGER_UI_URLS})
        return get_swagger_ui_html(title=f"{app.title} - Swagger UI", **urls)

    @app.get(_OAUTH2_REDIRECT, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        urls = _rooted_urls(request, {"openapi_url": openapi_url, **_REDOC_URLS})
        return get_redoc_html(title=f"{app.title} - ReDoc", with_google_fonts=False, **urls)


def _rooted_urls(request: Request, paths: Mapping[str, str]) -> dict[str, Any]:
    """``paths`` below the request's root path, so the pages work behind a proxy's prefix."""
    root = request.scope.get("root_path", "")
    return {name: f"{root}{path}" for name, path in paths.items()}
