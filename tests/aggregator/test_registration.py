"""Registration: a file validated as the loader does; redirects checked hop by hop; where each comes from."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from aggregator.addresses import AddressError
from aggregator.errors import ConfigError
from aggregator.registration import follow_redirects, from_file, origin


def test_a_file_is_registered_as_the_loader_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_text('name = "Example"\nhomepage = "https://example.org"\n')
    assert from_file(path).slug == "example"
    path.write_text('name = "Ex\\u0000ample"\nhomepage = "https://example.org"\n')
    with pytest.raises(ConfigError, match=r"example\.toml: name: holds a control character"):
        from_file(path)


def test_endless_redirects_are_refused() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(302, headers={"Location": str(r.url) + "x"}))
    with (
        httpx.Client(transport=transport) as client,
        pytest.raises(AddressError, match="more than 10 redirects"),
    ):
        follow_redirects(
            "https://example.org/", client=client, allow_private=False, resolve=lambda h, p: ["93.184.216.34"]
        )


def test_an_unreachable_page_passes_for_the_harvest_to_report() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with httpx.Client(transport=httpx.MockTransport(refuse)) as client:
        follow_redirects(
            "https://example.org/", client=client, allow_private=False, resolve=lambda h, p: ["93.184.216.34"]
        )


@pytest.mark.parametrize(
    ("configured", "registered", "says"),
    [
        ({"x"}, set(), "file"),
        (set(), {"x"}, "registered"),
        ({"x"}, {"x"}, "file (wins over its registration)"),
        (set(), set(), "neither (disabled)"),
    ],
)
def test_origin(configured: set[str], registered: set[str], says: str) -> None:
    assert origin("x", configured, registered) == says
