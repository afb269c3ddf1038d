"""The content model: one pydantic model per page kind and per data file.

This is the only place that says which fields exist. Field names are the Swedish
words editors write (without å, ä, ö); `python -m scripts.schema` exports them as
JSON Schema into schema/ for editors' YAML plugins.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

Text = Annotated[StrictStr, Field(min_length=1)]
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[StrictStr, Field(pattern=ID_PATTERN)]
# An id an editor gives an item so that what a browser stores about it (a tick, an answer) follows
# the item when it is reworded or moved: starts with a letter (so it is never read as a position).
ItemId = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)]


def _not_future(day: date) -> date:
    if day > date.today():
        raise ValueError(f"datumet {day} ligger i framtiden (i dag är det {date.today()})")
    return day


PastDate = Annotated[date, AfterValidator(_not_future)]  # a day something was done: never after today
PhoneNumber = Annotated[StrictStr, Field(pattern=r"^\+?[0-9][0-9 -]{1,16}[0-9]$")]  # e.g. '112', '010-456 67 00'

# --- what each field is -------------------------------------------------------------------------
# Every field whose value the build must check or transform says what it is, with `role(...)`.
# validate, render, readability and generate read these roles (through `values`) instead of
# keeping their own lists of field names. The roles are also in the exported JSON Schema ("roll").
ROLES = {
    "text": "any other text (titles, names, numbers): checked by the content gate like prose",
    "prosa": "text in Markdown that readers see: links, lank:-ids and active content are checked",
    "sida": "a page, as its path under docs/",
    "lagrum": "an id in data/lagrum.yml",
    "kalla": "a document id in data/kallor.yml",
    "tagg": "a tag id in data/taggar.yml",
    "lank": "an id in data/lankar.yml",
    "rutin": "a routine slot id in data/rutiner.yml",
    "bild": "a picture for lättläst pages: a file name without .svg in docs/assets/bilder/lattlast/",
}


def role(name: str, **field_args) -> Any:
    """A Field that declares what its value (or each item of it) is; see ROLES."""
    assert name in ROLES, name
    return Field(json_schema_extra={"roll": name}, **field_args)


def values(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """Every (location, role, text) in a model, nested models and lists included. A string whose
    field declares no role is 'text': every string reaches the content gate."""
    for name, info in type(model).model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        role_name = extra.get("roll")
        yield from _walk(getattr(model, name), loc + (name,), role_name if isinstance(role_name, str) else "text")


def _walk(value, loc: tuple, role_name: str | None):
    if isinstance(value, BaseModel):
        yield from values(value, loc)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, loc + (i,), role_name)
    elif isinstance(value, dict):
        for k, item in value.items():
            yield from _walk(item, loc + (k,), role_name)
    elif isinstance(value, str) and role_name:
        yield loc, role_name, value


class Strict(BaseModel):
    """Unknown fields are errors; text fields take text only (no YAML 1.1 surprises)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- pieces used by several page kinds --------------------------------------------------------


class SourceRef(Strict):
    """Where a fact comes from: a document in data/kallor.yml and its section heading."""

    dokument: Id = role("kalla", description="Id för dokumentet i data/kallor.yml, t.ex. vagledning.")
    avsnitt: Text = Field(description="Avsnittets rubrik i dokumentet.")
    rader: StrictStr | None = Field(None, description="Rader i källtexten, t.ex. '1730–1783'.")


class Point(Strict):
    """An advice point from another source than the page's main one, or a rule of law: its
    strength (ska, bör, kan) is read from its source's kind or its lagrum, never written."""

    text: Text = role("prosa")
    kalla: Id | None = role("kalla", default=None, description="Id för källdokumentet som punkten bygger på.")
    lagrum: Id | None = role(
        "lagrum", default=None, description="Lagrummet punkten återger (id i data/lagrum.yml): den visas som lag."
    )

    @model_validator(mode="after")
    def _sourced(self):
        if self.kalla is None and self.lagrum is None:
            raise ValueError("en punkt med text: behöver kalla eller lagrum")
        return self


