"""The price table: USD per 1M tokens by model and date, shipped as `prices.toml`.

`NEWSDESK_PRICES_FILE` names a TOML (or JSON) file of the same shape whose entries are added
to the shipped ones; an entry for the same model and `effective_from` replaces the shipped
one. Numbers are parsed straight into `Decimal` (never through float).

A model missing from the table has no price: its cost is unknown (None), never 0 and never
another model's price. The only name mapping is dropping a date suffix the API reports
(`gpt-4o-mini-2024-07-18` -> `gpt-4o-mini`, `gpt-3.5-turbo-0125` -> `gpt-3.5-turbo`) and an
`openai/` prefix some gateways add.
"""

from __future__ import annotations

import json
import re
import threading
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from newsdesk.core.errors import ConfigError

PER_TOKENS = Decimal(1_000_000)
MONEY_STEP = Decimal("0.000001")  # the precision of the Money column
_DATE_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{4})$")


@dataclass(frozen=True)
class Price:
    model: str
    effective_from: date
    input: Decimal
    cached_input: Decimal
    output: Decimal
    origin: str = "builtin"

    @property
    def version(self) -> str:
        """What an llm_calls row stores to say which price it was charged at."""
        return f"{self.origin}:{self.model}@{self.effective_from.isoformat()}"[:64]

    def cost(self, *, input_tokens: int, cached_tokens: int, output_tokens: int) -> Decimal:
        """Cost of non-overlapping buckets: uncached input, cached input, output."""
        total = (
            Decimal(input_tokens) * self.input
            + Decimal(cached_tokens) * self.cached_input
            + Decimal(output_tokens) * self.output
        ) / PER_TOKENS
        return total.quantize(MONEY_STEP)


class PriceTable:
    def __init__(self, prices: list[Price]) -> None:
        self._by_model: dict[str, list[Price]] = {}
        for price in prices:
            self._by_model.setdefault(price.model, []).append(price)
        for entries in self._by_model.values():
            entries.sort(key=lambda p: p.effective_from)

    def models(self) -> list[str]:
        return sorted(self._by_model)

    def entries(self) -> list[Price]:
        return [p for model in self.models() for p in self._by_model[model]]

    def lookup(self, model: str | None, on: date) -> Price | None:
        """Return the price in force for `model` on `on`, or None when it has none."""
        if not model:
            return None
        name = base_model(model)
        entries = self._by_model.get(name)
        if entries is None:
            return None
        current = None
        for entry in entries:
            if entry.effective_from <= on:
                current = entry
        return current


def base_model(model: str) -> str:
    """Map a reported model name to its price-table entry name (date suffix dropped)."""
    name = model.strip().lower().removeprefix("openai/")
    return _DATE_SUFFIX.sub("", name)


def _decimal(value: Any, *, where: str) -> Decimal:
    try:
        result = Decimal(str(value))
    except ArithmeticError:
        raise ConfigError(f"{where}: {value!r} is not a number") from None
    if not result.is_finite() or result < 0:
        raise ConfigError(f"{where}: price must be a non-negative number, got {value!r}")
    return result


def _parse(data: dict[str, Any], *, origin: str) -> list[Price]:
    rows = data.get("price")
    if not isinstance(rows, list):
        raise ConfigError(f"{origin}: expected a list of [[price]] entries")
    out = []
    for n, row in enumerate(rows, start=1):
        where = f"{origin}: price #{n}"
        if not isinstance(row, dict) or not row.get("model"):
            raise ConfigError(f"{where}: needs a 'model'")
        where = f"{origin}: price #{n} ({row['model']})"
        raw_from = row.get("effective_from")
        try:
            effective = raw_from if isinstance(raw_from, date) else date.fromisoformat(raw_from)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: effective_from must be a YYYY-MM-DD date") from None
        for needed in ("input", "output"):
            if needed not in row:
                raise ConfigError(f"{where}: missing '{needed}' (USD per 1M tokens)")
        input_price = _decimal(row["input"], where=where)
        out.append(
            Price(
                model=base_model(str(row["model"])),
                effective_from=effective,
                input=input_price,
                cached_input=_decimal(row.get("cached_input", input_price), where=where),
                output=_decimal(row["output"], where=where),
                origin=origin,
            )
        )
    return out


def _read_file(path: Path) -> list[Price]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"NEWSDESK_PRICES_FILE: cannot read {path}: {exc.strerror}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, parse_float=Decimal)
        else:
            data = tomllib.loads(text, parse_float=Decimal)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"NEWSDESK_PRICES_FILE: {path} is not valid: {exc}") from None
    return _parse(data, origin="file")


def builtin_prices() -> list[Price]:
    text = resources.files("newsdesk.llm").joinpath("prices.toml").read_text(encoding="utf-8")
    return _parse(tomllib.loads(text, parse_float=Decimal), origin="builtin")


_cache: dict[tuple[str, float], PriceTable] = {}
_lock = threading.Lock()


def load(prices_file: Path | None = None) -> PriceTable:
    """Return the shipped table merged with `prices_file` (cached until the file changes)."""
    mtime = 0.0
    if prices_file is not None:
        try:
            mtime = prices_file.stat().st_mtime
        except OSError as exc:
            raise ConfigError(
                f"NEWSDESK_PRICES_FILE: cannot read {prices_file}: {exc.strerror}"
            ) from None
    cache_key = (str(prices_file or ""), mtime)
    with _lock:
        table = _cache.get(cache_key)
        if table is None:
            merged = {(p.model, p.effective_from): p for p in builtin_prices()}
            if prices_file is not None:
                merged.update({(p.model, p.effective_from): p for p in _read_file(prices_file)})
            table = _cache[cache_key] = PriceTable(list(merged.values()))
        return table
