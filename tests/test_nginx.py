"""The shipped nginx configuration, run for real: headers, precompressed files, and the site working
in Chromium under its Content-Security-Policy."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "nginx" / "boendestodsportalen.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MODULES = Path("/etc/nginx/modules-enabled")
MAIN = """{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
include {modules}/*.conf;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, site_dir: Path):
    if not Path(NGINX).exists():
        pytest.fail(
            "nginx saknas. Installera: sudo apt-get install -y nginx libnginx-mod-http-brotli-static (.ci/run gör det)."
        )
    tmp = tmp_path_factory.mktemp("nginx")
    (tmp / "modules").symlink_to("/usr/lib/nginx/modules")  # Debian's module snippets name them relative to the prefix
    port = free_port()
    server = CONFIG.read_text(encoding="utf-8")
    server = re.sub(r"listen 80;", f"listen 127.0.0.1:{port};", server)
    server = re.sub(r"root [^;]+;", f"root {site_dir};", server)
    (tmp / "site.conf").write_text(server, encoding="utf-8")
    # As root, nginx's workers would run as another user, who may not reach a clone under a private
    # home (root's own, 0700): they run as root too. Otherwise they run as the user anyway.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN.format(user=user, tmp=tmp, modules=MODULES), encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx refuses the configuration:\n{check.stderr}"
    proc = subprocess.Popen(
        [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/index.html", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def test_security_headers(nginx):
    status, headers, _ = get(nginx + "/malgrupper/svarigheter/tvangssyndrom.html")
    assert status == 200
    csp = headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "worker-src 'self'",
        "manifest-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"]


def test_caching_long_for_fingerprinted_short_for_pages(nginx, site_dir: Path):
    _, page, _ = get(nginx + "/index.html")
    assert page["cache-control"] == "no-cache"
    bundle = next((site_dir / "assets" / "javascripts").glob("bundle.*.min.js")).name
    _, asset, _ = get(f"{nginx}/assets/javascripts/{bundle}")
    assert asset["cache-control"] == "max-age=31536000"
    _, own, _ = get(nginx + "/assets/javascripts/portal.js")
    assert own["cache-control"] == "max-age=3600"
    _, worker, _ = get(nginx + "/sw.js")  # a new build must reach phones at once
    assert worker["cache-control"] == "no-cache"


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_precompressed_files_are_served(nginx, site_dir: Path, encoding):
    _, headers, body = get(nginx + "/search/portal-index.js", **{"Accept-Encoding": encoding})
    assert headers.get("content-encoding") == encoding
    suffix = ".br" if encoding == "br" else ".gz"
    assert body == (site_dir / "search" / ("portal-index.js" + suffix)).read_bytes()


def test_missing_page_gets_the_404_page(nginx):
    status, _, body = get(nginx + "/finns-inte.html")
    assert status == 404 and "Boendestödsportalen" in body.decode("utf-8")


def test_site_works_in_chromium_under_the_policy(chromium, nginx, site_dir: Path):
    context = chromium.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP blocked ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    for path in (
        "index.html",
        "malgrupper/svarigheter/tvangssyndrom.html",
        "handlaggare/processkarta.html",
        "reflektion/fragebank.html",
        "introduktion/vecka-1.html",
        "lagrum/sol-11-1.html",
        "studiekort/index.html",
    ):
        page.goto(f"{nginx}/{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{nginx}/sok.html")
    page.locator("#portal-sok-falt").press_sequentially("hoarding")
    page.wait_for_selector(".portal-traff__lank[href*='samlarsyndrom']", timeout=10_000)
    page.goto(f"{nginx}/malgrupper/svarigheter/tvangssyndrom.html")
    href = page.locator("a", has_text="Skriv ut studiekort").get_attribute("href")
    response = page.request.get(f"{nginx}/malgrupper/svarigheter/{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)"), "no service worker under the policy"
    page.goto(f"{nginx}/introduktion/vecka-1.html")
    page.locator(".portal-checklista input").first.check()
    page.reload()
    assert page.locator(".portal-checklista input").first.is_checked()
    context.close()
    assert not problems, "\n".join(problems)
