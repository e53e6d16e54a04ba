"""Configuration loading: the shipped config is valid; every mistake names the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aggregator.errors import ConfigError
from aggregator.settings import load_partnerships, load_registry, load_repositories, load_settings

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config"


def test_shipped_config_loads_both_partnerships() -> None:
    partnerships = {p.slug: p for p in load_partnerships(REPO_CONFIG)}
    assert set(partnerships) == {"derby-and-derbyshire", "doncaster"}
    ddscp = partnerships["derby-and-derbyshire"]
    assert ddscp.retention_months == 12
    assert [s.url for s in ddscp.sources] == [
        "https://www.ddscp.org.uk/case-reviews/serious-case-reviews",
        "https://www.ddscp.org.uk/case-reviews/learning-reviews",
    ]
    assert partnerships["doncaster"].sources[0].url == (
        "http://dscp.org.uk/professionals/child-safeguarding-practice-reviews"
    )


def test_environment_overrides_settings_file() -> None:
    settings = load_settings(
        REPO_CONFIG,
        environ={
            "CSPR_DATABASE_URL": "sqlite:///elsewhere.db",
            "CSPR_PUBLIC_URL": "https://feeds.example.org/cspr",
        },
    )
    assert settings.database_url == "sqlite:///elsewhere.db"
    assert settings.public_url == "https://feeds.example.org/cspr/"


def test_public_url_defaults_to_where_serve_listens() -> None:
    assert load_settings(REPO_CONFIG, environ={}).public_url == "http://127.0.0.1:8000/"
    assert load_settings(REPO_CONFIG, environ={"CSPR_PORT": "9000"}).public_url == "http://127.0.0.1:9000/"
    with pytest.raises(ConfigError, match=r"CSPR_PUBLIC_URL: public_url: .*absolute"):
        load_settings(REPO_CONFIG, environ={"CSPR_PUBLIC_URL": "feeds.example.org"})


def test_config_dir_comes_from_environment(tmp_path: Path) -> None:
    shutil.copytree(REPO_CONFIG, tmp_path / "conf")
    (tmp_path / "conf" / "settings.toml").write_text('database_url = "sqlite:///other.db"\n')
    settings = load_settings(environ={"CSPR_CONFIG_DIR": str(tmp_path / "conf")})
    assert settings.config_dir == tmp_path / "conf"
    assert settings.database_url == "sqlite:///other.db"


def test_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="CSPR_PORT: port"):
        load_settings(REPO_CONFIG, environ={"CSPR_PORT": "not-a-port"})


def _config_with(tmp_path: Path, name: str, body: str) -> Path:
    (tmp_path / "partnerships").mkdir(parents=True)
    (tmp_path / "partnerships" / name).write_text(body)
    return tmp_path


GOOD = """
name = "Example SCP"
homepage = "https://example.org"
[[sources]]
name = "reviews"
adapter = "doncaster"
url = "https://example.org/reviews"
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            GOOD.replace('adapter = "doncaster"', 'adapter = "nope"'),
            r"sources\.0\.adapter: .*unknown adapter 'nope'",
        ),
        (GOOD.replace('url = "https://example.org/reviews"', 'url = "ftp://x"'), r"sources\.0\.url"),
        (GOOD.replace('homepage = "https://example.org"', ""), r": homepage: Field required"),
        (GOOD + 'schedule = "every day"\n', r"sources\.0\.schedule: .*cron"),
        (GOOD + "colour = 'blue'\n", r"sources\.0\.colour: Extra inputs"),
        (
            GOOD.replace('name = "Example SCP"', 'name = "Example SCP"\nretention_months = 0'),
            "retention_months",
        ),
        (
            GOOD + "[[sources]]\nname = 'reviews'\nadapter = 'doncaster'\nurl = 'https://example.org/b'\n",
            "source names must be unique",
        ),
        ('name = "x\n', "not valid TOML"),
        (
            GOOD.replace('name = "reviews"', 'name = "push"'),
            r"sources\.0\.name: 'push' is the push API's source",
        ),
        (
            GOOD.replace('name = "Example SCP"', 'name = "Example SCP"\nretention_months = 99999999999'),
            "retention_months: Input should be less than or equal to 1200",
        ),
    ],
)
def test_bad_partnership_file_names_file_and_field(tmp_path: Path, body: str, message: str) -> None:
    config = _config_with(tmp_path, "example.toml", body)
    with pytest.raises(ConfigError, match=message) as info:
        load_partnerships(config)
    assert str(config / "partnerships" / "example.toml") in str(info.value)


def test_an_error_in_a_source_is_reported_once_and_exactly(tmp_path: Path) -> None:
    config = _config_with(tmp_path, "example.toml", GOOD + "[sources.options]\ncolour = 'blue'\n")
    with pytest.raises(ConfigError) as info:
        load_partnerships(config)
    path = config / "partnerships" / "example.toml"
    assert str(info.value) == f"{path}: sources.0.options: colour: Extra inputs are not permitted"


def test_a_partnership_that_only_pushes_needs_no_source(tmp_path: Path) -> None:
    config = _config_with(tmp_path, "example.toml", GOOD.split("[[sources]]")[0])
    assert load_partnerships(config)[0].sources == ()


def test_slug_must_match_file_name(tmp_path: Path) -> None:
    config = _config_with(tmp_path, "example.toml", 'slug = "other"\n' + GOOD)
    with pytest.raises(ConfigError, match=r"example\.toml: slug: 'other' differs"):
        load_partnerships(config)


def test_missing_partnerships_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no partnership files"):
        load_partnerships(tmp_path)


def test_shipped_config_loads_the_nspcc_repository_after_the_partnerships() -> None:
    (nspcc,) = load_repositories(REPO_CONFIG)
    assert (nspcc.slug, nspcc.kind, [s.adapter for s in nspcc.sources]) == (
        "nspcc",
        "repository",
        ["nspcc"] * 2,
    )
    registry = load_registry(REPO_CONFIG)
    assert [(p.slug, p.kind) for p in registry] == [
        ("derby-and-derbyshire", "partnership"), ("doncaster", "partnership"), ("nspcc", "repository"),
    ]  # fmt: skip


def test_a_repository_file_is_checked_as_a_partnership_file_is(tmp_path: Path) -> None:
    (tmp_path / "repositories").mkdir()
    (tmp_path / "repositories" / "nspcc.toml").write_text(
        GOOD.replace('adapter = "doncaster"', 'adapter = "x"')
    )
    with pytest.raises(
        ConfigError, match=r"repositories/nspcc\.toml: sources\.0\.adapter: .*unknown adapter 'x'"
    ):
        load_repositories(tmp_path)
    assert load_repositories(tmp_path / "elsewhere") == []  # no folder: no repositories


def test_a_repository_may_not_take_a_partnerships_slug(tmp_path: Path) -> None:
    config = _config_with(tmp_path, "example.toml", GOOD)
    (config / "repositories").mkdir()
    (config / "repositories" / "example.toml").write_text(GOOD)
    with pytest.raises(ConfigError, match=r"repositories/example\.toml: slug: 'example' is a partnership's"):
        load_registry(config)


@pytest.mark.parametrize(("name", "value"), [("removal_absences", "0"), ("max_document_checks", "-1")])
def test_lifecycle_settings_are_checked(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"CSPR_{name.upper()}: {name}: Input should be greater than"):
        load_settings(REPO_CONFIG, environ={f"CSPR_{name.upper()}": value})
    assert load_settings(REPO_CONFIG, environ={}).removal_absences == 2
