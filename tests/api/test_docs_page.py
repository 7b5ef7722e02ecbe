"""``/docs`` and ``/redoc`` work offline: every asset they name is served by the app itself."""

from __future__ import annotations

import re

import httpx
import pytest

pytestmark = pytest.mark.anyio
_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_page_names_only_assets_the_app_serves(
    client: httpx.AsyncClient, page: str
) -> None:
    response = await client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "http://" not in html and "https://" not in html
    assets = _ASSET.findall(html)
    assert len(assets) >= 2  # at least the script and the favicon
    for asset in assets:
        fetched = await client.get(asset)
        assert fetched.status_code == 200, asset
        assert fetched.content, asset


async def test_the_swagger_page_loads_the_openapi_doc_of_the_app(
    client: httpx.AsyncClient,
) -> None:
    html = (await client.get("/docs")).text
    assert "'/openapi.json'" in html or '"/openapi.json"' in html
    assert (await client.get("/docs/oauth2-redirect")).status_code == 200
