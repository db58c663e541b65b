"""make run's server answers Streamlit's immutable static files from memory (ui.static_memory):
byte for byte the answer Streamlit's own handler gives, and every other request still goes to
that handler. Streamlit's real handler serves a directory made here, so a file changed after the
prefill shows which answers came from memory."""

import pytest
from asgi_helpers import asgi_request as request
from streamlit import file_util
from streamlit.web.server.starlette.starlette_static_routes import create_streamlit_static_handler

from ui.static_memory import KEEP_FILE_BYTES, StaticFromMemory, named_in_index

ASSET = "/static/js/index.Ab12Cd.js"
BIG = "/static/js/PlotlyChart.Zz99.js"
INDEX = (
    '<html><script src="./static/js/index.Ab12Cd.js"></script>'
    '<link href="./static/js/named.Big1.js"></html>'
)


@pytest.fixture
def site(tmp_path):
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    (js / "index.Ab12Cd.js").write_text("console.log(1)")
    (js / "named.Big1.js").write_bytes(b"n" * (KEEP_FILE_BYTES + 1))  # big, but index.html names it
    (js / "PlotlyChart.Zz99.js").write_bytes(b"p" * (KEEP_FILE_BYTES + 1))
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "manifest.json").write_text("{}")
    return tmp_path


def served(site, **options):
    app = StaticFromMemory(create_streamlit_static_handler(str(site), None), site, **options)
    app.prefill()
    return app


def change(site, path, text):
    (site / path.lstrip("/")).write_text(text)


def test_a_kept_file_is_answered_as_streamlits_handler_answers_it(site):
    streamlit_answer = request(create_streamlit_static_handler(str(site), None), ASSET)
    app = served(site)
    change(site, ASSET, "console.log(2)")
    assert request(app, ASSET) == streamlit_answer  # status, headers (type, etag…), body
    assert dict(streamlit_answer[1])[b"cache-control"].startswith(b"public, immutable")


def test_streamlits_own_files_are_answered_exactly_as_its_handler_does():
    """Every file Streamlit's index.html names, from the installed Streamlit."""
    from pathlib import Path

    directory = file_util.get_static_dir()
    handler = create_streamlit_static_handler(directory, None)
    app = StaticFromMemory(handler, Path(directory))
    assert app.prefill() >= 50
    named = named_in_index(Path(directory))
    assert len(named) >= 50
    for relative in named:
        assert request(app, f"/{relative}") == request(handler, f"/{relative}"), relative
    assert 3_000_000 < app.kept_bytes < 16_000_000


def test_big_files_are_kept_only_when_index_html_names_them(site):
    app = served(site)
    change(site, BIG, "p2")
    change(site, "/static/js/named.Big1.js", "n2")
    assert request(app, BIG)[2] == b"p2"  # from the file: too big to keep
    assert request(app, "/static/js/named.Big1.js")[2] == b"n" * (KEEP_FILE_BYTES + 1)


def test_index_html_and_page_urls_always_come_from_the_file(site):
    app = served(site)
    change(site, "/index.html", "<html>two</html>")
    for path in ("/", "/index.html", "/mittari"):  # /mittari: a page URL, answered with index.html
        assert request(app, path)[2] == b"<html>two</html>"
    assert dict(request(app, "/index.html")[1])[b"cache-control"] == b"no-cache"


@pytest.mark.parametrize(
    "options",
    [
        {"method": "HEAD"},
        {"headers": [(b"range", b"bytes=0-3")]},
        {"headers": [(b"if-none-match", b'"x"')]},
        {"headers": [(b"If-Modified-Since", b"Thu, 01 Jan 1970 00:00:00 GMT")]},
        {"query": b"v=1"},
    ],
    ids=["head", "range", "if-none-match", "if-modified-since", "query"],
)
def test_requests_streamlit_answers_differently_reach_its_handler(site, options):
    app = served(site)
    change(site, ASSET, "console.log(3)")
    status, _, body = request(app, ASSET, **options)
    assert status in (200, 206, 304)
    if options.get("method") == "HEAD":
        assert body == b""
    else:
        assert body in (b"", b"cons", b"console.log(3)"), "answered from memory"


def test_under_a_base_url_the_path_is_taken_below_the_mount(site):
    app = served(site)
    change(site, ASSET, "console.log(5)")
    assert request(app, f"/base{ASSET}", root_path="/base")[2] == b"console.log(1)"


def test_the_memory_is_bounded(site):
    app = served(site, max_bytes=5)
    change(site, ASSET, "console.log(4)")
    assert request(app, ASSET)[2] == b"console.log(4)"
    assert app.kept_bytes == 0


def test_a_missing_file_goes_to_streamlits_handler(site):
    app = served(site)
    status, _, body = request(app, "/static/js/gone.Yy77.js")
    assert status == 404 or body == INDEX.encode()  # Streamlit: index.html for unknown paths


def test_files_streamlit_does_not_mark_immutable_are_not_kept(site):
    handler = create_streamlit_static_handler(str(site), None)

    def no_cache(response, served_path):
        response.headers["Cache-Control"] = "no-cache"

    handler._apply_cache_headers = no_cache  # a Streamlit whose rule changed
    app = StaticFromMemory(handler, site)
    assert app.prefill() == 0
    change(site, ASSET, "console.log(6)")
    assert request(app, ASSET)[2] == b"console.log(6)"
