"""The price table: shipped data, dated names, history, overrides, Decimal arithmetic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from newsdesk.core.errors import ConfigError
from newsdesk.llm import prices
from newsdesk.llm.metering import Usage, price_call

TODAY = date(2025, 9, 1)


@pytest.mark.parametrize(
    ("model", "input_price", "output_price"),
    [
        ("gpt-4o", "2.50", "10.00"),
        ("gpt-4o-mini", "0.15", "0.60"),
        ("gpt-4-turbo", "10", "30"),
        ("gpt-3.5-turbo", "0.50", "1.50"),
    ],
)
def test_the_four_original_prices_ship(model: str, input_price: str, output_price: str) -> None:
    price = prices.load().lookup(model, TODAY)
    assert price is not None
    assert (price.input, price.output) == (Decimal(input_price), Decimal(output_price))


def test_dated_model_names_map_to_their_base_entry() -> None:
    table = prices.load()
    assert table.lookup("gpt-4o-mini-2024-07-18", TODAY) == table.lookup("gpt-4o-mini", TODAY)
    assert table.lookup("gpt-3.5-turbo-0125", TODAY).model == "gpt-3.5-turbo"  # type: ignore[union-attr]
    assert table.lookup("openai/gpt-4o", TODAY).model == "gpt-4o"  # type: ignore[union-attr]


def test_unknown_model_has_no_price_and_no_neighbour_price() -> None:
    table = prices.load()
    assert table.lookup("my-local-llama", TODAY) is None
    assert table.lookup("gpt-4o-mini-realtime-preview", TODAY) is None  # not gpt-4o-mini's
    assert table.lookup(None, TODAY) is None


def test_effective_from_picks_the_price_in_force() -> None:
    table = prices.load()
    assert table.lookup("o3", date(2025, 5, 1)).input == Decimal("10.00")  # type: ignore[union-attr]
    assert table.lookup("o3", date(2025, 6, 10)).input == Decimal("2.00")  # type: ignore[union-attr]
    assert table.lookup("o3", date(2024, 1, 1)) is None  # before it existed


def test_cost_is_exact_decimal_of_non_overlapping_buckets() -> None:
    price = prices.load().lookup("gpt-4o", TODAY)
    assert price is not None
    usage = Usage(input_tokens=1_000, cached_tokens=2_000, output_tokens=500)
    cost, version = price_call(
        prices=prices.load(), model="gpt-4o-2024-08-06", usage=usage, on=TODAY
    )
    # 1000*2.50 + 2000*1.25 + 500*10 = 10000 per 1M tokens
    assert cost == Decimal("0.010000")
    assert version == "builtin:gpt-4o@2024-08-06"
    assert isinstance(cost, Decimal)


def test_unknown_model_cost_is_none_but_zero_usage_costs_zero() -> None:
    table = prices.load()
    assert price_call(prices=table, model="mystery", usage=Usage(input_tokens=5), on=TODAY) == (
        None,
        None,
    )
    assert price_call(prices=table, model="mystery", usage=Usage(), on=TODAY) == (Decimal(0), None)


def test_override_file_adds_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "prices.toml"
    path.write_text(
        '[[price]]\nmodel = "my-local-llama"\neffective_from = 2025-01-01\n'
        "input = 0.01\noutput = 0.02\n\n"
        '[[price]]\nmodel = "gpt-4o-mini"\neffective_from = 2024-07-18\n'
        "input = 0.20\ncached_input = 0.10\noutput = 0.80\n"
    )
    table = prices.load(path)
    llama = table.lookup("my-local-llama", TODAY)
    assert llama is not None and llama.cached_input == Decimal("0.01") and llama.origin == "file"
    assert table.lookup("gpt-4o-mini", TODAY).input == Decimal("0.20")  # type: ignore[union-attr]
    assert table.lookup("gpt-4o", TODAY).input == Decimal("2.50")  # type: ignore[union-attr]


def test_bad_override_file_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "prices.toml"
    path.write_text('[[price]]\nmodel = "x"\neffective_from = 2025-01-01\ninput = 1\n')
    with pytest.raises(ConfigError, match="missing 'output'"):
        prices.load(path)
    with pytest.raises(ConfigError, match="cannot read"):
        prices.load(tmp_path / "missing.toml")


def test_prices_file_is_package_data() -> None:
    from importlib import resources

    assert resources.files("newsdesk.llm").joinpath("prices.toml").is_file()
