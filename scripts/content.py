"""Read the content: Markdown pages with YAML front matter under docs/, data files under data/.

Every problem found while reading becomes a ContentError that knows its file and line, so
that editors see `path:line: what is wrong`. Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import html
import os
import re
import stat
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

    def __reduce__(self):
        """Picklable, so a kommun edition built in a worker process can report it."""
        return ContentError, (self.path, self.line, self.message)


class ContentErrors(Exception):
    """All errors found in one pass, sorted by file and line."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(map(str, self.errors)))


@dataclass
class Located:
    """A YAML document's data plus the line of every key and list item in it, and its text."""

    data: Any
    lines: dict[tuple, int]
    text: list[str] = field(default_factory=list)  # the YAML's lines; text[0] is file line `first_line`
    first_line: int = 1

    def line(self, loc: tuple) -> int:
        """Line of the longest prefix of `loc` that the document has (pydantic locs add type names)."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc, self.lines.get((), 1))

    def find(self, loc: tuple, needle: str, at: int | None = None) -> int:
        """The line of the value at `loc` that holds `needle` (a value can span lines); its key's line
        when no line does. (`at`, a line within the value, is not used: YAML may fold the lines.)"""
        start = self.line(loc)
        return find_line(self.text[start - self.first_line :], start, needle)


def find_line(lines: list[str], first: int, needle: str, at: int | None = None, within: int = 400) -> int:
    """File line (numbering from `first`) of the first of `lines` that holds `needle`, compared
    without case and with HTML entities decoded; `first` when none does. `at`: the line is known
    (its index in `lines`)."""
    if at is not None and 0 <= at < len(lines):
        return first + at
    wanted = needle.strip().lower()
    if wanted:
        for n, line in enumerate(lines[:within]):
            if wanted in line.lower() or wanted in html.unescape(line).lower():
                return first + n
    return first


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
    kommuner: dict[str, schema.Kommun] = field(default_factory=dict)  # every edition in kommuner/, by id
    additions: list[Page[schema.LocalAddition]] = field(default_factory=list)  # its local boxes
    data_lines: dict[str, Located] = field(default_factory=dict)
    data: dict[str, BaseModel] = field(default_factory=dict)  # each data file's model, by its path ('data/lagrum.yml')
    statutes: dict[str, Any] = field(default_factory=dict)  # kept statute text by law id (lagtext.Statute)
    statute_pins: dict[str, str] = field(default_factory=dict)  # provision id → the wording its check was made against

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


MAX_YAML_DEPTH = 30  # levels of lists and fields; the content uses 6


class _Loader(SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, with an impossible date reported at its line instead of crashing."""


def _date(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} är inget giltigt datum", node.start_mark
        ) from None


def _int(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(None, None, "talet är för stort", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _date)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)


def _structure_problem(text: str, path: str, offset: int) -> ContentError | None:
    """Aliases and deep nesting, found in the parser's events before anything is built: an alias
    bomb or a document nested 100 000 deep would otherwise exhaust the build."""
    depth = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        line = (event.start_mark.line if event.start_mark else 0) + 1 + offset
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return ContentError(path, line, "YAML-ankare och alias (&namn, *namn) är inte tillåtna: skriv ut värdet")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return ContentError(path, line, f"YAML:en är nästlad djupare än {MAX_YAML_DEPTH} nivåer")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def load_yaml(text: str, path: str, first_line: int = 1) -> Located:
    """Parse YAML, keeping the line of each key/item; duplicate keys, aliases and deep nesting are errors."""
    offset = first_line - 1
    try:
        if problem := _structure_problem(text, path, offset):
            raise ContentErrors([problem])
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else first_line
        raise ContentErrors([ContentError(path, line, f"trasig YAML: {exc.problem or exc.context}")]) from None
    except yaml.YAMLError as exc:  # the reader: a character YAML does not allow
        position = getattr(exc, "position", 0) or 0
        line = text[:position].count("\n") + first_line
        raise ContentErrors([ContentError(path, line, "trasig YAML: ett tecken som YAML inte tillåter")]) from None
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
    return Located(data, lines, text.split("\n"), first_line)


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
    if kind == "string_type" and value is None:  # a key with nothing after its colon
        return f"'{field_name}' är tom"
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
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern", "")).startswith("^[a-z][a-z0-9-]"):
        return f"'{field_name}' ska börja med en bokstav och får bara innehålla a–z, 0–9 och '-', inte {value!r}"
    if kind == "string_pattern_mismatch":
        return f"'{field_name}' får bara innehålla a–z, 0–9 och '-', inte {value!r}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        wanted = getattr(schema, str(ctx.get("class_name", "")), None)
        if isinstance(value, str) and isinstance(wanted, type) and issubclass(wanted, BaseModel):
            fields = ", ".join(f"{n}: …" for n, f in wanted.model_fields.items() if f.is_required())
            return f"'{field_name}' har fel form: {value!r}; skriv punkten som {{{fields}}}"
        return f"'{field_name}' har fel form: {value!r}"
    if kind in ("too_long", "string_too_long"):
        most = ctx.get("max_length")
        unit = "punkter" if kind == "too_long" else "tecken"
        return f"'{field_name}' får ha högst {most} {unit}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        word = {"greater_than": "större än", "greater_than_equal": "minst", "less_than": "mindre än"}.get(kind, "högst")
        return f"'{field_name}' ska vara {word} {limit}, inte {value!r}"
    if kind in ("bool_type", "bool_parsing"):
        return f"'{field_name}' ska vara true eller false, inte {value!r}"
    if kind in ("int_parsing", "int_from_float", "float_type", "float_parsing"):
        return f"'{field_name}' ska vara ett tal, inte {value!r}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"'{field_name}' har ett värde som inte går att använda: {value!r}"


