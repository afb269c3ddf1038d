"""The shipped nginx configuration, run for real: HTTPS with a throwaway certificate, the redirect from
HTTP, HSTS, headers, caching, precompressed files, the 404 page at any depth, and the site working in
Chromium under its Content-Security-Policy (with its service worker) over HTTPS and over the
loopback server's plain HTTP.

deploy/nginx/ holds three files; the test runs all three in one private nginx on loopback ports:
boendestodsportalen.conf (the redirect on port 80 and the HTTPS server), which includes
boendestodsportalen-site.conf (the site), and boendestodsportalen-local.conf (the same site over plain
HTTP on 127.0.0.1). Only what a real server must change is rewritten: ports, the certificate's paths
(a self-signed one made here, in the test's tmp dir), the include's path and `root`."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts import chromium as driver

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
MAIN_CONF = DEPLOY / "boendestodsportalen.conf"
SITE_CONF = DEPLOY / "boendestodsportalen-site.conf"
LOCAL_CONF = DEPLOY / "boendestodsportalen-local.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MODULES = Path("/etc/nginx/modules-enabled")
HOST = "portal.test"  # the certificate's name; Chromium is told it is 127.0.0.1
YEAR = 31536000
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
    include {tmp}/servers.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rewrite(text: str, pattern: str, replacement: str, count: int = 1) -> str:
    """Replace what the test must change, in directives (not comments) at the start of a line; the
    shipped file must still say it `count` times."""
    new, n = re.subn(r"^(?!\s*#)(\s*)" + pattern, lambda m: m.group(1) + replacement, text, flags=re.MULTILINE)
    assert n == count, f"expected {count} × {pattern!r} in the shipped configuration, found {n}"
    return new


def make_certificate(tmp: Path) -> tuple[Path, Path, str]:
    """A self-signed certificate for portal.test and 127.0.0.1, and its key's SPKI hash (base64),
    which Chromium is told to trust. Lives in the tmp dir only."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-days", "2", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    pubkey = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"], check=True, capture_output=True
    ).stdout
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-outform", "DER"], input=pubkey, check=True, capture_output=True
    ).stdout
    return cert, key, base64.b64encode(hashlib.sha256(der).digest()).decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Server:
    base: str  # for urllib
    browser_base: str  # for Chromium (over HTTPS: the certificate's host name)
    context: ssl.SSLContext | None = None

    def open(self, path: str, method: str = "GET", data: bytes | None = None, **headers):
        """(status, lower-case headers, body), redirects not followed, errors as answers."""
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        handlers = [NoRedirect()]
        if self.context:
            handlers.append(urllib.request.HTTPSHandler(context=self.context))
        try:
            with urllib.request.build_opener(*handlers).open(request, timeout=5) as r:
                return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()

    def get(self, path: str, **headers) -> tuple[int, dict, bytes]:
        return self.open(path, **headers)

    def head(self, path: str, **headers) -> tuple[int, dict]:
        status, got, _ = self.open(path, method="HEAD", **headers)
        return status, got


@dataclass
class Servers:
    https: Server
    local: Server  # boendestodsportalen-local.conf: plain HTTP on loopback
    redirect: Server  # port 80 of boendestodsportalen.conf
    cert: Path
    spki: str
    port: int  # HTTPS


