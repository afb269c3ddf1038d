"""Change you can see: each page's history (`andringar`), the page "Nytt och ändrat", the Atom feed
nytt.xml, and the rule that a changed page cannot be published without a new line in its history.

data/publicerat.yml holds, for every page an editor wrote, a hash of its content and how many lines
its history had when the portal was last published (`python -m scripts andringar` writes it). A
page whose content no longer has that hash needs a history line that was not there then, dated on
or after the newest one that was: without it `make build` and `make validate` stop and name the
page (under `make serve` it is a warning, so a draft can be looked at). Review dates, search words,
menu order and the history itself are not content: a review that changes nothing needs no line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import yaml

from .content import DATA, ContentError, ContentErrors, Page, Site, load_yaml, read_text
from .nav import html_link
from .schema import Change

RECORD = "publicerat.yml"
NOT_CONTENT = {"andringar", "senast_granskad", "nasta_granskning", "sokord", "ordning", "i_menyn"}
SUBSTANTIVE = "innehall"
NEWS_PAGE = "om/nytt-och-andrat.md"
FEED = "nytt.xml"
FEED_ENTRIES = 100  # the newest substantive changes in the feed; the page lists them all


@dataclass(frozen=True)
class Recorded:
    """A page as last published: its content hash, the number of lines in its history, the newest line's day."""

    innehall: str
    andringar: int
    senaste: date | None


def _squeezed(value):
    """Whitespace folded: re-wrapping a paragraph or a YAML line changes nothing a reader sees."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_squeezed(v) for v in value]
    if isinstance(value, dict):
        return {k: _squeezed(v) for k, v in value.items()}
    return value


def fingerprint(page: Page) -> str:
    """A hash of what the page says: its front matter but NOT_CONTENT, and its text."""
    meta = page.meta.model_dump(mode="json", exclude=NOT_CONTENT)
    content = json.dumps(_squeezed(meta), sort_keys=True, ensure_ascii=False) + "\n" + _squeezed(page.body)
    return hashlib.sha256(content.encode()).hexdigest()[:16]


def editor_pages(site: Site) -> list[Page]:
    """The pages editors wrote (not the generated ones), national and the edition's own."""
    return [p for p in site.pages.values() if p.located.lines]


def changes_of(page: Page) -> list[Change]:
    return list(getattr(page.meta, "andringar", []))


def record_of(page: Page) -> Recorded:
    entries = changes_of(page)
    return Recorded(fingerprint(page), len(entries), entries[0].datum if entries else None)


def load_record(data_dir: Path = DATA) -> dict[str, Recorded]:
    """data/publicerat.yml: page file (docs/…, kommuner/…/sidor/…) → what it was when last published."""
    file = data_dir / RECORD
    if not file.is_file():
        return {}
    rel = f"data/{RECORD}"
    located = load_yaml(read_text(file, rel, 1_000_000), rel)
    out: dict[str, Recorded] = {}
    for source, entry in (located.data or {}).items():
        try:
            out[str(source)] = Recorded(
                str(entry["innehall"]), int(entry["andringar"]), entry.get("senaste") if entry else None
            )
        except (TypeError, KeyError, ValueError):
            raise ContentErrors(
                [
                    ContentError(
                        rel,
                        located.line((source,)),
                        "raden är trasig: skriv om filen med `python -m scripts andringar`",
                    )
                ]
            ) from None
    return out


def unrecorded(site: Site, record: dict[str, Recorded]) -> list[ContentError]:
    """Pages changed since they were last published without a new line in their history; and a
    history that lost a line (a page's history is added to, never rewritten away)."""
    errors: list[ContentError] = []
    for page in editor_pages(site):
        was = record.get(page.source)
        if was is None:
            continue  # a new page: its first line is welcome, not required
        entries = changes_of(page)
        at = page.line("andringar") if entries else 2
        if len(entries) < was.andringar:
            errors.append(
                ContentError(
                    page.source,
                    at,
                    f"andringar har {len(entries)} rader men hade {was.andringar} när sidan publicerades senast: "
                    "en rad i historiken tas inte bort",
                )
            )
            continue
        if fingerprint(page) == was.innehall:
            continue
        new = entries[: len(entries) - was.andringar]
        if not new:
            errors.append(
                ContentError(
                    page.source,
                    at,
                    f"sidan har ändrats sedan den publicerades senast (data/{RECORD}) men har ingen ny rad i "
                    f"andringar: skriv överst i andringar {{datum: {date.today()}, slag: innehall eller redaktionell, "
                    "vad: en rad om vad som ändrades}",
                )
            )
            continue
        for i, change in enumerate(new):
            if was.senaste is not None and change.datum < was.senaste:
                errors.append(
                    ContentError(
                        page.source,
                        page.line("andringar", i),
                        f"den nya raden i andringar är daterad {change.datum}, före den senast publicerade "
                        f"({was.senaste}): skriv dagen ändringen gjordes",
                    )
                )
    return errors