class Question(Strict):
    """A reflection question; `kalla` marks one taken from a source."""

    fraga: Text = role("prosa")
    kalla: Id | None = role("kalla", default=None, description="Källdokument om frågan är hämtad ur en källa.")
    tema: Id | None = role(
        "tagg", default=None, description="Tagg som frågan hör till i frågebanken (annars sidans första tagg)."
    )


PointItem = Text | Point
QuestionItem = Text | Question


CHANGE_KINDS = {
    "innehall": "innehållet ändrades: ett råd, ett steg, ett nummer, en regel (visas i Nytt och ändrat, i flödet och för den som har läst sidan förut)",
    "redaktionell": "språk, stavning, ordning eller form; inget i sak (visas bara i sidans egen historik)",
}


def _one_line(text: str) -> str:
    if "\n" in text:
        raise ValueError("vad ska vara en rad")
    return text


class Change(Strict):
    """One change to a page, as the page's history shows it. Written `{datum: 2026-12-07, slag:
    innehall, vad: En rad om vad som ändrades.}`; the newest first."""

    datum: PastDate = Field(description="Dagen ändringen gjordes.")
    slag: Literal[tuple(CHANGE_KINDS)] = Field(  # type: ignore[valid-type]
        description="; ".join(f"{k} = {v}" for k, v in CHANGE_KINDS.items())
    )
    vad: Annotated[Text, AfterValidator(_one_line)] = Field(
        max_length=200, description="En rad om vad som ändrades, som läsaren förstår den."
    )


class Page(Strict):
    """Fields every page has."""

    titel: Text
    typ: StrictStr
    sammanfattning: Text = role(
        "prosa", description="2–3 meningar. Visas först på sidan, i översikter och sökresultat."
    )
    sokord: list[Text] = Field(
        [], description="Synonymer, vardagsord, förkortningar och gamla termer som användare skriver."
    )
    taggar: list[Id] = role("tagg", default=[], description="Taggar ur data/taggar.yml.")
    relaterat: list[Text] = role(
        "sida", default=[], description="Relaterade sidor, som sökväg under docs/ (t.ex. malgrupper/samlarsyndrom.md)."
    )
    kallor: list[SourceRef] = Field([], description="Källor: dokument och avsnitt.")
    rutiner: list[Id] = role(
        "rutin", default=[], description="Kommunens rutiner som sidan visar (id:n i data/rutiner.yml)."
    )
    ordning: StrictInt | None = Field(None, description="Plats i menyn (lägst först). Annars i bokstavsordning.")
    i_menyn: bool = Field(True, description="false: sidan visas inte i menyn (men finns och kan sökas).")
    senast_granskad: PastDate
    nasta_granskning: date
    andringar: list[Change] = Field(
        [],
        description="Sidans historik, den senaste först: {datum, slag: innehall eller redaktionell, vad}. "
        "En sida som har ändrats sedan den senast publicerades behöver en ny rad (bygget kontrollerar det).",
    )

    @model_validator(mode="after")
    def _review_order(self):
        if self.nasta_granskning <= self.senast_granskad:
            raise ValueError("nasta_granskning måste ligga efter senast_granskad")
        return self

    @field_validator("andringar")
    @classmethod
    def _newest_first(cls, changes: list[Change]) -> list[Change]:
        days = [c.datum for c in changes]
        if days != sorted(days, reverse=True):
            raise ValueError("andringar: skriv den senaste ändringen först")
        return changes


class InfoPage(Page):
    """Start, overview and about pages."""

    typ: Literal["sida"]


class GuidancePage(Page):
    """A page with advice: it must cite sources."""

    kallor: list[SourceRef] = Field(min_length=1)
    tank_pa: list[PointItem] = role(
        "prosa",
        default=[],
        description="Varningar och gränser: när du ska kontakta vården, vad boendestöd inte är. Den första är säkerhetsraden på studiekortet.",
    )
    reflektionsfragor: list[QuestionItem] = role(
        "prosa", default=[], description="Öppna frågor för en reflektionsträff."
    )
    lagrum: list[Id] = role("lagrum", default=[], description="Id:n i data/lagrum.yml.")


