"""The shipped nginx configuration, run for real: headers, precompressed files, and the site working
in Chromium under its Content-Security-Policy."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
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


# Names that carry a hash of their content: Material's <name>.<8 hex>.min.css/js (and .map), the
# search index's parts huvud-<12 hex>.js and del-<12 hex>.js. Only these may be cached for a year.
HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.[a-z.]+$|-[0-9a-f]{12}\.(?:css|js|json)$")
HEXRUN = re.compile(r"[0-9a-f]{8,}")


def head(url: str, **headers) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers=headers, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}


def test_immutable_for_hashed_names_no_cache_for_everything_else(nginx, site_dir: Path):
    """Every file of the site, asked for as a browser would: a year and `immutable` only when the name
    carries a hash, `no-cache` (ask before using the copy) for everything else."""
    hashed, plain = [], []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix in (".gz", ".br"):
            continue
        rel = path.relative_to(site_dir).as_posix()
        status, headers = head(f"{nginx}/{rel}")
        assert status == 200, rel
        if HASHED.search(path.name):
            hashed.append(rel)
            assert headers["cache-control"] == "max-age=31536000, immutable", rel
        else:
            plain.append(rel)
            assert headers["cache-control"] == "no-cache", rel
            assert not HEXRUN.search(path.name), f"{rel}: a hash in the name the config does not know"
    names = {Path(rel).name.split(".")[0].split("-")[0] for rel in hashed}
    assert {"bundle", "main", "palette", "huvud", "del"} <= names, hashed
    for unhashed in (
        "index.html",
        "sw.js",
        "search/portal-index.js",
        "assets/javascripts/portal.js",
        "assets/css/portal.css",
    ):
        assert unhashed in plain
    # A missing hashed name is a 404 like any other, not kept for a year.
    status, headers = head(f"{nginx}/search/del-000000000000.js")
    assert status == 404 and headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_precompressed_files_are_served(nginx, site_dir: Path, encoding):
    _, headers, body = get(nginx + "/search/portal-index.js", **{"Accept-Encoding": encoding})
    assert headers.get("content-encoding") == encoding
    assert headers.get("vary") == "Accept-Encoding"  # a cache between keeps the two apart
    suffix = ".br" if encoding == "br" else ".gz"
    assert body == (site_dir / "search" / ("portal-index.js" + suffix)).read_bytes()
    # The plain answer for a client that takes neither varies too.
    _, plain, body = get(nginx + "/search/portal-index.js")
    assert "content-encoding" not in plain and plain.get("vary") == "Accept-Encoding"
    assert body == (site_dir / "search" / "portal-index.js").read_bytes()


def test_no_server_version(nginx):
    _, headers, _ = get(nginx + "/index.html")
    assert headers["server"] == "nginx"
    # nginx's own answers (a redirect to a folder, a method it refuses) name no version either.
    for request in (
        urllib.request.Request(nginx + "/malgrupper"),
        urllib.request.Request(nginx + "/index.html", data=b"x", method="POST"),
    ):
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(request, timeout=5)
            raise AssertionError(f"{request.full_url}: expected an error or a redirect")
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")
            assert exc.code in (301, 405) and exc.headers["server"] == "nginx"
            assert not re.search(r"nginx/\d", body), body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize(
    "path, media_type",
    [
        ("manifest.webmanifest", {"application/manifest+json"}),
        ("assets/bilder/lattlast/bed.svg", {"image/svg+xml"}),
        ("sw.js", {"text/javascript", "application/javascript"}),
        ("assets/javascripts/portal.js", {"text/javascript", "application/javascript"}),
        ("assets/css/portal.css", {"text/css"}),
        ("index.html", {"text/html"}),
    ],
)
def test_media_types(nginx, path, media_type):
    status, headers = head(f"{nginx}/{path}")
    assert status == 200
    assert headers["content-type"].split(";")[0] in media_type, headers["content-type"]


@pytest.mark.parametrize("path", ["finns-inte.html", "malgrupper/finns-inte.html", "a/b/c/finns-inte", "assets/"])
def test_missing_page_gets_the_404_page(nginx, site_dir: Path, path):
    status, headers, body = get(f"{nginx}/{path}")
    assert status == 404 and body == (site_dir / "404.html").read_bytes()
    assert headers["cache-control"] == "no-cache"
    # Every style sheet, script and icon it names loads from where it was shown.
    refs = re.findall(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"#]+)"', body.decode("utf-8"))
    assert any(ref.endswith(".css") for ref in refs), refs
    for ref in refs:
        url = urllib.parse.urljoin(f"{nginx}/{path}", ref)
        assert head(url)[0] == 200, f"{path}: {ref} -> {url}"


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