@pytest.fixture(scope="module")
def servers(tmp_path_factory, site_dir: Path):
    if not Path(NGINX).exists():
        pytest.fail(
            "nginx saknas. Installera: sudo apt-get install -y nginx libnginx-mod-http-brotli-static (.ci/run gör det)."
        )
    tmp = tmp_path_factory.mktemp("nginx")
    (tmp / "modules").symlink_to("/usr/lib/nginx/modules")  # Debian's module snippets name them relative to the prefix
    cert, key, spki = make_certificate(tmp)
    http_port, https_port, local_port = free_port(), free_port(), free_port()

    site = rewrite(SITE_CONF.read_text(encoding="utf-8"), r"root [^;]+;", f"root {site_dir};")
    (tmp / "site.conf").write_text(site, encoding="utf-8")
    include = (r"include /etc/nginx/snippets/boendestodsportalen-site\.conf;", f"include {tmp / 'site.conf'};")
    main = MAIN_CONF.read_text(encoding="utf-8")
    main = rewrite(main, r"listen \[::\]:\d+.*;\n", "", count=2)  # the test host may lack IPv6
    main = rewrite(main, r"listen 80;", f"listen 127.0.0.1:{http_port};")
    main = rewrite(main, r"listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    main = rewrite(main, r"ssl_certificate\s+[^;]+;", f"ssl_certificate {cert};")
    main = rewrite(main, r"ssl_certificate_key\s+[^;]+;", f"ssl_certificate_key {key};")
    main = rewrite(main, *include)
    local = LOCAL_CONF.read_text(encoding="utf-8")
    local = rewrite(local, r"listen 127\.0\.0\.1:8080;", f"listen 127.0.0.1:{local_port};")
    local = rewrite(local, *include)
    (tmp / "servers.conf").write_text(main + "\n" + local, encoding="utf-8")
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
    trust = ssl.create_default_context(cafile=str(cert))  # this certificate and no other
    found = Servers(
        https=Server(f"https://127.0.0.1:{https_port}", f"https://{HOST}:{https_port}", trust),
        local=Server(f"http://127.0.0.1:{local_port}", f"http://127.0.0.1:{local_port}"),
        redirect=Server(f"http://127.0.0.1:{http_port}", f"http://127.0.0.1:{http_port}"),
        cert=cert,
        spki=spki,
        port=https_port,
    )
    for server in (found.https, found.local, found.redirect):
        for _ in range(100):
            try:
                server.head("/index.html")
                break
            except OSError:
                time.sleep(0.05)
    yield found
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module", params=["https", "local"], ids=["https", "http-loopback"])
def nginx(servers: Servers, request) -> Server:
    """The site as served: over HTTPS and by the loopback server (the same site file)."""
    return getattr(servers, request.param)


@pytest.fixture(scope="module")
def https_chromium(chromium, servers: Servers):
    """A Chromium that resolves portal.test to 127.0.0.1 and trusts the test's certificate as it
    would a real one (a certificate error would keep the service worker from registering)."""
    browser = chromium.browser_type.launch(
        executable_path=driver.EXECUTABLE,
        args=driver.ARGS
        + [f"--host-resolver-rules=MAP {HOST} 127.0.0.1", f"--ignore-certificate-errors-spki-list={servers.spki}"],
    )
    yield browser
    browser.close()


@pytest.fixture()
def browser_for(request, chromium):
    """The browser for a server: the certificate-trusting one for HTTPS."""

    def pick(server: Server):
        return request.getfixturevalue("https_chromium") if server.context else chromium

    return pick


# --- HTTPS, the redirect, HSTS ---------------------------------------------------------------------


def test_https_answers_with_the_certificate(servers: Servers):
    """The certificate is the one the configuration names (here the test's own), over TLS 1.2 or 1.3
    with HTTP/2 offered; TLS 1.1 is refused by the server."""
    expected = ssl.PEM_cert_to_DER_cert(servers.cert.read_text())
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        context = ssl.create_default_context(cafile=str(servers.cert))
        context.minimum_version = context.maximum_version = version
        context.set_alpn_protocols(["h2", "http/1.1"])
        with (
            socket.create_connection(("127.0.0.1", servers.port), timeout=5) as raw,
            context.wrap_socket(raw, server_hostname=HOST) as tls,
        ):
            assert tls.getpeercert(binary_form=True) == expected
            assert tls.version() == version.name.replace("v1_", "v1.")
            assert tls.selected_alpn_protocol() == "h2"
    # An old client (the client side allowed to try TLS 1.1): the server answers with the alert
    # protocol_version, because of ssl_protocols (without it the refusal would be a cipher mismatch).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.load_verify_locations(cafile=str(servers.cert))
        old.minimum_version = old.maximum_version = ssl.TLSVersion.TLSv1_1
        old.set_ciphers("DEFAULT:@SECLEVEL=0")
    with socket.create_connection(("127.0.0.1", servers.port), timeout=5) as raw:
        with pytest.raises(ssl.SSLError) as refused:
            old.wrap_socket(raw, server_hostname=HOST)
    assert refused.value.reason == "TLSV1_ALERT_PROTOCOL_VERSION", refused.value
    # A client trusting only the system's authorities refuses the throwaway certificate: the test's
    # HTTPS requests pass because they trust exactly this certificate.
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(servers.https.base + "/index.html", timeout=5)
    status, _, body = servers.https.get("/index.html")
    assert status == 200 and "Boendestödsportalen" in body.decode("utf-8")


@pytest.mark.parametrize(
    "path", ["/", "/index.html", "/malgrupper/svarigheter/tvangssyndrom.html?q=1#a", "/a/b/c/finns-inte", "/sw.js"]
)
def test_http_redirects_to_https_same_host_and_path(servers: Servers, path):
    for host in ("boendestod.kommun.se", "boendestod.kommun.se:80"):
        for method in ("GET", "HEAD"):
            status, headers, _ = servers.redirect.open(path, method=method, Host=host)
            assert status == 301, (path, host, method)
            assert headers["location"] == "https://boendestod.kommun.se" + path.split("#")[0]
            assert "strict-transport-security" not in headers  # only over HTTPS
            assert headers["server"] == "nginx"


def test_hsts_only_over_https(servers: Servers):
    for path in ("/index.html", "/sw.js", "/a/b/c/finns-inte"):
        _, headers, _ = servers.https.get(path)
        hsts = headers.get("strict-transport-security", "")
        age = re.fullmatch(r"max-age=(\d+)", hsts)
        assert age and int(age.group(1)) >= YEAR, (path, hsts)  # a year; no includeSubDomains, no preload
        for plain in (servers.local, servers.redirect):
            assert "strict-transport-security" not in plain.get(path)[1], (plain.base, path)


# --- Headers, caching, compression, media types (over HTTPS and over the loopback server) ----------


def test_security_headers(nginx: Server):
    status, headers, _ = nginx.get("/malgrupper/svarigheter/tvangssyndrom.html")
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


# Names that carry a hash of their content: the portal's <name>.<8 hex>.css/js/svg/png, Material's
# <name>.<8 hex>.min.css/js (and .map), the search index's parts huvud-<12 hex>.js and
# del-<12 hex>.js. Only these may be cached for a year.
HASHED = re.compile(r"\.[0-9a-f]{8}(?:\.min)?\.(?:css|js|svg|png)(?:\.map)?$|-[0-9a-f]{12}\.(?:css|js|json)$")
HEXRUN = re.compile(r"[0-9a-f]{8,}")


def test_immutable_for_hashed_names_no_cache_for_everything_else(nginx: Server, site_dir: Path):
    """Every file of the site, asked for as a browser would: a year and `immutable` only when the name
    carries a hash, `no-cache` (ask before using the copy) for everything else."""
    hashed, plain = [], []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix in (".gz", ".br"):
            continue
        rel = path.relative_to(site_dir).as_posix()
        status, headers = nginx.head(f"/{rel}")
        assert status == 200, rel
        if HASHED.search(path.name):
            hashed.append(rel)
            assert headers["cache-control"] == f"max-age={YEAR}, immutable", rel
        else:
            plain.append(rel)
            assert headers["cache-control"] == "no-cache", rel
            assert not HEXRUN.search(path.name), f"{rel}: a hash in the name the config does not know"
    names = {Path(rel).name.split(".")[0].split("-")[0] for rel in hashed}
    assert {"bundle", "main", "palette", "huvud", "del", "portal", "portal-sok"} <= {
        *names,
        *(Path(rel).name.split(".")[0] for rel in hashed),
    }, hashed
    for unhashed in (
        "index.html",
        "sw.js",
        "search/portal-index.js",
        "assets/javascripts/portal-search.js",
    ):
        assert unhashed in plain
    # A missing hashed name is a 404 like any other, not kept for a year.
    status, headers = nginx.head("/search/del-000000000000.js")
    assert status == 404 and headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_precompressed_files_are_served(nginx: Server, site_dir: Path, encoding):
    _, headers, body = nginx.get("/search/portal-index.js", **{"Accept-Encoding": encoding})
    assert headers.get("content-encoding") == encoding
    assert headers.get("vary") == "Accept-Encoding"  # a cache between keeps the two apart
    suffix = ".br" if encoding == "br" else ".gz"
    assert body == (site_dir / "search" / ("portal-index.js" + suffix)).read_bytes()
    # The plain answer for a client that takes neither varies too.
    _, plain, body = nginx.get("/search/portal-index.js")
    assert "content-encoding" not in plain and plain.get("vary") == "Accept-Encoding"
    assert body == (site_dir / "search" / "portal-index.js").read_bytes()


def test_no_server_version(nginx: Server, servers: Servers):
    assert nginx.head("/index.html")[1]["server"] == "nginx"
    # nginx's own answers (a redirect to a folder, a method it refuses, the redirect to HTTPS) name
    # no version either.
    for server, path, method, expected in (
        (nginx, "/malgrupper", "GET", 301),
        (nginx, "/index.html", "POST", 405),
        (servers.redirect, "/index.html", "GET", 301),
    ):
        status, headers, body = server.open(path, method=method, data=b"x" if method == "POST" else None)
        assert status == expected and headers["server"] == "nginx"
        assert b"nginx" in body and not re.search(rb"nginx/\d", body), body


@pytest.mark.parametrize(
    "path, media_type",
    [
        ("manifest.webmanifest", {"application/manifest+json"}),
        ("assets/bilder/lattlast/bed.*.svg", {"image/svg+xml"}),
        ("sw.js", {"text/javascript", "application/javascript"}),
        ("assets/javascripts/portal.*.js", {"text/javascript", "application/javascript"}),
        ("assets/css/portal.*.css", {"text/css"}),
        ("index.html", {"text/html"}),
    ],
)
def test_media_types(nginx: Server, site_dir: Path, path, media_type):
    path = next(site_dir.glob(path)).relative_to(site_dir).as_posix()
    status, headers = nginx.head(f"/{path}")
    assert status == 200
    assert headers["content-type"].split(";")[0] in media_type, headers["content-type"]


def test_the_content_api_may_be_read_by_other_sites_and_nothing_else_may(nginx: Server):
    status, headers, body = nginx.get("/api/v1/index.json", Origin="https://intranat.kommun.example")
    assert status == 200 and headers["content-type"].split(";")[0] == "application/json"
    assert headers["access-control-allow-origin"] == "*" and headers["cache-control"] == "no-cache"
    assert json.loads(body)["sidor"]
    _, page = nginx.head("/index.html", Origin="https://intranat.kommun.example")
    assert "access-control-allow-origin" not in page
    assert nginx.head("/api/v1/finns-inte.json")[0] == 404


@pytest.mark.parametrize("path", ["finns-inte.html", "malgrupper/finns-inte.html", "a/b/c/finns-inte", "assets/"])
def test_missing_page_gets_the_404_page(nginx: Server, site_dir: Path, path):
    status, headers, body = nginx.get(f"/{path}")
    assert status == 404 and body == (site_dir / "404.html").read_bytes()
    assert headers["cache-control"] == "no-cache"
    # Every style sheet, script and icon it names loads from where it was shown.
    refs = re.findall(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"#]+)"', body.decode("utf-8"))
    assert any(ref.endswith(".css") for ref in refs), refs
    for ref in refs:
        url = urllib.parse.urljoin(f"{nginx.base}/{path}", ref)
        assert nginx.head(url.removeprefix(nginx.base))[0] == 200, f"{path}: {ref} -> {url}"


# --- In Chromium ------------------------------------------------------------------------------------


def watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            m.type in ("error", "warning") and problems.append(f"console {m.type}: {m.text} at {m.location['url']}")
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"status {r.status}: {r.url}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP blocked ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return problems


# What the site's style sheets change from the browser's defaults: Material hides its toggles
# (default: inline-block) and colours the header (default: transparent).
STYLE = """() => [
  getComputedStyle(document.querySelector('.md-toggle')).display,
  getComputedStyle(document.querySelector('.md-header')).backgroundColor,
  getComputedStyle(document.body).fontFamily,
  [...document.styleSheets].filter(s => s.href).map(s => new URL(s.href).pathname),
]"""


HEAD_ALL = """urls => Promise.all(urls.map(u => fetch(u, {method: 'HEAD'})
  .then(r => [u, r.status, r.headers.get('content-type')])))"""


def test_404_page_is_styled_at_any_depth(https_chromium, servers: Servers):
    """Over HTTPS, an unknown address at the root, one folder down and three folders down shows the
    site's 404 page as it looks at the root: its style sheets load and its links lead into the site."""
    base = servers.https.browser_base
    context = https_chromium.new_context()
    page = context.new_page()
    problems = watch(page)
    seen = {}
    for path in ("finns-inte.html", "malgrupper/finns-inte.html", "a/b/c/finns-inte"):
        response = page.goto(f"{base}/{path}")
        page.wait_for_load_state("networkidle")
        assert response.status == 404, path
        assert page.title() == "Boendestödsportalen", path
        toggle, header, font, sheets = page.evaluate(STYLE)
        assert toggle == "none" and header not in ("rgba(0, 0, 0, 0)", "transparent"), (path, toggle, header)
        assert any("/assets/css/portal." in s for s in sheets) and any("/main." in s for s in sheets), sheets
        seen[path] = (toggle, header, font, sheets)
    assert len(set(map(repr, seen.values()))) == 1, seen
    # From the deepest one, every link on the page leads to a page of the site.
    links = set(page.eval_on_selector_all("a[href]", "as => as.map(a => a.href.split('#')[0])"))
    assert f"{base}/index.html" in links and len(links) > 20, links
    assert all(link.startswith(f"{base}/") for link in links), links
    statuses = page.evaluate(HEAD_ALL, sorted(links))  # from the page: only the browser knows portal.test
    assert all(status == 200 for _, status, _ in statuses), statuses
    context.close()
    # Only the pages themselves answered 404 (Chromium reports each in the console too).
    pages = {f"{base}/{path}" for path in seen}
    own = re.compile(r"console error: Failed to load resource: .* status of 404 .* at (\S+)$|status 404: (\S+)$")
    others = [p for p in problems if not ((m := own.fullmatch(p)) and (m.group(1) or m.group(2)) in pages)]
    assert {p for p in problems if p.startswith("status")} == {f"status 404: {url}" for url in pages}, problems
    assert not others, "\n".join(others)


def test_site_works_in_chromium_under_the_policy(nginx: Server, browser_for):
    browser = browser_for(nginx)
    base = nginx.browser_base
    context = browser.new_context()
    page = context.new_page()
    problems = watch(page)
    for path in (
        "index.html",
        "malgrupper/svarigheter/tvangssyndrom.html",
        "handlaggare/processkarta.html",
        "reflektion/fragebank.html",
        "introduktion/vecka-1.html",
        "lagrum/sol-11-1.html",
        "studiekort/index.html",
    ):
        page.goto(f"{base}/{path}")
        page.wait_for_load_state("networkidle")
    assert page.evaluate("isSecureContext") and page.evaluate("location.protocol") == base.split("//")[0]
    page.goto(f"{base}/sok.html")
    page.locator("#portal-sok-falt").press_sequentially("hoarding")
    page.wait_for_selector(".portal-traff__lank[href*='samlarsyndrom']", timeout=10_000)
    page.goto(f"{base}/malgrupper/svarigheter/tvangssyndrom.html")
    href = page.locator("a", has_text="Skriv ut studiekort").get_attribute("href")
    [(_, status, media_type)] = page.evaluate(HEAD_ALL, [f"{base}/malgrupper/svarigheter/{href}"])
    assert status == 200 and media_type == "application/pdf"
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)"), "no service worker under the policy"
    page.goto(f"{base}/introduktion/vecka-1.html")
    page.locator(".portal-checklista input").first.check()
    page.reload()
    assert page.locator(".portal-checklista input").first.is_checked()
    context.close()
    assert not problems, "\n".join(problems)