class TargetGroupPage(GuidancePage):
    """A målgrupp: a condition or a life situation (the subfolder under malgrupper/ says which)."""

    typ: Literal["malgrupp"]
    sokord: list[Text] = Field(min_length=3)
    i_vardagen: list[PointItem] = role("prosa", min_length=1, description="Så kan det märkas i vardagen.")
    stod: list[PointItem] = role(
        "prosa", min_length=3, description="Så kan du stödja: punkter en boendestödjare kan göra."
    )
    reflektionsfragor: list[QuestionItem] = role("prosa", min_length=4)


class ThemePage(GuidancePage):
    """A förhållningssätt (way of working) that target pages link to."""

    typ: Literal["tema"]
    stod: list[PointItem] = role("prosa", min_length=3, description="Så kan du göra.")
    reflektionsfragor: list[QuestionItem] = role("prosa", min_length=4)


class Call(Strict):
    """Who to call in a situation, and when."""

    vem: Text = role(
        "prosa", description="Numret eller vem, t.ex. '112', '1177', 'Din chef', 'Giftinformationscentralen'."
    )
    nummer: PhoneNumber | None = Field(
        None, description="Numret, när `vem` är ett namn, t.ex. '010-456 67 00'. Blir en ring-länk."
    )
    nar: Text = role("prosa", description="När du ringer just dit.")
    kalla: Id | None = role("kalla", default=None, description="Källdokument för raden.")


class SituationGuide(GuidancePage):
    """A situation guide ("När det händer"): what a boendestödjare does now, step by step."""

    typ: Literal["situation"]
    sokord: list[Text] = Field(min_length=5)
    livsfara: bool = Field(
        False, description="true: guiden gäller när ett liv kan vara i fara. Den visas först och märkt på startsidan."
    )
    gor_forst: Text = role("prosa", description="En rad: det allra första du gör.")
    steg: list[PointItem] = role(
        "prosa", min_length=3, max_length=8, description="Stegen i ordning, ett handgrepp per steg."
    )
    ring: list[Call] = Field(min_length=1, description="Vem du ringer, det mest brådskande först.")
    efterat: list[PointItem] = role(
        "prosa", min_length=1, description="Efteråt: dokumentera, berätta för chefen, anmälan där lagen kräver det."
    )
    din_roll: Text = role("prosa", description="Var din roll slutar.")
    tank_pa: list[PointItem] = role("prosa", min_length=1, description="Den första är säkerhetsraden på studiekortet.")
    relaterat: list[Text] = role("sida", min_length=1, description="Målgrupps- och temasidor guiden bygger på.")


class EasyReadPage(Page):
    """A lättläst page for the person who has boendestöd, paired with an ordinary page."""

    typ: Literal["lattlast"]
    kallor: list[SourceRef] = Field(min_length=1)
    vanlig_sida: Text = role("sida", description="Den vanliga sidan om samma sak (sökväg under docs/).")
    bilder: dict[Text, Id] = role(
        "bild",
        default={},
        description="En bild till varje avsnitt: rubriken (som den står efter '## ') och bildens namn, "
        "en fil i docs/assets/bilder/lattlast/ utan .svg, t.ex. 'Vad kostar boendestöd?: coin'. "
        "Varje avsnitt ska ha en bild. Bilden är en dekoration bredvid rubriken och läses inte upp.",
    )


class ProcessStep(Strict):
    """One step in the handläggning, for the process map."""

    steg: Text = Field(description="Stegets namn, t.ex. 'Utredning och behovsbedömning'.")
    ansvarig: Literal["myndighet", "utforare", "bada"] = Field(
        description="Vem gör steget: myndighet (handläggaren), utforare (boendestödet) eller bada."
    )
    innehall: list[Text] = role("prosa", min_length=1, description="Vad som görs i steget, kort.")
    tidsgrans: StrictStr | None = role(
        "prosa", default=None, description="Tidsgräns som en källa anger, t.ex. 'inom tre månader'."
    )
    sida: StrictStr | None = role(
        "sida", default=None, description="Sidan som beskriver steget, som sökväg under docs/."
    )
    lagrum: list[Id] = role("lagrum", default=[])
    kallor: list[SourceRef] = Field(min_length=1)


