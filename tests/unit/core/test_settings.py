"""Settings: environment and .env, validation that stops start-up in one line, masking."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from newsdesk.cli import invoke
from newsdesk.core.errors import ConfigError
from newsdesk.settings import Settings, configure, get_settings, mask_url
from tests.unit.core.conftest import clean_env, run_newsdesk


@pytest.fixture
def env_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Settings read from this test's environment, in an empty working directory."""
    for key in list(os.environ):
        if key.startswith("NEWSDESK_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    configure(None)
    yield tmp_path
    configure(None)


@pytest.mark.parametrize(
    "command", [["config", "show"], ["serve"], ["users", "list"], ["db", "upgrade"]]
)
def test_bad_value_stops_any_command_with_one_line(tmp_path: Path, command: list[str]) -> None:
    env = clean_env(NEWSDESK_PORT="eighty", NEWSDESK_DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    result = run_newsdesk(*command, cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("error: NEWSDESK_PORT: ")
    assert "'eighty'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()  # nothing was started


def test_dotenv_is_read_and_environment_wins(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "NEWSDESK_PORT=9123\n"
        "NEWSDESK_LOG_LEVEL=debug\n"
        "NEWSDESK_DATABASE_URL=postgresql://news:topsecret@db.example:5433/news\n"
    )
    env = clean_env(NEWSDESK_LOG_LEVEL="WARNING")
    result = run_newsdesk("config", "show", "--json", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["port"] == 9123
    assert values["log_level"] == "WARNING"
    assert values["database_url"] == "postgresql+psycopg://news:****@db.example:5433/news"
    assert "topsecret" not in result.stdout


def test_config_show_masks_secrets(
    env_settings: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("NEWSDESK_ENCRYPTION_KEY", f"{key},{Fernet.generate_key().decode()}")
    monkeypatch.setenv("NEWSDESK_REDIS_BROKER_URL", "redis://:brokerpw@cache:6379/1")
    assert invoke(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert key not in out and "brokerpw" not in out
    assert "encryption_key = ********" in out
    assert "redis_broker_url = redis://:****@cache:6379/1" in out
    assert len(get_settings().encryption_keys) == 2


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("NEWSDESK_EXECUTOR", "threads", "Input should be 'local' or 'celery' (got 'threads')"),
        ("NEWSDESK_DATABASE_URL", "mysql://u:pw@h/db", "(got 'mysql://u:****@h/db')"),
        ("NEWSDESK_TIMEZONE", "Mars/Olympus", "unknown IANA time zone"),
        ("NEWSDESK_CATEGORIES", "[oops", "not a valid JSON list"),
        ("NEWSDESK_TASK_SOFT_TIME_LIMIT", "4000", "must be lower than NEWSDESK_TASK_TIME_LIMIT"),
        ("NEWSDESK_LOCAL_WORKERS", "0", "greater than or equal to 1"),
    ],
)
def test_each_bad_value_is_named(
    env_settings: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    value: str,
    expected: str,
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        get_settings()
    assert caught.value.detail.startswith(name)
    assert expected in caught.value.detail
    assert invoke(["users", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {name}") and err.count("\n") == 1
    assert "pw@" not in err


def test_bad_encryption_key_is_never_echoed(
    env_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = Fernet.generate_key().decode()
    monkeypatch.setenv("NEWSDESK_ENCRYPTION_KEY", f"{good},not-a-key-secret")
    with pytest.raises(ConfigError) as caught:
        get_settings()
    assert "NEWSDESK_ENCRYPTION_KEY: key #2 is not a Fernet key" in caught.value.detail
    assert "not-a-key-secret" not in caught.value.detail and good not in caught.value.detail


def test_lists_and_levels_are_forgiving(
    env_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_CATEGORIES", "politics, economy ,other")
    monkeypatch.setenv("NEWSDESK_LOG_LEVEL", "debug")
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", "postgres://u@h/db")
    s = get_settings()
    assert s.categories == ["politics", "economy", "other"]
    assert s.log_level == "DEBUG"
    assert s.database_url == "postgresql+psycopg://u@h/db"


def test_defaults() -> None:
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.database_url == "sqlite:///./newsdesk.db" and s.is_sqlite
    assert s.redis_broker_url.endswith("/1") and s.redis_result_backend.endswith("/2")
    assert (s.task_soft_time_limit, s.task_time_limit) == (3300, 3600)
    assert (s.host, s.port, s.executor) == ("127.0.0.1", 8000, "local")
    assert s.encryption_key is None and s.encryption_keys == []


def test_mask_url() -> None:
    assert mask_url("postgresql+psycopg://u:p%40ss@h:5432/db") == (
        "postgresql+psycopg://u:****@h:5432/db"
    )
    assert mask_url("redis://127.0.0.1:6379/1") == "redis://127.0.0.1:6379/1"
    assert mask_url("sqlite:///./newsdesk.db") == "sqlite:///./newsdesk.db"


def test_gen_key_prints_a_working_key_alone(
    env_settings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert invoke(["config", "gen-key"]) == 0
    captured = capsys.readouterr()
    key = captured.out.strip()
    assert captured.out == key + "\n"
    Fernet(key)  # a valid key, or this raises
    assert "NEWSDESK_ENCRYPTION_KEY" in captured.err


def test_every_setting_is_documented() -> None:
    doc = (Path(__file__).parents[3] / "docs" / "settings.md").read_text()
    missing = [n for n in Settings.model_fields if f"`NEWSDESK_{n.upper()}`" not in doc]
    assert missing == []
