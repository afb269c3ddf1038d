"""Command line: `python -m scripts build | serve | follow-up | validate | schema | lix | lagtext | tillagg | kommun |
andringar | utgavor`."""

import sys

from .content import ContentErrors


def validate_only() -> int:
    from .build import prepare

    try:
        prepared = prepare()
        if prepared.unrecorded:
            raise ContentErrors(prepared.unrecorded)
    except ContentErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Innehållet är giltigt: {len(prepared.site.pages)} sidor.")
    return 0


def schema() -> int:
    from .schema import write_json_schemas

    for path in write_json_schemas(__import__("pathlib").Path("schema")):
        print(path)
    return 0


def build() -> int:
    from .build import main

    return main()


def lix() -> int:
    """LIX per page, hardest first (the build report for editors has the same figures)."""
    from .build import prepare
    from .readability import lix as score
    from .readability import prose

    prepared = prepare()
    rows = sorted(((score(prose(p)), path) for path, p in prepared.site.pages.items()), reverse=True)
    for value, path in rows:
        print(f"{value:5.1f}  {path}")
    return 0


def serve() -> int:
    """`python -m scripts serve [host:port]` (default 127.0.0.1:8000)."""
    from .build import serve as run

    host, _, port = (sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1:8000").partition(":")
    return run(host, int(port or 8000))


def follow_up() -> int:
    from .build import follow_up, report

    return report(follow_up)


def statutes() -> int:
    """`python -m scripts lagtext [id …]`: tie each new check in data/lagrum.yml to the wording it was
    made against (data/lagtext/kontrollerat.yml); name ids to tie them again after a new check."""
    from .lagtext import record

    try:
        written = record(recheck=tuple(sys.argv[2:]))
    except ContentErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Knöt {len(written)} kontroller till lagtexten: {', '.join(written) or 'inga nya'}.")
    return 0


def additions() -> int:
    """`python -m scripts tillagg <kommun> [fil …]`: record that the kommun's additions (or the named
    ones) have been reviewed against the national text as it reads now."""
    from .build import prepare
    from .national_basis import record

    if len(sys.argv) < 3:
        print("usage: python -m scripts tillagg <kommun> [fil …]", file=sys.stderr)
        return 2
    try:
        prepared = prepare(kommun=sys.argv[2])
    except ContentErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    written = record(prepared.site, tuple(sys.argv[3:]))
    print(f"Antecknade den nationella texten för {len(written)} tillägg.")
    return 0


def new_kommun() -> int:
    """`python -m scripts kommun <id>` (make kommun NY=<id>): a new kommun edition to fill in."""
    from .scaffold import main

    return main(sys.argv[2:])


def published() -> int:
    """`python -m scripts andringar`: record every page as published now (data/publicerat.yml), after
    each changed page has its line in andringar; run it when the portal is published."""
    from .changes import record

    try:
        written = record()
    except ContentErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Skrev data/publicerat.yml: {len(written)} sidor nya eller ändrade sedan förra gången.")
    for source in written:
        print(f"  {source}")
    return 0


def join_editions() -> int:
    """`python -m scripts utgavor [site]`: after a CI matrix built the kommun editions on several
    machines and their k/<id>/ folders were put into one site, write its sw.js for all of them."""
    from pathlib import Path

    from .compress import precompress
    from .offline import WORKER, join_editions

    site = Path(sys.argv[2] if len(sys.argv) > 2 else "site")
    precache = join_editions(site)
    precompress(site)
    print(f"Skrev {WORKER}: {len(precache['utgavor'])} utgåvor, version {precache['version']}.")
    return 0


COMMANDS = {
    "build": build,
    "serve": serve,
    "follow-up": follow_up,
    "validate": validate_only,
    "schema": schema,
    "lix": lix,
    "lagtext": statutes,
    "tillagg": additions,
    "kommun": new_kommun,
    "andringar": published,
    "utgavor": join_editions,
}

if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if name not in COMMANDS:
        print(f"usage: python -m scripts {{{'|'.join(COMMANDS)}}}", file=sys.stderr)
        sys.exit(2)
    sys.exit(COMMANDS[name]())