class CaseOfficerPage(GuidancePage):
    """A page for handläggare."""

    typ: Literal["handlaggare"]
    att_gora: list[PointItem] = role("prosa", min_length=1, description="Så gör du: steg och kontrollpunkter.")
    process: list[ProcessStep] = Field([], description="Processkartan: stegen från ansökan till avslut, i ordning.")


class ManagerPage(GuidancePage):
    """A page for chefer."""

    typ: Literal["chef"]
    att_gora: list[PointItem] = role("prosa", min_length=1, description="Så gör du: steg och kontrollpunkter.")


class SessionPlan(GuidancePage):
    """A plan for one reflektionsträff: aim, an invented case, questions, links to pages and cards."""

    typ: Literal["reflektionstraff"]
    syfte: Text = role("prosa", description="Vad träffen ska ge gruppen, 1–2 meningar.")
    fall: Text = role("prosa", description="Ett kort påhittat fall (inga verkliga personer).")
    upplagg: list[PointItem] = role(
        "prosa", default=[], description="Träffens steg med tid, om de skiljer sig från standardupplägget."
    )
    reflektionsfragor: list[QuestionItem] = role("prosa", min_length=4, max_length=6)
    relaterat: list[Text] = role("sida", min_length=1)


class ChecklistItem(Strict):
    """One item to tick. Its id keys the tick the browser keeps: reword or move the item and the
    tick stays with it. Written `{id: las-sidorna, text: Jag har läst sidorna.}`."""

    id: ItemId = Field(
        description="Kort id, unikt på sidan (a–z, 0–9 och '-'; börjar med en bokstav). Byt inte id när du skriver om texten."
    )
    text: Text = role("prosa")


class SelfCheckQuestion(Strict):
    """One multiple-choice question in a week's self-check (answers stay in the browser, keyed by its id)."""

    id: ItemId = Field(
        description="Kort id, unikt på sidan (a–z, 0–9 och '-'; börjar med en bokstav). Svaret som webbläsaren sparat hör till id:t."
    )
    fraga: Text = role("prosa")
    alternativ: list[Text] = role("prosa", min_length=2, max_length=5, description="Svarsalternativen.")
    ratt: StrictInt = Field(ge=1, le=5, description="Vilket alternativ som är rätt (1 = det första).")
    forklaring: Text = role("prosa", description="Visas efter svaret: varför, med egna ord.")
    sida: Text = role("sida", description="Sidan som lär ut det (sökväg under docs/).")

    @model_validator(mode="after")
    def _answer_exists(self):
        if self.ratt > len(self.alternativ):
            raise ValueError(f"ratt: {self.ratt} men bara {len(self.alternativ)} alternativ")
        return self


class IntroductionStep(GuidancePage):
    """One step (week) in the introduction programme for new boendestödjare."""

    typ: Literal["introduktion"]
    vecka: StrictInt = Field(ge=1, le=12, description="Vilken vecka i programmet.")
    las: list[Text] = role("sida", min_length=1, description="Sidor att läsa, som sökväg under docs/.")
    samtala: list[Text] = role("prosa", min_length=1, description="Att prata igenom med mentor eller kollega.")
    studiekort: list[Text] = role("sida", default=[], description="Sidor vars studiekort används (sökväg under docs/).")
    checklista: list[ChecklistItem] = Field(
        min_length=1, description="Det den nya medarbetaren bockar av: {id: ..., text: ...} per punkt."
    )
    sjalvtest: list[SelfCheckQuestion] = Field(
        [], description="Frågor att testa sig själv på veckans läsning (minst 6)."
    )


PAGE_KINDS: dict[str, type[Page]] = {
    "sida": InfoPage,
    "malgrupp": TargetGroupPage,
    "tema": ThemePage,
    "handlaggare": CaseOfficerPage,
    "chef": ManagerPage,
    "reflektionstraff": SessionPlan,
    "introduktion": IntroductionStep,
    "situation": SituationGuide,
    "lattlast": EasyReadPage,
}

# Which folder under docs/ holds which kinds (a page elsewhere may be any kind).
FOLDER_KINDS: dict[str, set[str]] = {
    "malgrupper": {"malgrupp", "sida"},
    "tema": {"tema", "sida"},
    "handlaggare": {"handlaggare", "sida"},
    "chef": {"chef", "sida"},
    "reflektion": {"reflektionstraff", "tema", "sida"},
    "introduktion": {"introduktion", "sida"},
    "situationer": {"situation", "sida"},
    "lattlast": {"lattlast", "sida"},
}


