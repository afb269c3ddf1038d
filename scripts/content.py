"""Read the content: Markdown pages with YAML front matter under docs/, data files under data/.

Every problem found while reading becomes a ContentError that knows its file and line, so
that editors see `path:line: what is wrong`. Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError

from . import schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = ROOT / "data"
KOMMUNER = ROOT / "kommuner"
LOCAL_FOLDER = "kommun"  # where a kommun edition's own pages go in its site

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: same YAML, ~10× faster
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^---[ \t]*$\r?\n?", re.S | re.M)


@dataclass(frozen=True, order=True)
class ContentError(Exception):
    """One thing wrong in one file, at one line when known."""

    path: str
    line: int = 0
    message: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class ContentErrors(Exception):
    """All errors found in one pass, sorted by file and line."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(map(str, self.errors)))


@dataclass
class Located:
    """A YAML document's data plus the line of every key and list item in it."""

    data: Any
    lines: dict[tuple, int]

    def line(self, loc: tuple) -> int:
        """Line of the longest prefix of `loc` that the document has (pydantic locs add type names)."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, self.lines.get((), 1))


Meta = TypeVar("Meta", bound=BaseModel)


@dataclass
class Page(Generic[Meta]):
    """A page as the editor wrote it: validated front matter plus the Markdown body.
    `meta` is its kind's model: a schema.Page kind, or schema.LocalAddition for a local box."""

    path: str  # relative to docs/, with '/', e.g. "malgrupper/svarigheter/tvangssyndrom.md"
    meta: Meta
    body: str
    body_line: int  # file line of the body's first line
    located: Located
    source: str = ""  # the file as editors know it, for messages (default docs/<path>)

    def __post_init__(self):
        self.source = self.source or f"docs/{self.path}"

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]

    @property
    def is_index(self) -> bool:
        return self.path.rsplit("/", 1)[-1] == "index.md"

    def line(self, *loc) -> int:
        return self.located.line(loc)


@dataclass
class Site:
    """Everything the build knows about the content."""

    pages: dict[str, Page[schema.Page]] = field(default_factory=dict)
    sources: dict[str, schema.SourceDocument] = field(default_factory=dict)
    tags: dict[str, schema.Tag] = field(default_factory=dict)
    laws: dict[str, schema.Law] = field(default_factory=dict)
    provisions: dict[str, schema.Provision] = field(default_factory=dict)
    menu: list[schema.MenuSection] = field(default_factory=list)
    register: schema.Register | None = None
    glossary: list[schema.GlossaryTerm] = field(default_factory=list)
    links: dict[str, schema.ExternalLink] = field(default_factory=dict)
    slots: dict[str, schema.RoutineSlot] = field(default_factory=dict)
    thesaurus: list[schema.Concept] = field(default_factory=list)
    kommun: schema.Kommun | None = None  # the kommun edition being built, if any
    additions: list[Page[schema.LocalAddition]] = field(default_factory=list)  # its local boxes
    data_lines: dict[str, Located] = field(default_factory=dict)

    def pages_of(self, kind: type[Meta]) -> list[Page[Meta]]:
        """The pages of one kind, e.g. site.pages_of(schema.SituationGuide)."""
        return [cast(Page[Meta], p) for p in self.pages.values() if isinstance(p.meta, kind)]

    def questions(self, order) -> list[tuple[Page, int, object, str | None]]:
        """Every reflection question: (page, number on the page, question, theme tag id or None).

        A question's theme is its own `tema`, else its page's first tag. `order` sorts the pages."""
        out: list[tuple[Page, int, object, str | None]] = []
        for page in sorted(self.pages.values(), key=order):
            for n, q in enumerate(getattr(page.meta, "reflektionsfragor", []), 1):
                out.append((page, n, q, getattr(q, "tema", None) or next(iter(page.meta.taggar), None)))
        return out


# --- YAML with line numbers -------------------------------------------------------------------


