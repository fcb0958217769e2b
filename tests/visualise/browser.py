"""Headless Chromium for tests: screenshot a page, dump its DOM, check the PNG it wrote.

Chromium is required, never optional: if it cannot be found the calling test fails with
a message saying how to provide it. Set `CHROMIUM` to the program when it is not on the
PATH as `chromium`.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TIMEOUT_SECONDS = 120
# Messages Chromium logs for the page itself, as opposed to its own start-up noise.
PAGE_PROBLEMS = (":CONSOLE", "net::ERR_", "Failed to load resource", "Uncaught")


@dataclass(frozen=True)
class BrowserRun:
    """What one Chromium run produced."""

    stdout: str
    stderr: str

    def page_problems(self) -> list[str]:
        """Log lines about the page: console messages and failed loads."""
        lines = self.stderr.splitlines()
        return [line for line in lines if any(problem in line for problem in PAGE_PROBLEMS)]


def chromium() -> str:
    """The Chromium program; fails the test if there is none."""
    program = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    if program is None:
        pytest.fail(
            "Chromium is needed to check that reports render: install it "
            "or set CHROMIUM to the program"
        )
    return program


def run_chromium(page: Path, work: Path, *extra: str, size: tuple[int, int]) -> BrowserRun:
    """Open `page` headless in a fresh profile under `work`, with `extra` flags."""
    profile = work / "profile"
    profile.mkdir(parents=True, exist_ok=True)
    command = [
        chromium(),
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={size[0]},{size[1]}",
        *extra,
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    assert done.returncode == 0, f"Chromium exited with {done.returncode}:\n{done.stderr[-2000:]}"
    return BrowserRun(done.stdout, done.stderr)


def screenshot(page: Path, png: Path, *, size: tuple[int, int] = (1280, 2000)) -> BrowserRun:
    """Render `page` to `png` at the window size given."""
    return run_chromium(page, png.parent / "screenshot", f"--screenshot={png}", size=size)


def dump_dom(page: Path, work: Path, *, size: tuple[int, int] = (1280, 2000)) -> BrowserRun:
    """Load `page` and return the DOM as Chromium built it (in `stdout`)."""
    return run_chromium(page, work / "dump-dom", "--dump-dom", size=size)


def png_dimensions(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; fails unless it is a PNG."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG file"
    assert data[12:16] == b"IHDR", "PNG without an IHDR chunk first"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def pdf_text(page: Path, work: Path, *, layout: bool = True) -> str:
    """Print `page` to PDF on A4 in Chromium and return its text as pdftotext extracts it
    (poppler-utils; `bin/setup-env --browser` installs it)."""
    pdf = work / "printed.pdf"
    run_chromium(page, work / "print", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                 size=(1280, 2000))  # fmt: skip
    assert pdf.read_bytes()[:5] == b"%PDF-", "Chromium printed no PDF"
    return _pdftotext(pdf, "-layout" if layout else "-raw", "-")


def pdf_words(page: Path, work: Path) -> str:
    """The printed page's words with their boxes in points (pdftotext -bbox, XHTML)."""
    pdf_text(page, work)
    return _pdftotext(work / "printed.pdf", "-bbox", "-")


def _pdftotext(pdf: Path, *args: str) -> str:
    program = shutil.which("pdftotext")
    if program is None:
        pytest.fail("pdftotext is needed to read printed reports: install poppler-utils")
    done = subprocess.run([program, *args[:-1], str(pdf), args[-1]], capture_output=True,
                          text=True, timeout=TIMEOUT_SECONDS)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


ZOOM = 3
"""pdftohtml's largest zoom: font sizes come back in thirds of a point."""


def pdf_text_sizes(page: Path, work: Path) -> list[tuple[float, str]]:
    """Every text run of the page printed to PDF on A4, in order, with its font size in
    points as printed (pdftohtml -xml; sizes are rounded to a third of a point)."""
    pdf_text(page, work)
    program = shutil.which("pdftohtml")
    if program is None:
        pytest.fail("pdftohtml is needed to read printed font sizes: install poppler-utils")
    done = subprocess.run([program, "-xml", "-i", "-zoom", str(ZOOM), "-stdout",
                           str(work / "printed.pdf")], capture_output=True, text=True,
                          timeout=TIMEOUT_SECONDS)  # fmt: skip
    assert done.returncode == 0, done.stderr
    sizes = dict(re.findall(r'<fontspec id="(\d+)" size="([\d.]+)"', done.stdout))
    runs = re.findall(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', done.stdout)
    return [(float(sizes[font]) / ZOOM, re.sub(r"<[^>]+>", "", text)) for font, text in runs]


def print_to_pdf(page: Path, pdf: Path) -> BrowserRun:
    """Print `page` to `pdf` as Chromium prints it (no header or footer)."""
    return run_chromium(
        page,
        pdf.parent / "print",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        size=(1280, 2000),
    )


def pdf_file_text(pdf: Path, *, layout: bool = True) -> str:
    """The text of a PDF, as `pdftotext` extracts it (poppler-utils): laid out as printed,
    or with `layout=False` in reading order (a table cell's wrapped lines kept together)."""
    program = shutil.which("pdftotext")
    if program is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read printed PDFs")
    done = subprocess.run(
        [program, "-layout" if layout else "-raw", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
