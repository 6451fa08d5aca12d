"""Fixed strings and date formats per language, read from ``locales/<lang>.yaml``."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_DIR = Path(__file__).with_name("locales")


@cache
def _table(lang: str) -> dict[str, Any]:
    base = lang.split("-")[0].lower()
    path = _DIR / f"{base}.yaml"
    if not path.exists():
        path = _DIR / "en.yaml"
    # libyaml, as for content: PyYAML's own parser took 15 ms of every build for these
    # 2 KB, and compiled its printable-character pattern over all of Unicode on the way.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return data


class Labels:
    """The layout's words in one language: ``labels.key_facts``, ``labels.format("page", n=1)``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = _table(lang)

    def __getattr__(self, key: str) -> str:
        try:
            return str(self._t[key])
        except KeyError:
            raise AttributeError(key) from None

    def format(self, key: str, **values: object) -> str:
        return str(self._t[key]).format(**values)

    def table(self, key: str) -> Any:
        """A structured entry (a list or mapping), as the locale file gives it."""
        return self._t[key]

    def date(self, d: date) -> str:
        return self.format(
            "date_format", day=d.day, month=self._t["months"][d.month - 1], year=d.year
        )