def write_record(data_dir: Path, sites: list[Site]) -> list[str]:
    """Record every editor page of `sites` as published now; returns the pages whose entry changed.
    Refused while a page has changed without its line: the record is no way around the rule."""
    before = load_record(data_dir)
    errors = [e for site in sites for e in unrecorded(site, before)]
    if errors:
        raise ContentErrors(list({str(e): e for e in errors}.values()))  # a national page once, not per edition
    now = dict(before)
    for site in sites:
        for page in editor_pages(site):
            now[page.source] = record_of(page)
    changed = sorted(source for source, entry in now.items() if before.get(source) != entry)
    header = (
        "# Written by `python -m scripts andringar` when the portal is published: for each page, a hash\n"
        "# of its content, the number of lines in its history and the newest line's day. A page that\n"
        "# changes after this needs a new line in andringar (the build checks). Do not edit by hand.\n"
    )
    rows = {
        source: {"innehall": r.innehall, "andringar": r.andringar, "senaste": r.senaste}
        for source, r in sorted(now.items())
    }
    body = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
    (data_dir / RECORD).write_text(header + body, encoding="utf-8")
    return changed


def record(data_dir: Path = DATA) -> list[str]:
    """`python -m scripts andringar`: the national site and every kommun's own pages, as they are now."""
    from .content import load_site

    docs_dir = data_dir.parent / "docs"
    kommuner = data_dir.parent / "kommuner"
    editions = [""] + sorted(p.name for p in kommuner.iterdir() if p.is_dir()) if kommuner.is_dir() else [""]
    sites = []
    for kommun in editions:
        site, errors = load_site(docs_dir, data_dir, kommun)
        if errors:
            raise ContentErrors(errors)
        sites.append(site)
    return write_record(data_dir, sites)


# --- what readers see ---------------------------------------------------------------------------


def substantive(site: Site) -> list[tuple[Change, Page, int]]:
    """Every substantive change on every page, newest first (then by page title), with its number
    on its page counted from the first line (stable: lines are added on top)."""
    found = []
    for page in editor_pages(site):
        entries = changes_of(page)
        found += [(c, page, len(entries) - i) for i, c in enumerate(entries) if c.slag == SUBSTANTIVE]
    return sorted(found, key=lambda f: (-f[0].datum.toordinal(), f[1].meta.titel))


def news_page(site: Site) -> list[Page]:
    """om/nytt-och-andrat.md: the substantive changes, newest first, by month; and the feed."""
    from .generate import make_page, review_span
    from .render import MONTHS, swedish_date

    if "om/index.md" not in site.pages:
        return []
    path = NEWS_PAGE
    found = substantive(site)
    out = [
        "Här står det som har ändrats i sak på portalens sidor, det senaste först: ett nytt råd, ett "
        "ändrat steg, ett nytt nummer, en ny regel. Rättade stavfel och annat som inte ändrar innehållet "
        "står bara i historiken längst ner på varje sida (*Ändringar på sidan*).",
        "",
        f'<p class="portal-flode"><a href="{html_link(path, FEED)}" type="application/atom+xml">'
        "Följ ändringarna i en flödesläsare (Atom)</a></p>",
        "",
    ]
    month = None
    for change, page, _ in found:
        heading = f"{MONTHS[change.datum.month - 1].capitalize()} {change.datum.year}"
        if heading != month:
            out += ["", f"## {heading}", ""]
            month = heading
        out.append(
            f'- <time datetime="{change.datum}">{swedish_date(change.datum)}</time>: '
            f'<a href="{html_link(path, page.path)}">{xml_escape(page.meta.titel)}</a> – {xml_escape(change.vad)}'
        )
    if not found:
        out.append("Inga ändringar i sak ännu.")
    out.append("")
    about = [p for p in site.pages.values() if p.path.startswith("om/") and p.located.lines]
    return [
        make_page(
            path,
            "\n".join(out),
            titel="Nytt och ändrat",
            ordning=4,
            sammanfattning="Det som har ändrats i sak på portalens sidor, det senaste först, och ett flöde att följa.",
            sokord=["nytt", "ändrat", "ändringar", "uppdaterat", "nyheter", "flöde", "Atom", "RSS"],
            **review_span(about or list(site.pages.values())),
        )
    ]


def feed(site: Site, base: str) -> str:
    """nytt.xml: an Atom feed (RFC 4287) of the newest substantive changes, with absolute links."""
    from .sitemap import html_path

    found = substantive(site)[:FEED_ENTRIES]
    k = site.kommun
    title = f"Boendestödsportalen – {k.namn}: nytt och ändrat" if k else "Boendestödsportalen: nytt och ändrat"
    days = [c.datum for c, _, _ in found] or [max(p.meta.senast_granskad for p in site.pages.values())]
    entries = []
    for change, page, number in found:
        url = base + html_path(page.path)
        entries.append(
            "<entry>"
            f"<id>{xml_escape(url)}#andring-{number}</id>"
            f"<title>{xml_escape(page.meta.titel)}</title>"
            f'<link rel="alternate" type="text/html" href="{xml_escape(url)}"/>'
            f"<updated>{change.datum}T00:00:00Z</updated>"
            f"<summary>{xml_escape(change.vad)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">\n'
        f"<id>{xml_escape(base + FEED)}</id>\n"
        f"<title>{xml_escape(title)}</title>\n"
        f"<updated>{max(days)}T00:00:00Z</updated>\n"
        f"<author><name>{xml_escape(k.namn if k else 'Boendestödsportalen')}</name></author>\n"
        f'<link rel="self" type="application/atom+xml" href="{xml_escape(base + FEED)}"/>\n'
        f'<link rel="alternate" type="text/html" href="{xml_escape(base + html_path(NEWS_PAGE))}"/>\n'
        + "".join(e + "\n" for e in entries)
        + "</feed>\n"
    )


def write_feed(site_dir: Path, site: Site) -> None:
    from .sitemap import site_url

    (site_dir / FEED).write_text(feed(site, site_url()), encoding="utf-8")
