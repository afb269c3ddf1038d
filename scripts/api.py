"""The content API: JSON files written at build time, no key and no server code, so that another
site (a kommun's intranet) can show a page with its sources, lagrum and review dates intact.

site/api/v1/index.json lists the pages; site/api/v1/sidor/<path>.json is one page;
site/api/v1/schema.json is the JSON Schema of both. Texts are Markdown as the editors wrote them,
with `lank:` links and links to other pages made into full addresses. Not in the service worker's precache.
"""

from __future__ import annotations

import json
import posixpath
import re
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from . import lagrum
from .content import Page, Site
from .render import SECTIONS, strength
from .schema import Point
from .sitemap import html_path, site_url

VERSION = "1.0"  # the major version is in the folder: a change that breaks a reader gets api/v2/
FOLDER = "api/v1"
# The point lists a page can have (advice, steps, warnings), in the order the page shows them.
POINT_LISTS = ["steg", "upplagg", "stod", "att_gora", "i_vardagen", "efterat", "samtala", "tank_pa"]
HEADINGS = {name: heading for name, heading, _ in SECTIONS if heading}


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ApiPoint(Out):
    text: str = Field(description="Punkten i Markdown.")
    styrka: str = Field(
        description="Hur bindande punkten är: Lag, Föreskrift, Allmänt råd, Rättspraxis eller Vägledning."
    )
    kalla: str | None = Field(description="Källdokumentets id (se kallor), om punkten har en egen källa.")
    lagrum: str | None = Field(description="Lagrummets id (se lagrum), om punkten återger en regel i lag.")


class ApiList(Out):
    namn: str = Field(description="Fältets namn i portalen, t.ex. stod, steg, tank_pa.")
    rubrik: str = Field(description="Rubriken som portalen visar.")
    punkter: list[ApiPoint]


class ApiCall(Out):
    vem: str
    nummer: str | None
    nar: str


class ApiSource(Out):
    id: str
    titel: str
    utgivare: str
    ar: str
    avsnitt: list[str] = Field(description="Avsnitten i dokumentet som sidan bygger på.")
    url: str | None = Field(description="Adressen, för en webbsida.")
    last: date | None = Field(description="Dagen webbsidan lästes.")


class ApiProvision(Out):
    id: str
    hanvisning: str = Field(description="Till exempel '11 kap. 1 § SoL'.")
    rubrik: str
    sammanfattning: str
    url: str = Field(description="Lagrummets sida i portalen.")
    lagtext: str | None = Field(description="Länk direkt till paragrafen i lagtexten, där den finns.")


class ApiChange(Out):
    datum: date
    slag: Literal["innehall", "redaktionell"]
    vad: str


class ApiPage(Out):
    """One page: what the portal shows, with its sources and dates."""

    api_version: str
    sokvag: str = Field(description="Sidans sökväg, t.ex. situationer/oppnar-inte-dorren.")
    url: str = Field(description="Sidan i portalen.")
    titel: str
    typ: str
    sammanfattning: str
    gor_forst: str | None = Field(description="En guides första rad: det allra första du gör.")
    ring: list[ApiCall] = Field(description="En guides samtal, det mest brådskande först.")
    listor: list[ApiList] = Field(description="Råden, stegen och varningarna, i sidans ordning.")
    kallor: list[ApiSource]
    lagrum: list[ApiProvision]
    senast_granskad: date
    nasta_granskning: date
    andringar: list[ApiChange] = Field(description="Sidans historik, den senaste först.")


class ApiEntry(Out):
    sokvag: str
    titel: str
    typ: str
    sammanfattning: str
    senast_granskad: date
    nasta_granskning: date
    url: str = Field(description="Sidan i portalen.")
    fil: str = Field(description="Sidans JSON-fil, relativt index.json.")


class ApiIndex(Out):
    """Every page the API has."""

    api_version: str
    portal: str
    kommun: str | None = Field(description="Kommunens id i en kommunal utgåva.")
    schema_: str = Field(alias="schema", description="JSON Schema för filerna, relativt index.json.")
    sidor: list[ApiEntry]


def _text(text: str, page: Page, site: Site, base: str) -> str:
    """Markdown with `lank:` ids and links to other pages made into addresses another site can follow."""

    def address(m: re.Match) -> str:
        target, _, anchor = m[1].partition("#")
        if target.startswith("lank:"):
            url = site.links[target.removeprefix("lank:")].url
        elif target.endswith(".md") and "://" not in target:
            url = base + html_path(posixpath.normpath(posixpath.join(page.folder, target)))
        else:
            return m[0]
        return f"]({url}{'#' + anchor if anchor else ''})"

    return re.sub(r"\]\(([^)\s]+)\)", address, text)


def _point(page: Page, site: Site, base: str, item) -> ApiPoint:
    own = item if isinstance(item, Point) else None
    return ApiPoint(
        text=_text(own.text if own else str(item), page, site, base),
        styrka=strength(page, site, item)[1],
        kalla=own.kalla if own else None,
        lagrum=own.lagrum if own else None,
    )