# --- kommun editions (kommuner/<id>/) ----------------------------------------------------------


class Contact(Strict):
    """A contact in a kommun edition."""

    namn: Text = Field(description="Vem, t.ex. 'Växel' eller 'Arbetsledare i tjänst'.")
    nummer: Text = Field(description="Telefonnummer eller adress; 'behöver verifieras' när ingen källa anger det.")
    nar: Text | None = role("prosa", default=None, description="När du ska kontakta just dem.")


class Kommun(Strict):
    """kommuner/<id>/kommun.yml: who the edition is for and who owns it."""

    id: Id
    namn: Text = Field(description="Kommunens namn, t.ex. 'Göteborgs Stad'.")
    i_text: Text = Field(description="Hur lokala rutor börjar, t.ex. 'I Göteborgs Stad'.")
    organisation: Text = Field(description="Förvaltningen eller nämnden som ger boendestödet.")
    agare: Text = Field(description="Vem som äger och granskar kommunens utgåva.")
    kallor: list[Id] = role(
        "kalla",
        default=[],
        description="Dokument utgåvan bygger på (id:n i data/kallor.yml); krävs när utgåvan har kontakter eller rutiner.",
    )
    kontakter: list[Contact] = []
    rutiner: dict[Id, Text] = role(
        "prosa", default={}, description="Kommunens text för en rutin (nyckel: id i data/rutiner.yml)."
    )
    senast_granskad: PastDate
    nasta_granskning: date


class LocalAddition(Strict):
    """Front matter of kommuner/<id>/tillagg/*.md: a local box inside a national page."""

    sida: Text = role("sida", description="Den nationella sidan som tillägget hör till (sökväg under docs/).")
    avsnitt: Annotated[StrictStr, Field(pattern=r"^[a-z_]+$")] = Field(
        description="Fältet på sidan som tillägget visas efter (t.ex. stod, att_gora, steg) eller 'inledning'."
    )
    agare: Text = Field(description="Vem som äger och granskar tillägget.")
    kallor: list[SourceRef] = Field(min_length=1)
    senast_granskad: PastDate
    nasta_granskning: date
    nationell_text: Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{12}$")] | None = Field(
        None,
        description="Kontrollsumma för den nationella texten i avsnittet när tillägget senast granskades. "
        "Skrivs av 'python -m scripts tillagg <kommun>'; ändras den nationella texten varnar bygget.",
    )


# --- data files -------------------------------------------------------------------------------


SOURCE_KINDS = {
    "lag": "lag eller förordning (lagtext)",
    "foreskrift": "föreskrift, t.ex. SOSFS (bindande)",
    "allmanna-rad": "allmänna råd",
    "praxis": "domstolsavgörande",
    "forarbete": "proposition, utredning eller annat förarbete",
    "vagledning": "kunskapsstöd eller vägledning från en myndighet",
    "myndighet": "information från en myndighet eller organisation",
    "kommun": "en kommuns information eller rutin",
    "rapport": "rapport eller studie",
    "teknik": "teknisk dokumentation",
}


class SourceDocument(Strict):
    """One entry in data/kallor.yml: a document the portal is built from."""

    id: Id
    slag: Literal[tuple(SOURCE_KINDS)] = Field(  # type: ignore[valid-type]
        description="Vad för slags källa: "
        + "; ".join(f"{k} = {v}" for k, v in SOURCE_KINDS.items())
        + ". Ger styrkan på punkterna som bygger på den (ska, bör, kan)."
    )
    titel: Text
    utgivare: Text
    ar: Text = Field(description="Utgivningsår, som text (t.ex. '2025' eller 'troligen 2017').")
    kortnamn: Text = Field(description="Hur sidorna nämner källan, t.ex. 'Socialstyrelsen 2025, Boendestöd'.")
    fil: Text | None = Field(None, description="Filnamn i ../shared/sources/ (för dokumenten portalen bygger på).")
    lank: Id | None = role("lank", default=None, description="För en webbsida: id i data/lankar.yml.")
    last: PastDate | None = Field(None, description="För en webbsida: dagen sidan lästes.")
    lag: Id | None = Field(None, description="Vilken socialtjänstlag dokumentet använder (id i lagrum.yml).")
    lokal: Text | None = Field(
        None, description="Kommunen, om dokumentet bara beskriver hur det går till där (t.ex. 'Göteborgs Stad')."
    )

    @model_validator(mode="after")
    def _file_or_page(self):
        if (self.fil is None) == (self.lank is None):
            raise ValueError("ange antingen fil (källtext) eller lank (webbsida), inte båda")
        if self.lank is not None and self.last is None:
            raise ValueError("en webbsida behöver last: dagen den lästes")
        return self


