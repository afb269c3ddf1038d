"""`python -m scripts kommun <id>` (`make kommun NY=<id>`): a new kommun edition to fill in.

It writes kommuner/<id>/kommun.yml with placeholders that say so, today's review dates, and every
routine slot of data/rutiner.yml commented out with the national default it shows until the kommun
fills it; and empty tillagg/ and sidor/ folders. It invents nothing: the edition builds as it is and
shows the national text until an editor fills it in from the kommun's own documents.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from datetime import date
from pathlib import Path

from .content import DATA, KOMMUNER, ContentErrors, load_yaml, read_text, validate_model
from .schema import ID_PATTERN, RoutinesFile

WIDTH = 100  # the longest line of kommun.yml, as in the rest of the content
UNKNOWN = "behöver verifieras"  # what the content writes where no source says it (see kommuner/goteborg)
RESERVED = {"nationell"}  # the national edition's name for its offline cache (scripts/offline.py)


class Refused(Exception):
    """The id cannot be used; the message says why, in Swedish."""


def one_year_on(day: date) -> date:
    """The same day next year (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _quoted(text: str) -> str:
    """A YAML string in double quotes (JSON's are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str) -> list[str]:
    """Text as comment lines, wrapped at WIDTH."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def kommun_yml(kommun_id: str, slots: RoutinesFile, today: date) -> str:
    """kommun.yml of a new edition: the fields of schema.Kommun, placeholders where the kommun must
    write, and every routine slot commented out with its national default."""
    name = f"Ny kommun ({kommun_id})"  # unique, so two new editions never share a name
    lines = [
        f"# Kommunens utgåva av Boendestödsportalen, skapad med `make kommun NY={kommun_id}` {today}.",
        *_comment(
            "Fyll i fälten från kommunens egna dokument och skriv bara det som en källa säger. Det som "
            f'ingen källa anger skriver du som "{UNKNOWN}". Bygg utgåvan med '
            f'`make build KOMMUN={kommun_id}`. Mer i README.md, avsnittet "Lägga till en kommun".',
            "# ",
        ),
        f"id: {kommun_id}",
        '# Kommunens namn, t.ex. "Göteborgs Stad".',
        f"namn: {_quoted(name)}",
        '# Hur lokala rutor börjar, t.ex. "I Göteborgs Stad".',
        f"i_text: {_quoted('I ' + name)}",
        "# Förvaltningen eller nämnden som ger boendestödet.",
        f"organisation: {_quoted(UNKNOWN)}",
        "# Vem som äger och granskar utgåvan.",
        f"agare: {_quoted(UNKNOWN)}",
        *_comment(
            "Dokumenten utgåvan bygger på: id:n i data/kallor.yml, t.ex. [goteborg]. Lägg först in "
            "kommunens dokument där. Kontakter och rutiner kräver minst ett dokument.",
            "# ",
        ),
        "kallor: []",
        "# Kontakter: ta bort '# ' framför raderna och fyll i. Lägg till fler kontakter på samma sätt.",
        "# kontakter:",
        '#   - namn: "Växel"',
        f"#     nummer: {_quoted(UNKNOWN)}",
        '#     nar: "När du inte vet vem du ska ringa."',
        *_comment(
            "Rutiner: kommunens egen text för rutinplatserna i data/rutiner.yml. En plats som inte är "
            "ifylld visar det nationella standardsvaret, som står vid varje plats nedan. Fyll i en "
            "plats så här: ta bort '# ' framför 'rutiner:' (en gång) och framför platsens id, och "
            "skriv kommunens rutin efter kolonet.",
            "# ",
        ),
        "# rutiner:",
    ]
    for slot in slots.rutiner:
        lines += _comment(f"{slot.rubrik}. Nationellt standardsvar: {slot.standard}", "#   # ")
        lines.append(f"#   {slot.id}:")
    lines += [f"senast_granskad: {today}", f"nasta_granskning: {one_year_on(today)}", ""]
    return "\n".join(lines)


def routine_slots(data_dir: Path = DATA) -> RoutinesFile:
    rel = "data/rutiner.yml"
    located = load_yaml(read_text(data_dir / "rutiner.yml", rel), rel)
    return validate_model(RoutinesFile, located, rel)


def new_kommun(kommun_id: str, folder: Path = KOMMUNER, data_dir: Path = DATA, today: date | None = None) -> Path:
    """Write kommuner/<id>/ (kommun.yml, tillagg/, sidor/); Refused when the id is not a–z, 0–9 and
    '-' or the kommun already exists."""
    if not re.fullmatch(ID_PATTERN, kommun_id):
        raise Refused(
            f"'{kommun_id}' går inte att använda som id: det får bara innehålla a–z, 0–9 och '-' "
            "och ska börja med en bokstav eller siffra (t.ex. 'malmo' eller 'upplands-vasby')"
        )
    if kommun_id in RESERVED:
        raise Refused(f"'{kommun_id}' är namnet på den nationella utgåvan: välj ett annat id")
    base = folder / kommun_id
    if base.exists() or base.is_symlink():
        raise Refused(f"kommuner/{kommun_id} finns redan: välj ett annat id eller fyll i den som finns")
    text = kommun_yml(kommun_id, routine_slots(data_dir), today or date.today())
    folder.mkdir(exist_ok=True)
    try:
        base.mkdir()
    except FileExistsError:  # made between the check and here
        raise Refused(f"kommuner/{kommun_id} finns redan: välj ett annat id eller fyll i den som finns") from None
    try:
        (base / "kommun.yml").write_text(text, encoding="utf-8")
        for sub in ("tillagg", "sidor"):
            (base / sub).mkdir()
            (base / sub / ".gitkeep").write_text("", encoding="utf-8")  # git keeps no empty folder
    except OSError:
        shutil.rmtree(base, ignore_errors=True)
        raise
    return base


def main(argv: list[str]) -> int:
    import sys

    if not argv:
        print("Ange kommunens id: make kommun NY=<id>, t.ex. make kommun NY=malmo", file=sys.stderr)
        return 2
    try:
        base = new_kommun(" ".join(argv))
    except Refused as exc:
        print(f"Skapade ingen kommun: {exc}.", file=sys.stderr)
        return 1
    except ContentErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    rel = f"kommuner/{base.name}"
    print(f"Skapade {rel}/ med kommun.yml, tillagg/ och sidor/.")
    print(f"Fyll i {rel}/kommun.yml från kommunens dokument och bygg med make build KOMMUN={base.name}.")
    return 0