def load_yaml(text: str, path: str, first_line: int = 1) -> Located:
    """Parse YAML, keeping the line of each key/item; duplicate keys are errors."""
    offset = first_line - 1
    try:
        loader = SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        raise ContentErrors([ContentError(path, line, f"trasig YAML: {exc.problem or exc.context}")]) from None
    lines: dict[tuple, int] = {(): first_line}
    errors: list[ContentError] = []

    def walk(n, loc):
        if isinstance(n, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in n.value:
                key = key_node.value
                line = key_node.start_mark.line + 1 + offset
                if key in seen:
                    errors.append(
                        ContentError(path, line, f"fältet '{key}' står två gånger (första på rad {seen[key]})")
                    )
                seen[key] = line
                lines[loc + (key,)] = line
                walk(value_node, loc + (key,))
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                lines[loc + (i,)] = item.start_mark.line + 1 + offset
                walk(item, loc + (i,))

    if node is not None:
        walk(node, ())
    if errors:
        raise ContentErrors(errors)
    return Located(data, lines)


# --- translating pydantic errors into editor messages -------------------------------------------

YAML_HINT = "YAML läser {value!r} som {kind}; sätt citattecken runt värdet"


def _describe(err: dict, model: type[BaseModel] | None = None) -> str:
    kind, ctx, value = err["type"], err.get("ctx", {}), err.get("input")
    field_name = next((str(p) for p in reversed(err["loc"]) if isinstance(p, str)), "")
    if kind == "missing":
        return f"obligatoriskt fält '{field_name}' saknas"
    if kind == "extra_forbidden":
        known = list(model.model_fields) if model is not None and len(err["loc"]) == 1 else []
        close = difflib.get_close_matches(field_name, known, n=1)
        return f"okänt fält '{field_name}'" + (f" (menade du '{close[0]}'?)" if close else "")
    if kind in ("string_type", "int_type") and (isinstance(value, (bool, int, float)) or hasattr(value, "isoformat")):
        what = {bool: "sant/falskt", int: "ett tal", float: "ett tal"}.get(type(value), "ett datum")
        expected = "text" if kind == "string_type" else "ett heltal"
        return f"'{field_name}' ska vara {expected}, men " + YAML_HINT.format(value=value, kind=what)
    if kind == "string_type":
        return f"'{field_name}' ska vara text, inte {type(value).__name__}"
    if kind == "list_type":
        return f"'{field_name}' ska vara en lista (rader som börjar med '- ')"
    if kind in ("too_short", "string_too_short"):
        need = ctx.get("min_length", 1)
        return f"'{field_name}' är tom" if need == 1 else f"'{field_name}' behöver minst {need} punkter"
    if kind.startswith("date"):
        return f"'{field_name}' ska vara ett datum som 2026-11-23, inte {value!r}"
    if kind == "literal_error":
        return f"'{field_name}' ska vara {ctx.get('expected')}, inte {value!r}"
    if kind == "string_pattern_mismatch":
        return f"'{field_name}' får bara innehålla a–z, 0–9 och '-', inte {value!r}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{field_name}' har fel form: {value!r}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"'{field_name}': {err['msg']}"


def _field_path(loc: tuple) -> tuple:
    """The location as the editor wrote it: without pydantic's labels for union branches and
    validators ('Point', 'str', 'constrained-str', 'function-after[...]')."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p[:1].isupper() or not p.isidentifier() or p == "str")))


def validation_errors(exc: ValidationError, path: str, located: Located, model=None) -> list[ContentError]:
    """One ContentError per problem; a union's alternatives are folded into one message."""
    out: dict[tuple, ContentError] = {}
    for err in exc.errors():
        loc = _field_path(err["loc"])
        line = located.line(loc)
        message = _describe({**err, "loc": loc}, model)
        key = loc[:-1] if err["type"] in ("model_type", "string_type", "dict_type") and len(loc) > 1 else loc
        if key in out and err["type"] != "missing":
            continue
        out[key] = ContentError(path, line, message)
    return list(out.values())


def validate_model(model: type[BaseModel], located: Located, path: str):
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        raise ContentErrors(validation_errors(exc, path, located, model)) from None


# --- reading files ---------------------------------------------------------------------------


def read_text(file: Path, rel: str) -> str:
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentErrors(
            [ContentError(rel, line, f"filen är inte giltig UTF-8 (byte 0x{raw[exc.start]:02x}); spara den som UTF-8")]
        ) from None
    if not text.strip():
        raise ContentErrors([ContentError(rel, 1, "filen är tom")])
    return text.lstrip("\ufeff")


def read_page(file: Path, path: str, rel: str = "", model: type[BaseModel] | None = None) -> Page:
    """Split front matter from body and validate the front matter: against `model`, or against the
    page kind its `typ` names. `rel` is how messages name the file (default docs/<path>)."""
    rel = rel or f"docs/{path}"
    text = read_text(file, rel)
    match = FRONT_MATTER.match(text)
    if not match:
        first = "sidan ska börja med en rad '---', sedan front matter och en rad '---'"
        if text.startswith("---"):
            first = "front matter avslutas inte med en rad '---'"
        raise ContentErrors([ContentError(rel, 1, first)])
    located = load_yaml(match["yaml"], rel, first_line=2)
    if not isinstance(located.data, dict):
        raise ContentErrors([ContentError(rel, 2, "front matter ska vara fält som 'titel: ...', ett per rad")])
    if model is None:
        kind = located.data.get("typ")
        model = schema.PAGE_KINDS.get(kind) if isinstance(kind, str) else None
        if model is None:
            allowed = ", ".join(schema.PAGE_KINDS)
            message = "obligatoriskt fält 'typ' saknas" if kind is None else f"okänd typ {kind!r}"
            raise ContentErrors([ContentError(rel, located.line(("typ",)), f"{message} (tillåtna: {allowed})")])
    meta = validate_model(model, located, rel)
    body = text[match.end() :]
    body_line = text[: match.end()].count("\n") + 1
    return Page(path, meta, body, body_line, located, rel)


def load_data(site: Site, data_dir: Path = DATA) -> list[ContentError]:
    errors: list[ContentError] = []
    for name, model in schema.DATA_FILES.items():
        file = data_dir / name
        rel = f"data/{name}"
        if not file.exists():
            errors.append(ContentError(rel, 0, "filen saknas"))
            continue
        try:
            located = load_yaml(read_text(file, rel), rel)
            site.data_lines[name] = located
            value = validate_model(model, located, rel)
        except ContentErrors as exc:
            errors += exc.errors
            continue
        if name == "kallor.yml":
            site.sources = _by_id(value.kallor, rel, located, ("kallor",), errors)
        elif name == "taggar.yml":
            site.tags = _by_id(value.taggar, rel, located, ("taggar",), errors)
        elif name == "lagrum.yml":
            site.register = value
            site.laws = _by_id(value.lagar, rel, located, ("lagar",), errors)
            site.provisions = _by_id(value.lagrum, rel, located, ("lagrum",), errors)
        elif name == "meny.yml":
            site.menu = value.meny
        elif name == "ordlista.yml":
            site.glossary = value.ordlista
        elif name == "lankar.yml":
            site.links = _by_id(value.lankar, rel, located, ("lankar",), errors)
        elif name == "synonymer.yml":
            site.thesaurus = value.synonymer
        elif name == "rutiner.yml":
            site.slots = _by_id(value.rutiner, rel, located, ("rutiner",), errors)
    return errors


def _by_id(items, rel, located, loc, errors) -> dict:
    out: dict = {}
    for i, item in enumerate(items):
        if item.id in out:
            errors.append(ContentError(rel, located.line(loc + (i, "id")), f"id '{item.id}' finns redan"))
        out[item.id] = item
    return out


def load_pages(site: Site, docs_dir: Path = DOCS) -> list[ContentError]:
    errors: list[ContentError] = []
    for file in sorted(docs_dir.rglob("*.md")):
        rel = file.relative_to(docs_dir).as_posix()
        try:
            site.pages[rel] = read_page(file, rel)
        except ContentErrors as exc:
            errors += exc.errors
    return errors


def load_kommun(site: Site, kommun_id: str, folder: Path = KOMMUNER) -> list[ContentError]:
    """A kommun edition: kommun.yml, its local additions (tillagg/) and its own pages (sidor/)."""
    base = folder / kommun_id
    rel = f"kommuner/{kommun_id}"
    if not (base / "kommun.yml").is_file():
        known = ", ".join(sorted(p.name for p in folder.iterdir() if p.is_dir())) if folder.is_dir() else "inga"
        return [ContentError(f"{rel}/kommun.yml", 0, f"kommunen '{kommun_id}' finns inte (finns: {known})")]
    errors: list[ContentError] = []
    try:
        located = load_yaml(read_text(base / "kommun.yml", f"{rel}/kommun.yml"), f"{rel}/kommun.yml")
        site.kommun = validate_model(schema.Kommun, located, f"{rel}/kommun.yml")
        site.data_lines[f"{rel}/kommun.yml"] = located
        if site.kommun.id != kommun_id:
            errors.append(
                ContentError(f"{rel}/kommun.yml", located.line(("id",)), f"id ska vara mappens namn '{kommun_id}'")
            )
    except ContentErrors as exc:
        errors += exc.errors
    for file in sorted((base / "tillagg").glob("*.md")):
        try:
            site.additions.append(read_page(file, file.name, f"{rel}/tillagg/{file.name}", schema.LocalAddition))
        except ContentErrors as exc:
            errors += exc.errors
    for file in sorted((base / "sidor").glob("*.md")):
        try:
            page = read_page(file, f"{LOCAL_FOLDER}/{file.name}", f"{rel}/sidor/{file.name}")
            site.pages[page.path] = page
        except ContentErrors as exc:
            errors += exc.errors
    return errors


def load_site(docs_dir: Path = DOCS, data_dir: Path = DATA, kommun: str = "") -> tuple[Site, list[ContentError]]:
    """Read every data file and page (and a kommun edition's files); return the site and what was wrong."""
    site = Site()
    errors = load_data(site, data_dir) + load_pages(site, docs_dir)
    if kommun:
        errors += load_kommun(site, kommun, docs_dir.parent / "kommuner")
    return site, errors