def _sources(page: Page, site: Site) -> list[ApiSource]:
    sections: dict[str, list[str]] = {}
    for ref in page.meta.kallor:
        sections.setdefault(ref.dokument, []).append(ref.avsnitt)
    out = []
    for doc_id, names in sections.items():
        doc = site.sources[doc_id]
        url = site.links[doc.lank].url if doc.lank else None
        sections_used = list(dict.fromkeys(names))
        out.append(
            ApiSource(
                id=doc_id,
                titel=doc.titel,
                utgivare=doc.utgivare,
                ar=doc.ar,
                avsnitt=sections_used,
                url=url,
                last=doc.last,
            )
        )
    return out


def _provisions(page: Page, site: Site, base: str) -> list[ApiProvision]:
    """The page's lagrum, then those its points and process steps cite, each once."""
    ids = list(getattr(page.meta, "lagrum", []))
    for name in POINT_LISTS:
        ids += [p.lagrum for p in getattr(page.meta, name, []) if isinstance(p, Point) and p.lagrum]
    for step in getattr(page.meta, "process", []):
        ids += step.lagrum
    out = []
    for pid in dict.fromkeys(ids):
        p = site.provisions[pid]
        out.append(
            ApiProvision(
                id=pid,
                hanvisning=lagrum.citation(p, site.laws),
                rubrik=p.rubrik,
                sammanfattning=p.sammanfattning,
                url=base + html_path(lagrum.page_path(p)),
                lagtext=lagrum.deep_link(p, site.laws),
            )
        )
    return out


def page_json(page: Page, site: Site, base: str) -> ApiPage:
    """One page as the API gives it."""
    m = page.meta
    lists = [
        ApiList(namn=name, rubrik=HEADINGS[name], punkter=[_point(page, site, base, i) for i in getattr(m, name)])
        for name in POINT_LISTS
        if getattr(m, name, None)
    ]
    first = getattr(m, "gor_forst", None)
    return ApiPage(
        api_version=VERSION,
        sokvag=page.path.removesuffix(".md"),
        url=base + html_path(page.path),
        titel=m.titel,
        typ=m.typ,
        sammanfattning=_text(m.sammanfattning, page, site, base),
        gor_forst=_text(first, page, site, base) if first else None,
        ring=[ApiCall(vem=c.vem, nummer=c.nummer, nar=_text(c.nar, page, site, base)) for c in getattr(m, "ring", [])],
        listor=lists,
        kallor=_sources(page, site),
        lagrum=_provisions(page, site, base),
        senast_granskad=m.senast_granskad,
        nasta_granskning=m.nasta_granskning,
        andringar=[ApiChange(datum=c.datum, slag=c.slag, vad=c.vad) for c in m.andringar],
    )


def api_pages(site: Site) -> list[Page]:
    """The pages editors wrote (the generated ones are lists of these), in path order."""
    return sorted((p for p in site.pages.values() if p.located.lines), key=lambda p: p.path)


def json_path(page: Page) -> str:
    return "sidor/" + page.path.removesuffix(".md") + ".json"


def index_json(site: Site, base: str) -> ApiIndex:
    k = site.kommun
    entries = [
        ApiEntry(
            sokvag=p.path.removesuffix(".md"),
            titel=p.meta.titel,
            typ=p.meta.typ,
            sammanfattning=_text(p.meta.sammanfattning, p, site, base),
            senast_granskad=p.meta.senast_granskad,
            nasta_granskning=p.meta.nasta_granskning,
            url=base + html_path(p.path),
            fil=json_path(p),
        )
        for p in api_pages(site)
    ]
    portal = f"Boendestödsportalen – {k.namn}" if k else "Boendestödsportalen"
    return ApiIndex(api_version=VERSION, portal=portal, kommun=k.id if k else None, schema="schema.json", sidor=entries)


def json_schema() -> dict:
    """JSON Schema (2020-12) of index.json and the page files."""
    _, defs = models_json_schema([(ApiIndex, "serialization"), (ApiPage, "serialization")], by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Boendestödsportalens innehålls-API {VERSION}",
        "description": "index.json följer ApiIndex, sidor/<sökväg>.json följer ApiPage.",
        **defs,
        "anyOf": [{"$ref": "#/$defs/ApiIndex"}, {"$ref": "#/$defs/ApiPage"}],
    }


def _dump(model: BaseModel | dict) -> str:
    data = model.model_dump(mode="json", by_alias=True) if isinstance(model, BaseModel) else model
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write(site_dir: Path, site: Site) -> None:
    """site/api/v1/: index.json, schema.json and one file per page."""
    base = site_url()
    folder = site_dir / FOLDER
    for page in api_pages(site):
        target = folder / json_path(page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_dump(page_json(page, site, base)), encoding="utf-8")
    (folder / "index.json").write_text(_dump(index_json(site, base)), encoding="utf-8")
    (folder / "schema.json").write_text(_dump(json_schema()), encoding="utf-8")
