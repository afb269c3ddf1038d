"""The install canary: requirements.lock installs exactly as locked, with the oldest pip a
supported system ships (Debian 12's 23.0.1), even on the day every locked package has a newer
release. Offline and deterministic: the index is a local folder of metadata-only wheels, one at
each locked version (its dependencies copied from the real package in .venv) and one newer."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
INSTALL = ROOT / "scripts" / "setup" / "install-lock"
DEBIAN_PIP = sorted(Path("/usr/share/python-wheels").glob("pip-23.0*.whl"))  # python3-pip-whl, Debian 12
PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>[^\s;]+)", re.M)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def fake_wheel(folder: Path, name: str, version: str, meta: str) -> Path:
    """A wheel holding only its metadata: installs in a moment, and pip sees what the real one asks for."""
    dist = f"{normalise(name)}-{version}"
    files = {
        f"{dist}.dist-info/METADATA": meta,
        f"{dist}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: canary\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [f"{path},sha256={_digest(text.encode())},{len(text.encode())}" for path, text in files.items()]
    files[f"{dist}.dist-info/RECORD"] = "\n".join([*record, f"{dist}.dist-info/RECORD,,"]) + "\n"
    path = folder / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for name_in_zip, text in files.items():
            wheel.writestr(zipfile.ZipInfo(name_in_zip, date_time=(2020, 1, 1, 0, 0, 0)), text)
    return path


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def installed_metadata() -> dict[str, str]:
    """METADATA of every package in .venv (installed from the lock), by normalised name."""
    return {normalise(d.metadata["Name"]): d.read_text("METADATA") or "" for d in metadata.distributions()}


def with_version(meta: str, version: str) -> str:
    return re.sub(r"^Version: .*$", f"Version: {version}", meta, count=1, flags=re.M)


def canary_index(folder: Path) -> Path:
    """The wheel folder, and a copy of the lock whose hashes are those of the locked fake wheels."""
    real = installed_metadata()
    lock = LOCK.read_text(encoding="utf-8")
    blocks = re.split(r"(?m)^(?=[A-Za-z0-9])", lock)  # one block per locked package (plus the header)
    out = []
    for block in blocks:
        pin = PIN.match(block)
        if not pin:
            out.append(block)
            continue
        name, version = pin["name"], pin["version"]
        meta = real.get(normalise(name)) or f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        locked = fake_wheel(folder, name, version, with_version(meta, version))
        fake_wheel(folder, name, "9999.0", with_version(meta, "9999.0"))  # "published today"
        digest = hashlib.sha256(locked.read_bytes()).hexdigest()
        block = re.sub(
            r"--hash=sha256:[0-9a-f]{64}( \\\n    --hash=sha256:[0-9a-f]{64})*", f"--hash=sha256:{digest}", block
        )
        out.append(block)
    canary_lock = folder / "requirements.lock"
    canary_lock.write_text("".join(out), encoding="utf-8")
    return canary_lock


@pytest.fixture(scope="module")
def oldest_pip_venv(tmp_path_factory) -> Path:
    """A venv whose pip is Debian 12's own (23.0.1), the oldest a supported system ships."""
    if not DEBIAN_PIP:
        pytest.fail("Debians pip-hjul saknas (/usr/share/python-wheels): make test installerar python3-venv")
    venv = tmp_path_factory.mktemp("canary") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    wheel = str(DEBIAN_PIP[-1])
    subprocess.run([python, f"{wheel}/pip", "install", "-q", "--no-index", wheel], check=True)
    version = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("pip 23.0"), version
    return python


def offline_env(wheels: Path) -> dict[str, str]:
    """pip reads only the canary's folder: no index, no machine or user configuration."""
    return {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels)}


def test_lock_installs_exactly_with_the_oldest_pip_when_every_package_has_a_newer_release(oldest_pip_venv, tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    lock = canary_index(wheels)
    env = offline_env(wheels)

    result = subprocess.run([INSTALL, oldest_pip_venv, lock], capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"make's install line fails with pip 23.0.1:\n{result.stderr[-3000:]}"
    listed = subprocess.run(
        [oldest_pip_venv, "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, env=env
    ).stdout
    assert "==9999.0" not in listed, f"a package beyond the lock was installed:\n{listed}"
    assert "weasyprint==70.0" in listed.lower()

    # The control: an install that resolves (the former line) fails here, so this canary can fail.
    resolving = [oldest_pip_venv, "-m", "pip", "install", "-q", "--require-hashes", "-r", lock]
    target = {**env, "PIP_TARGET": str(tmp_path / "target")}  # a fresh place: installed packages ignored
    control = subprocess.run(resolving, capture_output=True, text=True, env=target)
    assert control.returncode != 0, "a resolving install passed the canary: it would not catch the failure"
