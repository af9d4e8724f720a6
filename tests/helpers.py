"""Small builders shared by tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def sample_document() -> dict[str, Any]:
    """The interchange.md example (a fresh deep copy each call)."""
    return copy.deepcopy(json.loads((FIXTURES / "sample.json").read_text(encoding="utf-8")))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
