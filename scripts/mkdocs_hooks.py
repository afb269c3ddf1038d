"""MkDocs glue: hand the prepared content to MkDocs. All content logic lives in scripts/."""
import logging
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from scripts import cards, search  # noqa: E402
from scripts.build import long_lived, prepared_for_mkdocs, timed  # noqa: E402
from scripts.content import ContentErrors  # noqa: E402
from scripts.markup import compact  # noqa: E402

_prepared = None
log = logging.getLogger("mkdocs.hooks.portal")


def on_config(config):
    """Validate and render the content; the menu comes from it too."""
    global _prepared
    try:
        _prepared = prepared_for_mkdocs()
    except ContentErrors as exc:
        raise PluginError(f"Innehållet har fel:\n{exc}") from None
    config.nav = _prepared.nav
    return config


def on_files(files, config):
    """Add the generated pages (they have no file under docs/)."""
    for path, text in _prepared.markdown.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown, page, config, files):
    """Every page's Markdown is the rendered one: data in fixed order, then review dates."""
    return _prepared.markdown.get(page.file.src_uri, markdown)


def on_post_page(output, page, config):
    """Whitespace between tags cut short: smaller pages, same rendering."""
    return compact(output)


@event_priority(-50)  # after Material's search plugin (0), before the offline plugin (-100)
def on_post_build(config):
    """The search index and the study-card PDFs, from the same content.

    Under `make serve` (PORTAL_SERVE=1) the PDFs are made in the background, so an edited page
    reloads at once and its card follows a few seconds later."""
    if config.extra.get("portal_search", True):
        with timed("search index"):
            search.write_index(Path(config.site_dir), _prepared.site)
    if os.environ.get("PORTAL_SERVE"):
        threading.Thread(target=_cards_in_background, args=(_prepared.site, Path(config.site_dir)), daemon=True).start()
        return
    try:
        with timed("study cards"), long_lived():  # MkDocs' pages stay alive until the build ends
            cards.write_decks(_prepared.site, Path(config.site_dir))
    except cards.CardTooLong as exc:
        raise PluginError(str(exc)) from None


def _cards_in_background(site, site_dir: Path) -> None:
    try:
        cards.write_decks(site, site_dir)
    except cards.CardTooLong as exc:
        log.error(str(exc))
