"""External links: one registry, checked for form offline and online by `make linkcheck`."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from scripts import linkcheck


def test_every_law_and_page_link_comes_from_the_registry(prepared, site_dir: Path):
    registry = {link.url for link in prepared.site.links.values()}
    for law in prepared.site.laws.values():
        assert law.lank in prepared.site.links
    html = (site_dir / "om" / "tillganglighet.html").read_text(encoding="utf-8")
    assert "https://www.digg.se/tdosanmalan" in html and "https://www.digg.se/tdosanmalan" in registry


def test_linkcheck_tells_working_from_broken_links(tmp_path: Path):
    (tmp_path / "finns.html").write_text("ok")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        ok, missing, refused = linkcheck.check(
            [(f"{base}/finns.html", "a"), (f"{base}/saknas.html", "b"), ("http://127.0.0.1:9/", "c")]
        )
    finally:
        httpd.shutdown()
    assert ok.ok and ok.status == 200
    assert not missing.ok and missing.status == 404
    assert not refused.ok and refused.status is None
