"""A build can be killed at any moment: site/ is always a complete old or new site, the next build
removes what the killed one left, and no process outlives the build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Runs publish() in its own process and kills that process (SIGKILL: no clean-up) right after the
# n-th file-system step of publishing.
KILLED_PUBLISH = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from scripts import build

    stop_after = int(sys.argv[3])
    steps = 0

    def step(original):
        def wrapped(*args, **kwargs):
            global steps
            result = original(*args, **kwargs)
            steps += 1
            if steps == stop_after:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return wrapped

    Path.rename = step(Path.rename)
    Path.symlink_to = step(Path.symlink_to)
    os.replace = step(os.replace)
    build._remove = step(build._remove)
    build.exchange = step(build.exchange)
    build.publish(Path(sys.argv[1]), Path(sys.argv[2]))
    """
)


def fake_build(versions: Path, name: str, text: str) -> Path:
    folder = versions / name
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(text)
    (folder / "sub" / "page.html").write_text(text)
    return folder


def whole_site(site: Path) -> str:
    """'old' or 'new' when every file of site/ comes from one build; fails on a mix or nothing."""
    texts = {(site / f).read_text() for f in ("index.html", "sub/page.html")}
    assert len(texts) == 1, f"site/ mixes builds: {texts}"
    return texts.pop()


@pytest.mark.parametrize("first_site", ["folder", "link"])
def test_publish_killed_after_any_step_leaves_a_whole_site(tmp_path: Path, first_site: str):
    """Killed after each step in turn (1, 2, 3 … until publishing runs to its end)."""
    for stop_after in range(1, 20):
        root = tmp_path / str(stop_after)
        versions = root / ".site"
        site = root / "site"
        if first_site == "folder":  # a site/ from before links
            fake_build(root, "site", "old")
            versions.mkdir()
        else:
            fake_build(versions, "bygge-old", "old")
            site.symlink_to(".site/bygge-old")
        new = fake_build(versions, "bygge-new", "new")
        run = subprocess.run(
            [sys.executable, "-c", KILLED_PUBLISH, str(new), str(site), str(stop_after)], cwd=ROOT, capture_output=True
        )
        assert whole_site(site) in {"old", "new"}, f"killed after step {stop_after}"
        if run.returncode == 0:  # publishing ended before the n-th step: it is complete
            assert whole_site(site) == "new"
            assert sorted(p.name for p in versions.iterdir()) == ["bygge-new"]
            assert stop_after > 2, "publishing cannot take fewer than three steps"
            return
        assert run.returncode == -signal.SIGKILL, run.stderr
    pytest.fail("publishing never ended")


def test_next_build_folder_removes_what_killed_builds_left(tmp_path: Path):
    from scripts.build import new_build_folder

    versions = tmp_path / ".site"
    fake_build(versions, "bygge-published", "old")
    (tmp_path / "site").symlink_to(".site/bygge-published")
    fake_build(versions, "bygge-killed", "half")
    (versions / "lank-123").symlink_to(".site/bygge-killed")
    fake_build(tmp_path, "site.tmp-abc", "older scheme")
    fake_build(tmp_path, "site.old", "older scheme")
    folder = new_build_folder(tmp_path / "site")
    assert sorted(p.name for p in versions.iterdir()) == sorted(["bygge-published", folder.name])
    assert not list(tmp_path.glob("site.*"))
    assert whole_site(tmp_path / "site") == "old"


def session_processes(sid: int) -> list[str]:
    """Processes still alive in a session (by /proc, so it needs no ps)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # field 6 of stat: session id
            alive.append(stat.parent.name)
    return alive


def wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture()
def make_project(project_copy: Path) -> Path:
    """The project copy with the Makefile and this venv: `make build` runs there as in a clone."""
    shutil.copy2(ROOT / "Makefile", project_copy / "Makefile")
    shutil.copy2(ROOT / "requirements.lock", project_copy / "requirements.lock")
    (project_copy / ".venv").symlink_to(ROOT / ".venv")
    os.utime(ROOT / ".venv" / ".ready")  # newer than the copied lock: make does not install again
    return project_copy


def test_term_to_make_stops_the_whole_build_and_the_next_build_cleans_up(make_project: Path):
    from scripts.check_site import check

    before = os.readlink(make_project / "site") if (make_project / "site").is_symlink() else None
    make = subprocess.Popen(
        ["make", "--no-print-directory", "build"],
        cwd=make_project,
        start_new_session=True,  # its own session: every process it starts can be found afterwards
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    versions = make_project / ".site"
    workers_started = lambda: len(session_processes(make.pid)) >= 3  # noqa: E731  make, python, a card worker
    wait_for(lambda: versions.is_dir() and any(versions.glob("bygge-*")) and workers_started())
    make.send_signal(signal.SIGTERM)
    output, _ = make.communicate(timeout=60)
    assert make.returncode != 0, output
    wait_for(lambda: not session_processes(make.pid), timeout=10)
    site = make_project / "site"
    assert (os.readlink(site) if site.is_symlink() else None) == before, "site/ changed by a stopped build"
    assert not check(site), "site/ is not a complete site after the stop"

    done = subprocess.run(["make", "--no-print-directory", "build"], cwd=make_project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in versions.iterdir()] == [os.readlink(site).rsplit("/", 1)[-1]]
    assert not check(site)


def test_a_killed_build_leaves_no_card_worker(project_copy: Path):
    """SIGKILL gives the build no chance to clean up: the card workers must end on their own."""
    kill_after_cards_start = (
        "import os, signal\nfrom scripts import build, cards\noriginal = cards.lay_out\n"
        "def lay_out(site):\n    layout = original(site)\n    layout.jobs[0].get(timeout=120)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "build.cards.lay_out = lay_out\nbuild.build()\n"
    )
    shutil.rmtree(project_copy / ".cache", ignore_errors=True)  # cards to lay out, so workers are busy
    run = subprocess.Popen([sys.executable, "-c", kill_after_cards_start], cwd=project_copy, start_new_session=True)
    assert run.wait(timeout=300) == -signal.SIGKILL
    wait_for(lambda: not session_processes(run.pid), timeout=10)
