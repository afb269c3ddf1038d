"""A slow phone line for the benchmarks: a web server like nginx with brotli_static, over one
1.6 Mbit/s line with 150 ms latency that every request shares. Used by bench/build.py (the offline
copy) and bench/search.py (the first query)."""

from __future__ import annotations

import functools
import http.server
import io
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Line:
    """One line that answers share in turns, as connections share a real line: each chunk waits for
    the chunks asked for before it, so a small file is not held up behind the whole of a large one."""

    def __init__(self) -> None:
        self._turns = threading.Condition()
        self._next = self._now = 0

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._turns:
            ticket, self._next = self._next, self._next + 1
            self._turns.wait_for(lambda: self._now == ticket)
        try:
            yield
        finally:
            with self._turns:
                self._now += 1
                self._turns.notify_all()


class SlowLine(http.server.SimpleHTTPRequestHandler):
    """Like nginx with brotli_static (sends file.br when the browser accepts br), over one slow line
    that every request shares in turns of CHUNK bytes: RATE bytes per second in all, LATENCY
    seconds before each answer. Every chunk sent is logged in `sent` as (time.perf_counter() when
    written, path, bytes)."""

    RATE = 1.6e6 / 8  # 1.6 Mbit/s, Chromium's "Fast 3G"
    LATENCY = 0.15
    CHUNK = 4096  # a few packets: the line's turns
    line = Line()
    sent: list[tuple[float, str, int]] = []

    def send_head(self):
        time.sleep(self.LATENCY)
        path = self.translate_path(self.path)
        if "br" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path + ".br"):
            with open(path + ".br", "rb") as f:
                body = f.read()
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "br")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def copyfile(self, source, outputfile):
        while chunk := source.read(self.CHUNK):
            with self.line.turn():  # one line: requests in parallel share its speed
                time.sleep(len(chunk) / self.RATE)
            outputfile.write(chunk)
            self.sent.append((time.perf_counter(), self.path.split("?")[0], len(chunk)))

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the browser closed: the line is free again
            pass

    def log_message(self, *args):
        pass


class Quiet(http.server.SimpleHTTPRequestHandler):
    """A plain loopback server that logs nothing."""

    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path, handler: type[http.server.SimpleHTTPRequestHandler] = Quiet) -> Iterator[str]:
    """Serve `folder` on loopback with `handler`; yields the base address."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def slow_server(folder: Path):
    """Serve `folder` over the slow line; yields the base address."""
    return serve(folder, SlowLine)