class Tag(Strict):
    """One entry in data/taggar.yml."""

    id: Id
    namn: Text
    beskrivning: Text


class Law(Strict):
    """A law, ordinance or regulation (the 'lagar' part of data/lagrum.yml)."""

    id: Id
    namn: Text
    kortnamn: Text = Field(description="Förkortning i hänvisningar, t.ex. SoL.")
    sfs: Text = Field(description="SFS-nummer eller föreskriftsnummer, t.ex. '2025:400'.")
    lank: Id = role("lank", description="Länken till lagtexten: id i data/lankar.yml.")
    paragraflank: StrictStr | None = Field(
        None,
        pattern=r"^https://[^\s{}\"'<>]*(\{(kapitel|paragraf)\}[^\s{}\"'<>]*)*$",
        description="Mall för djuplänk till en paragraf, med {kapitel} och {paragraf} (inget annat inom {}).",
    )
    gallande: bool = Field(True, description="false för upphävda lagar (t.ex. SoL 2001:453).")
    slag: Literal["lag", "foreskrift", "allmanna-rad", "forarbete", "konvention"] = Field(
        "lag",
        description="lag (eller förordning), foreskrift, allmanna-rad, forarbete eller konvention: "
        "ger styrkan på en punkt som hänvisar hit (ska, bör eller vägledning).",
    )


class OldNumber(Strict):
    """The same provision under an older law's numbering."""

    lag: Id
    kapitel: StrictInt | None = None
    paragraf: Text
    kalla: SourceRef | None = Field(
        None, description="Källan som bekräftar kopplingen. Saknas den visas kopplingen som overifierad."
    )


class StatuteCheck(Strict):
    """That a provision's number and content were checked: against the statute text kept in
    data/lagtext/ (then no kalla), or against an authority's text that names the paragraph."""

    kalla: Id | None = role(
        "kalla",
        default=None,
        description="Bara när lagtexten inte finns i data/lagtext/: texten som kontrollen gjordes mot (id i data/kallor.yml).",
    )
    datum: PastDate = Field(description="Dagen kontrollen gjordes.")
    vad: Text = Field(description="Vad som kontrollerades, t.ex. 'Paragrafnumret och att den handlar om motivering'.")


class StatuteFile(Strict):
    """Front matter of data/lagtext/<lag>.md: one law's wording and where it comes from."""

    lag: Id = Field(description="Lagens id i data/lagrum.yml (och filens namn).")
    sfs: Text
    rubrik: Text = Field(description="Lagens rubrik, t.ex. 'Socialtjänstlag (2025:400)'.")
    lydelse_tom: Text = Field(description="Den sista ändringen texten har med, t.ex. 'SFS 2025:1501'.")
    lank: Id = role("lank", description="Var texten kommer ifrån: id i data/lankar.yml.")
    last: PastDate = Field(description="Dagen texten hämtades.")
    paragrafer: dict[str, str] = Field({}, description="Fylls av bygget ur filens text (kapitel:paragraf → lydelse).")


