"""The demo province's data files (src/motcua/demo/data/*.json), read once per process."""

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def read(name: str) -> dict:
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def catalog_path() -> Path:
    return DATA_DIR / "catalog.json"
