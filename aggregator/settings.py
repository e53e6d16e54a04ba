"""Configuration: app-wide settings and the registry of partnerships, validated once at startup.

Two kinds, as in RSS-Bridge: `config/settings.toml` for the operator (each key overridable by a `CSPR_<KEY>`
environment variable) and one `config/partnerships/<slug>.toml` per partnership (and one
`config/repositories/<slug>.toml` per repository, the NSPCC's, read the same way). Only this module reads
configuration; everything else receives the frozen objects it returns. Any mistake raises ConfigError naming
the file and the field.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from apscheduler.triggers.cron import CronTrigger
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

import sources
from aggregator import PROJECT_URL, __version__
from aggregator.errors import ConfigError
from aggregator.models import PartnershipKind

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# RFC 4151 taggingEntity: a domain name or an e-mail address, a comma and a date (YYYY, YYYY-MM, YYYY-MM-DD).
_DNS_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
TAG_AUTHORITY = re.compile(
    rf"^(?:{_DNS_NAME}|[A-Za-z0-9._%+-]+@{_DNS_NAME}),\d{{4}}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"
)
DATABASES = "sqlite:///PATH or postgresql+psycopg://USER@HOST/DATABASE"


class Settings(BaseModel):
    """App-wide settings. Each is declared once, with its default and one line of help."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    config_dir: Path = Field(description="Folder holding settings.toml and partnerships/")
    data_dir: Path = Field(
        Path("var"),
        description="Folder for the SQLite store, the published site and the demo (made absolute)",
    )
    database_url: str = Field(
        "", description="SQLAlchemy URL of the store (default: SQLite in data_dir); postgresql+psycopg://..."
    )
    output_dir: Path = Field(
        Path(), description="Where `cspr publish` writes index and feeds (default: data_dir/site)"
    )
    public_url: str = Field(
        "", description="Absolute URL the index and feeds are served from (default: http://<host>:<port>/)"
    )
    tag_authority: str = Field(
        "cspr-feed.github.io,2026",
        description="Authority and date of the tag: URIs used as entry ids; never change it once published",
    )
    site_title: str = Field("Child Safeguarding Practice Reviews", description="Title of the index and feed")
    user_agent: str = Field(
        f"cspr-feed/{__version__} (+{PROJECT_URL})", description="User-Agent sent to partnership sites"
    )
    http_timeout: float = Field(30.0, gt=0, description="Seconds to wait for a partnership site")
    fetch_deadline: float = Field(
        120.0, gt=0, description="Seconds a page may take to arrive in full, however slowly a site sends it"
    )
    harvest_concurrency: int = Field(16, ge=1, description="Sources harvested at the same time, at most")
    host_delay: float = Field(
        1.0, ge=0, description="Least seconds between two requests to one host (a longer Crawl-delay wins)"
    )
    allow_private_hosts: bool = Field(
        False,
        description="Fetch from, and let the API register, loopback, private, link-local, metadata hosts",
    )
    default_schedule: str = Field(
        "17 6 * * *", description="Cron schedule (UTC) of a source that gives none: daily at 06:17"
    )
    schedule_jitter: int = Field(300, ge=0, description="Seconds of random delay added to each harvest job")
    degraded_after: int = Field(
        3, ge=1, description="Failed harvests in a row after which /healthz calls a source failing"
    )
    removal_absences: int = Field(
        2,
        ge=1,
        description="Plausible harvests in a row a review must be missing from (its documents answering "
        "404/410) before it is removed",
    )
    max_document_checks: int = Field(
        20,
        ge=0,
        description="Documents checked at most per source per harvest (HEAD, else a conditional GET)",
    )
    host: str = Field("127.0.0.1", description="Address `cspr serve` listens on")
    port: int = Field(8000, ge=0, le=65535, description="Port `cspr serve` listens on")
    api_max_body_bytes: int = Field(
        65536, ge=1024, description="Largest request body the API reads; a larger one is answered 413"
    )
    api_auth_failures_per_minute: int = Field(
        10, ge=1, description="Failed API logins from one address per minute before it is answered 429"
    )

    @model_validator(mode="before")
    @classmethod
    def _public_url_follows_host_and_port(cls, values: dict[str, Any]) -> dict[str, Any]:
        if not values.get("public_url"):
            host = values.get("host") or cls.model_fields["host"].default
            port = values.get("port") or cls.model_fields["port"].default
            values["public_url"] = f"http://{host}:{port}/"
        return values

    @model_validator(mode="after")
    def _paths_follow_data_dir(self) -> Settings:
        # Absolute from here on, so every message and every command names the same folder wherever it runs.
        data_dir = self.data_dir.expanduser().absolute()
        object.__setattr__(self, "data_dir", data_dir)
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{data_dir / 'cspr.sqlite3'}")
        output = self.output_dir if self.output_dir != Path() else data_dir / "site"
        object.__setattr__(self, "output_dir", output.expanduser().absolute())
        return self

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        return check_database_url(value) if value else value

    @field_validator("tag_authority")
    @classmethod
    def _tag_authority(cls, value: str) -> str:
        if not TAG_AUTHORITY.match(value):
            raise ValueError(
                f"{value!r} is not an RFC 4151 tagging entity: a domain or e-mail address, a comma and "
                "a date, e.g. 'example.org,2026'"
            )
        return value

    @field_validator("public_url")
    @classmethod
    def _ends_with_slash(cls, value: str) -> str:
        if not re.match(r"^https?://", value):
            raise ValueError("must be an absolute http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("default_schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        return check_cron(value)


# The source a partnership's pushed reviews are stored under (the push API's), so no file may use its name.
PUSH_SOURCE = "push"


class SourceConfig(BaseModel):
    """One page a partnership publishes reviews on, and how to read it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=SLUG.pattern, max_length=100)
    adapter: str = "generic"  # the generic reader, unless a bespoke adapter is named
    url: str = Field(pattern=r"^https?://\S+$")
    schedule: str | None = None
    enabled: bool = True
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value == PUSH_SOURCE:
            raise ValueError(f"{PUSH_SOURCE!r} is the push API's source; choose another name")
        return value

    @field_validator("adapter")
    @classmethod
    def _known_adapter(cls, value: str) -> str:
        if value not in sources.adapter_names():
            raise ValueError(f"unknown adapter {value!r}; known: {', '.join(sources.adapter_names())}")
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        return None if value is None else check_cron(value)

    @field_validator("options")
    @classmethod
    def _options_fit_adapter(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        adapter = info.data.get("adapter")
        if adapter is None:  # the adapter itself was wrong, and that error is already reported
            return value
        try:
            sources.get_adapter(adapter).options.model_validate(value)
        except ValidationError as exc:
            raise ValueError(
                "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            ) from None
        return value


class PartnershipConfig(BaseModel):
    """One safeguarding children partnership, from config/partnerships/<slug>.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: ClassVar[PartnershipKind] = PartnershipKind.PARTNERSHIP

    slug: str = Field(pattern=SLUG.pattern, max_length=100)
    name: str = Field(min_length=1)
    short_name: str | None = None
    homepage: str = Field(pattern=r"^https?://\S+$")
    nation: str = "England"
    region: str | None = None
    retention_months: int | None = Field(
        None, ge=1, le=1200, description="Months a report stays on its own site"
    )
    # Empty for a partnership that only pushes its reviews (the push API).
    sources: tuple[SourceConfig, ...] = ()

    @model_validator(mode="after")
    def _unique_source_names(self) -> PartnershipConfig:
        names = [s.name for s in self.sources]
        if len(names) != len(set(names)):
            raise ValueError(f"source names must be unique, got {names}")
        return self


class RegisteredPartnership(PartnershipConfig):
    """A partnership registered in the store (`cspr partnerships add`, `PUT /api/v1/partnerships/{slug}`)
    rather than by a file in config/partnerships/. Validated exactly as a file is; where a file and a
    registration give the same slug, the file wins (store.with_registered)."""


class RepositoryConfig(PartnershipConfig):
    """A repository of reviews, from config/repositories/<slug>.toml: the NSPCC's, whose lists are matched
    to the reviews partnerships published. Written and checked like a partnership's file."""

    kind: ClassVar[PartnershipKind] = PartnershipKind.REPOSITORY


def check_database_url(value: str) -> str:
    """A URL of a database the store supports, whose driver is installed."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value)
    except ArgumentError:
        raise ValueError(f"{value!r} is not a database URL; expected {DATABASES}") from None
    backend = url.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise ValueError(f"{backend} is not supported; expected {DATABASES}")
    try:
        url.get_dialect().import_dbapi()
    except Exception:  # NoSuchModuleError for an unknown driver, ImportError for a missing one
        raise ValueError(f"no driver {url.drivername!r} is installed; expected {DATABASES}") from None
    return value


def check_cron(value: str) -> str:
    try:
        CronTrigger.from_crontab(value)
    except ValueError as exc:
        raise ValueError(f"not a 5-field cron schedule ({exc})") from None
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def field_errors(errors: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(field, message) for each of pydantic's errors, as every configuration error names them:
    "sources.0.url", "String should match pattern '^https?://\\S+$'". A location is dotted; a problem
    with the whole of it is the field "(file)"."""
    problems = []
    for error in errors:
        # A list whose items failed is also "too short" once they are dropped: say only what is wrong.
        inner = [e for e in errors if e["loc"][: len(error["loc"])] == error["loc"] and e is not error]
        if error["type"] == "too_short" and inner:
            continue
        field = ".".join(str(part) for part in error["loc"]) or "(file)"
        problems.append((field, str(error["msg"]).removeprefix("Value error, ")))
    return problems


def _describe(exc: ValidationError, where: Callable[[str], str]) -> ConfigError:
    """One line per problem: the file (or variable) at fault, the field, what was wrong."""
    problems = field_errors(exc.errors())
    return ConfigError("\n".join(f"{where(field.split('.')[0])}: {field}: {msg}" for field, msg in problems))


def load_settings(
    config_dir: Path | None = None,
    environ: Mapping[str, str] = os.environ,
    overrides: Mapping[str, Any] | None = None,
    *,
    default_config_dir: Path | None = None,
) -> Settings:
    """Defaults, then `<config_dir>/settings.toml`, then CSPR_* environment variables, then `overrides`.

    The folder is `config_dir` (--config), else CSPR_CONFIG_DIR, else `default_config_dir` (the shell's)."""
    given = [
        (Path(chosen), by)
        for chosen, by in (
            (config_dir, "--config"),
            (environ.get("CSPR_CONFIG_DIR"), "CSPR_CONFIG_DIR"),
            (default_config_dir, "the configuration shipped with cspr"),
        )
        if chosen
    ]
    if not given:
        raise ConfigError("no configuration folder: give --config DIR or set CSPR_CONFIG_DIR")
    config_dir, given_by = given[0]
    if not config_dir.is_dir():
        raise ConfigError(f"{config_dir}: configuration folder not found (from {given_by})")
    path = config_dir / "settings.toml"
    values: dict[str, Any] = _read_toml(path) if path.exists() else {}
    origin: dict[str, str] = {}
    for name in Settings.model_fields:
        env = environ.get(f"CSPR_{name.upper()}")
        if env is not None and name != "config_dir":
            values[name], origin[name] = env, f"environment variable CSPR_{name.upper()}"
    for name, value in (overrides or {}).items():
        if value is not None:
            values[name], origin[name] = value, "command line"
    values["config_dir"] = config_dir
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise _describe(exc, lambda field: origin.get(field, str(path))) from None


def load_partnerships(config_dir: Path) -> list[PartnershipConfig]:
    """Every `<config_dir>/partnerships/*.toml`, validated; the file name is the slug."""
    folder = config_dir / "partnerships"
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise ConfigError(f"{folder}: no partnership files (*.toml) found")
    return [load_partnership_file(path) for path in files]


def load_repositories(config_dir: Path) -> list[PartnershipConfig]:
    """Every `<config_dir>/repositories/*.toml`, validated as partnerships are; none if there is no folder.
    Their slugs share the partnerships' namespace (feeds and `cspr harvest --source` name both)."""
    return [_load(path, RepositoryConfig) for path in sorted((config_dir / "repositories").glob("*.toml"))]


def load_registry(config_dir: Path) -> list[PartnershipConfig]:
    """The partnerships, then the repositories: every source `cspr` harvests. A slug names one of them."""
    partnerships = load_partnerships(config_dir)
    repositories = load_repositories(config_dir)
    taken = {p.slug for p in partnerships}
    for repository in repositories:
        if repository.slug in taken:
            path = config_dir / "repositories" / f"{repository.slug}.toml"
            raise ConfigError(f"{path}: slug: {repository.slug!r} is a partnership's slug already")
    return partnerships + repositories


def load_partnership_file(path: Path) -> PartnershipConfig:
    """One partnership file, validated; the file name is the slug."""
    return _load(path, PartnershipConfig)


def _load(path: Path, model: type[PartnershipConfig]) -> PartnershipConfig:
    data = _read_toml(path)
    if data.setdefault("slug", path.stem) != path.stem:
        raise ConfigError(f"{path}: slug: {data['slug']!r} differs from the file name {path.stem!r}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _describe(exc, lambda _field: str(path)) from None