def _field_path(loc: tuple, lines: dict[tuple, int] | None = None) -> tuple:
    """The location as the editor wrote it: without pydantic's labels for union branches and
    validators ('Point', 'str', 'constrained-str', 'function-after[...]'). A key the editor wrote
    is kept even when it looks like one (a routine id in kommun.yml: 'dorren-stangd')."""
    out: tuple = ()
    for p in loc:
        label = isinstance(p, str) and (p[:1].isupper() or not p.isidentifier() or p == "str")
        if not label or (lines is not None and out + (p,) in lines):
            out += (p,)
    return out


def validation_errors(exc: ValidationError, path: str, located: Located, model=None) -> list[ContentError]:
    """One ContentError per problem; a union's alternatives are folded into one message."""
    out: dict[tuple, ContentError] = {}
    for err in exc.errors():
        loc = _field_path(err["loc"], located.lines)
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


PAGE_BUDGET = 48_000  # bytes: three times today's largest page (handlaggare/beslut-och-overklagande.md, 15 KB)
DATA_BUDGET = 400_000  # bytes: five times today's largest data file (data/lagrum.yml, 73 KB)
# Characters that hide or reorder text: control characters, YAML's other line breaks (an editor sees
# one line where YAML sees two), and the bidirectional overrides that make '112' display as '211'.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LINE_BREAKS = re.compile(r"\r\n?")  # Windows and old Mac line ends: read as '\n'


def read_text(file: Path, rel: str, budget: int = PAGE_BUDGET) -> str:
    """The file as text: UTF-8, a BOM dropped, Windows line ends read as '\n', no invisible controls."""
    size = file.stat().st_size
    if size > budget:
        raise ContentErrors(
            [ContentError(rel, 1, f"filen är {size // 1000} kB; högst {budget // 1000} kB: dela upp den")]
        )
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentErrors(
            [ContentError(rel, line, f"filen är inte giltig UTF-8 (byte 0x{raw[exc.start]:02x}); spara den som UTF-8")]
        ) from None
    text = LINE_BREAKS.sub("\n", text.removeprefix("\ufeff"))
    if bad := CONTROL.search(text):
        line = text[: bad.start()].count("\n") + 1
        raise ContentErrors(
            [ContentError(rel, line, f"tecknet U+{ord(bad[0]):04X} (ett osynligt styrtecken) hör inte hemma i text")]
        )
    if not text.strip():
        raise ContentErrors([ContentError(rel, 1, "filen är tom")])
    return text


# --- the files themselves ------------------------------------------------------------------------

PAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.md$")
RAW_PAGES = (".html", ".htm", ".xhtml", ".shtml", ".xml")
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def check_tree(folders: list[Path]) -> list[ContentError]:
    """Every file editors keep is a plain file of its own inside the repository, named by the rule:
    no symbolic or hard links (they could publish any file on the machine), no devices or pipes,
    pages named with a–z, 0–9 and '-'."""
    errors: list[ContentError] = []
    for top in folders:
        if not top.exists() and not top.is_symlink():
            continue
        for folder, dirs, files in os.walk(top, followlinks=False):
            for name in sorted(dirs + files):
                path = Path(folder) / name
                rel = (Path(top.name) / path.relative_to(top)).as_posix()  # as editors name it: docs/…, data/…
                info = path.lstat()
                if stat.S_ISLNK(info.st_mode):
                    errors.append(ContentError(rel, 1, "en symbolisk länk är inte tillåten: lägg filen här i stället"))
                    dirs[:] = [d for d in dirs if d != name]
                elif not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
                    errors.append(ContentError(rel, 1, "varken en fil eller en mapp (en enhet eller ett rör)"))
                elif stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
                    errors.append(
                        ContentError(rel, 1, "en hård länk är inte tillåten: lägg en egen kopia av filen här")
                    )
                elif name.endswith(".md") and not PAGE_NAME.match(name):
                    errors.append(ContentError(rel, 1, "filnamnet får bara ha a–z, 0–9 och '-' (och sluta på .md)"))
                elif not name.endswith(".md") and not FILE_NAME.match(name) and not name.startswith("."):
                    errors.append(ContentError(rel, 1, "filnamnet får bara ha a–z, 0–9, '.', '_' och '-'"))
                elif name.lower().endswith(RAW_PAGES):
                    errors.append(
                        ContentError(rel, 1, "en HTML-fil publiceras som den är: skriv sidan i Markdown (.md)")
                    )
        if top.is_symlink():
            errors.append(ContentError(top.name, 1, "mappen ligger utanför projektet (en symbolisk länk)"))
    return errors


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
            located = load_yaml(read_text(file, rel, DATA_BUDGET), rel)
            site.data_lines[name] = located
            value = validate_model(model, located, rel)
            site.data[rel] = value
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
        located = load_yaml(read_text(base / "kommun.yml", f"{rel}/kommun.yml", DATA_BUDGET), f"{rel}/kommun.yml")
        site.kommun = validate_model(schema.Kommun, located, f"{rel}/kommun.yml")
        site.data_lines[f"{rel}/kommun.yml"] = located
        site.data[f"{rel}/kommun.yml"] = site.kommun
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
        except ContentErrors as exc:
            errors += exc.errors
            continue
        if (national := site.pages.get(page.path)) is not None:  # it would replace the national page
            errors.append(
                ContentError(
                    page.source,
                    1,
                    f"sidan får samma adress ({page.path.removesuffix('.md')}.html) som den nationella sidan "
                    f"{national.source}: döp om filen",
                )
            )
            continue
        site.pages[page.path] = page
    return errors


def check_kommuner(site: Site, folder: Path) -> list[ContentError]:
    """Every kommun's kommun.yml, not only the edition being built: the id is the folder's name,
    and no two kommuner share an id or a name (they would share addresses, caches and boxes).
    The valid ones go into site.kommuner (the national "Välj kommun" page lists them)."""
    errors: list[ContentError] = []
    names: dict[str, str] = {}
    for base in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        rel = f"kommuner/{base.name}/kommun.yml"
        if not (base / "kommun.yml").is_file():
            errors.append(ContentError(rel, 1, "kommun.yml saknas i kommunens mapp"))
            continue
        try:
            located = load_yaml(read_text(base / "kommun.yml", rel, DATA_BUDGET), rel)
            kommun = validate_model(schema.Kommun, located, rel)
        except ContentErrors as exc:
            errors += exc.errors
            continue
        if kommun.id != base.name:
            errors.append(ContentError(rel, located.line(("id",)), f"id ska vara mappens namn '{base.name}'"))
        if (other := names.get(kommun.namn.casefold())) is not None:
            errors.append(ContentError(rel, located.line(("namn",)), f"samma namn som kommuner/{other}/kommun.yml"))
        names.setdefault(kommun.namn.casefold(), base.name)
        site.kommuner[kommun.id] = kommun
    return errors


def load_site(docs_dir: Path = DOCS, data_dir: Path = DATA, kommun: str = "") -> tuple[Site, list[ContentError]]:
    """Read every data file and page (and a kommun edition's files); return the site and what was wrong."""
    site = Site()
    kommuner = docs_dir.parent / "kommuner"
    errors = check_tree([docs_dir, data_dir, kommuner])
    if errors:  # a link could lead anywhere: read nothing until it is gone
        return site, errors
    from . import lagtext

    errors = load_data(site, data_dir) + lagtext.load(site, data_dir) + load_pages(site, docs_dir)
    errors += check_kommuner(site, kommuner)
    if kommun:
        errors += load_kommun(site, kommun, kommuner)
    return site, errors
