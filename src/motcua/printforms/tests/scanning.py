"""Reading a printed form as a scanner at the counter does: page 1 rendered at 150 dpi by
poppler's pdftoppm, its Code 128 symbols read by zbar (Debian's poppler-utils and
zbar-tools; CI installs both)."""

import shutil
import subprocess
from pathlib import Path

import pytest


def zbar_codes(content: bytes, folder: Path) -> list[str]:
    """The Code 128 symbols zbar reads off page 1 of the PDF `content` rendered at 150 dpi."""
    for tool, package in (("pdftoppm", "poppler-utils"), ("zbarimg", "zbar-tools")):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} missing: apt-get install -y {package} (CI installs it)")
    pdf = folder / "form.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(folder / "page")], check=True)
    found = subprocess.run(
        ["zbarimg", "--quiet", "-Sdisable", "-Scode128.enable", str(folder / "page.png")], capture_output=True, text=True
    )
    return [line.removeprefix("CODE-128:") for line in found.stdout.splitlines() if line.startswith("CODE-128:")]
