"""Registering a partnership over the API: validated exactly as a partnership file, its sources only on
public addresses (after resolving, and at every redirect), and a file on the server wins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from aggregator import store, tokens
from aggregator.errors import ConfigError
from aggregator.models import Partnership, Registration, Source
from aggregator.settings import load_partnership_file
from tests.cspr.conftest import ISSUED, Api, MakeApi

EXAMPLE = "/api/v1/partnerships/example"
PARTNERSHIP: dict[str, Any] = {
    "name": "Example Safeguarding Children Partnership",
    "homepage": "https://www.example-scp.org.uk",
    "retention_months": 12,
    "sources": [{"name": "cspr", "adapter": "feed", "url": "https://www.example-scp.org.uk/reviews/feed/"}],
}


def with_url(url: str) -> dict[str, Any]:
    return {**PARTNERSHIP, "sources": [{**PARTNERSHIP["sources"][0], "url": url}]}


def test_an_admin_registers_a_partnership_that_then_pushes_and_has_a_feed(api: Api) -> None:
    response = api.client.put(EXAMPLE, json=PARTNERSHIP, headers=api.auth("admin"))
    assert response.status_code == 201, response.text
    assert response.json()["outcome"] == "registered"
    assert response.json()["partnership"]["slug"] == "example"
    assert (
        "Example Safeguarding Children Partnership" in api.client.get("/feeds/partnerships/example.atom").text
    )
    with Session(api.engine) as session:
        registered = store.registered_partnerships(session=session)
        assert [(p.slug, p.sources[0].adapter) for p in registered] == [("example", "feed")]
        example = store.get_partnership(session=session, slug="example")
        _, token = tokens.issue(session=session, partnership=example, at=ISSUED)
        session.commit()
    pushed = api.client.post(
        f"{EXAMPLE}/reviews",
        json={"title": "Child Safeguarding Practice Review: Harper"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert pushed.status_code == 201, pushed.text
    again = api.client.put(EXAMPLE, json={**PARTNERSHIP, "retention_months": 24}, headers=api.auth("admin"))
    assert again.status_code == 200 and again.json()["outcome"] == "updated"


def test_a_partnership_that_only_pushes_registers_without_sources(api: Api) -> None:
    body = {"name": "Pushing SCP", "homepage": "https://www.pushing-scp.org.uk"}
    assert (
        api.client.put("/api/v1/partnerships/pushing", json=body, headers=api.auth("admin")).status_code
        == 201
    )


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("file:///etc/passwd", "String should match pattern"),
        ("http://127.0.0.1:8000/reviews", "127.0.0.1 is a loopback address"),
        ("http://localhost/reviews", "localhost (127.0.0.1) is a loopback address"),
        ("http://[::1]/reviews", "::1 is a loopback address"),
        ("http://10.0.0.8/reviews", "private"),
        ("http://192.168.1.1/reviews", "private"),
        ("http://intranet.example/reviews", "intranet.example (10.1.2.3) is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://metadata.google.internal/", "cloud metadata address"),
        ("http://[fe80::1]/reviews", "link-local"),
        ("https://user:secret@www.example-scp.org.uk/reviews", "carries credentials"),
        (
            "http://www.redirects.example/reviews",
            "redirects to http://10.0.0.1/admin: refused: 10.0.0.1 is a private",
        ),
        (
            "http://www.hops.example/reviews",
            "redirects to http://metadata.google.internal/computeMetadata/v1/",
        ),
    ],
)
def test_a_source_not_on_a_public_address_is_refused(api: Api, url: str, says: str) -> None:
    before = api.snapshot()
    response = api.client.put(EXAMPLE, json=with_url(url), headers=api.auth("admin"))
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["field"] == "sources.0.url" and says in error["message"]
    assert api.snapshot() == before


def test_allow_private_hosts_lets_an_operator_register_a_local_source(make_api: MakeApi) -> None:
    api = make_api(allow_private_hosts=True)
    response = api.client.put(
        EXAMPLE, json=with_url("http://127.0.0.1:8000/reviews"), headers=api.auth("admin")
    )
    assert response.status_code == 201, response.text
    assert (
        api.client.put(EXAMPLE, json=with_url("file:///etc/passwd"), headers=api.auth("admin")).status_code
        == 422
    )


def test_errors_are_the_loaders_own_field_by_field(api: Api, tmp_path: Path) -> None:
    """The same partnership as a file and as a body: the same fields, the same messages."""
    bad = {
        **PARTNERSHIP,
        "retention_months": 0,
        "sources": [
            {"name": "cspr", "adapter": "nope", "url": "https://www.example-scp.org.uk/r", "colour": "red"}
        ],
    }
    path = tmp_path / "example.toml"
    path.write_text(
        'name = "Example Safeguarding Children Partnership"\nhomepage = "https://www.example-scp.org.uk"\n'
        "retention_months = 0\n[[sources]]\nname = 'cspr'\nadapter = 'nope'\n"
        "url = 'https://www.example-scp.org.uk/r'\ncolour = 'red'\n"
    )
    with pytest.raises(ConfigError) as loaded:
        load_partnership_file(path)
    from_file = [line.removeprefix(f"{path}: ") for line in str(loaded.value).splitlines()]
    response = api.client.put(EXAMPLE, json=bad, headers=api.auth("admin"))
    assert response.status_code == 422
    from_api = [f"{e['field']}: {e['message']}" for e in response.json()["errors"]]
    assert sorted(from_api) == sorted(from_file)
    assert any(line.startswith("sources.0.adapter: unknown adapter 'nope'") for line in from_api)


def test_a_slug_a_file_configures_is_refused_because_the_file_wins(api: Api) -> None:
    before = api.snapshot()
    response = api.client.put("/api/v1/partnerships/doncaster", json=PARTNERSHIP, headers=api.auth("admin"))
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "slug"
    assert "a file wins" in response.json()["detail"]
    assert api.snapshot() == before


def test_a_body_slug_must_be_the_urls(api: Api) -> None:
    response = api.client.put(EXAMPLE, json={**PARTNERSHIP, "slug": "other"}, headers=api.auth("admin"))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "slug", "message": "'other' differs from the slug in the URL, 'example'"}
    ]


def test_a_registration_changed_later_updates_its_sources(api: Api) -> None:
    api.client.put(EXAMPLE, json=PARTNERSHIP, headers=api.auth("admin"))
    moved = with_url("https://www.example-scp.org.uk/moved/feed/")
    assert api.client.put(EXAMPLE, json=moved, headers=api.auth("admin")).status_code == 200
    with Session(api.engine) as session:
        [source] = session.exec(select(Source).join(Partnership).where(Partnership.slug == "example"))
        assert source.url == "https://www.example-scp.org.uk/moved/feed/"
        assert session.exec(select(Registration)).one().config["sources"][0]["url"] == source.url
