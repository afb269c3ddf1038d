"""Vendor the Snowball Swedish stemmer for the search worker from the npm registry.

`python -m scripts.vendor_snowball` downloads snowball-stemmers (a JS build of the Snowball
algorithms), checks the registry's sha512, keeps the Snowball runtime and the Swedish stemmer
only (the whole package is 868 KB; this is 40 KB) and writes VENDORED. The Python side uses the
snowballstemmer package at the same algorithm version; tests/test_search.py checks that both
give the same stem for every word in the site.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import tarfile
import urllib.request

from .content import DOCS

PACKAGE, VERSION = "snowball-stemmers", "0.6.0"
TARBALL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
INTEGRITY = "sha512-47VTJvsZzEme3VxhbUFc9wR0CX8fYKNMgL7AiBdJcHUrwbmN7htFroeX+8ESIAaoNgwEgwI2wnv1HIcqQqAdcA=="
VENDORED = DOCS / "assets" / "javascripts" / "vendor" / "snowball-swedish.js"
STEMMER_BLOCK = re.compile(
    r"^    var (\w+)Stemmer = function \(_SnowballStemmer\d*\) \{\n.*?^    \}\(SnowballStemmer\);\n", re.S | re.M
)


def download() -> bytes:
    with urllib.request.urlopen(TARBALL, timeout=60) as response:
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"{TARBALL}: fel kontrollsumma {digest}")
    return data


def swedish_only(source: str) -> str:
    """The bundle without the other languages' stemmers."""
    source = STEMMER_BLOCK.sub(lambda m: m[0] if m[1] == "swedish" else "", source)
    source = re.sub(r"^            (?!swedish:)\w+: \w+Stemmer,?\n", "", source, flags=re.M)
    source = source.replace("swedish: swedishStemmer,", "swedish: swedishStemmer")
    return re.sub(r"return \[('arabic'.*?)\];", "return ['swedish'];", source)


def _read(tar: tarfile.TarFile, name: str) -> str:
    member = tar.extractfile(name)
    if member is None:
        raise SystemExit(f"{name} saknas i paketet")
    return member.read().decode()


def main() -> None:
    with tarfile.open(fileobj=io.BytesIO(download())) as tar:
        source, licence = (_read(tar, f"package/{name}") for name in ("snowball-stemmers.js", "package.json"))
    assert '"license": "ISC"' in licence or '"license":"ISC"' in licence, "licensen har ändrats"
    header = (
        f"/* {PACKAGE}@{VERSION} from the npm registry ({INTEGRITY}), ISC licence.\n"
        " * Only the Snowball runtime and the Swedish stemmer are kept: written by scripts/vendor_snowball.py. */\n"
    )
    VENDORED.parent.mkdir(parents=True, exist_ok=True)
    VENDORED.write_text(header + swedish_only(source), encoding="utf-8")
    print(f"{VENDORED.relative_to(DOCS.parent)}: {VENDORED.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