class Provision(Strict):
    """One lagrum: the only place it is defined."""

    id: Id
    lag: Id
    kapitel: StrictInt | None = None
    paragraf: StrictStr | None = Field(
        None, description="Paragraf, t.ex. '1', '6–7' eller '20 a'. Tom för en hel föreskrift."
    )
    rubrik: Text = Field(description="Vad paragrafen handlar om, några ord.")
    sammanfattning: Text = Field(description="Vad paragrafen säger, med egna ord.")
    citat: StrictStr | None = Field(None, description="Lagens egen lydelse där en källa citerar den.")
    kallor: list[SourceRef] = Field(min_length=1, description="Källor som hänvisar till paragrafen.")
    aldre: list[OldNumber] = Field([], description="Samma bestämmelse i äldre lag.")
    anmarkning: StrictStr | None = Field(
        None,
        description="Visas som varning: osäkerheter, t.ex. en källa som hänvisar till ett nummer som inte stämmer.",
    )
    sokord: list[Text] = []
    kontrollerad: StatuteCheck | None = Field(
        None, description="Kontrollen mot lagtexten. Saknas den visas lagrummet som inte kontrollerat mot lagtexten."
    )


class ExternalLink(Strict):
    """One entry in data/lankar.yml: every external address the portal links to."""

    id: Id
    url: Text = Field(pattern=r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s\"'<>`]*)?$", description="Adressen, med https.")
    titel: Text
    agare: Text = Field(description="Vem som ansvarar för sidan.")
    ursprung: Text = Field(description="Var adressen kommer ifrån (källa, mönster) och om den är verifierad.")
    senast_kontrollerad: PastDate | None = Field(None, description="Senaste gången make linkcheck nådde sidan.")


class GlossaryTerm(Strict):
    """One entry in data/ordlista.yml: an abbreviation staff meet, explained once."""

    term: Text
    forklaring: Text = Field(description="Förklaringen, som den visas i verktygstipset och i ordlistan.")
    kalla: SourceRef


class RoutineSlot(Strict):
    """One entry in data/rutiner.yml: a routine that differs between kommuner, with a national default."""

    id: Id
    rubrik: Text
    standard: Text = role("prosa", description="Det som visas när kommunen inte har fyllt i sin rutin.")


class Concept(Strict):
    """One entry in data/synonymer.yml: everyday words for a concept the pages name by its terms."""

    begrepp: Id = Field(description="Begreppets namn, t.ex. suicid.")
    termer: list[Text] = Field(min_length=1, description="Orden sidorna använder för begreppet.")
    vardagsord: list[Text] = Field(min_length=1, description="Ord och fraser användare skriver för samma sak.")


class MenuSection(Strict):
    """One top-level menu section and the folders under docs/ it holds, in order."""

    rubrik: Text
    mappar: list[Text] = Field(min_length=1)


class SourcesFile(Strict):
    """data/kallor.yml."""

    kallor: list[SourceDocument]


class TagsFile(Strict):
    """data/taggar.yml."""

    taggar: list[Tag]


class Register(Strict):
    """data/lagrum.yml: the lagrum register."""

    senast_granskad: PastDate
    nasta_granskning: date
    lagar: list[Law]
    lagrum: list[Provision]


class LinksFile(Strict):
    """data/lankar.yml."""

    lankar: list[ExternalLink]


class GlossaryFile(Strict):
    """data/ordlista.yml."""

    ordlista: list[GlossaryTerm]


class RoutinesFile(Strict):
    """data/rutiner.yml."""

    rutiner: list[RoutineSlot]


class ThesaurusFile(Strict):
    """data/synonymer.yml: the search thesaurus."""

    synonymer: list[Concept]


class MenuFile(Strict):
    """data/meny.yml: the site's top-level menu, by user group."""

    meny: list[MenuSection]


DATA_FILES: dict[str, type[BaseModel]] = {
    "kallor.yml": SourcesFile,
    "taggar.yml": TagsFile,
    "lagrum.yml": Register,
    "meny.yml": MenuFile,
    "ordlista.yml": GlossaryFile,
    "lankar.yml": LinksFile,
    "rutiner.yml": RoutinesFile,
    "synonymer.yml": ThesaurusFile,
}


def json_schemas() -> dict[str, dict]:
    """JSON Schema per page kind and data file, keyed by output file name."""
    out = {f"sida-{kind}.schema.json": model.model_json_schema() for kind, model in PAGE_KINDS.items()}
    out.update({name.replace(".yml", ".schema.json"): model.model_json_schema() for name, model in DATA_FILES.items()})
    return out


def write_json_schemas(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_json_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schema")):
        print(p)
