from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
import weasyprint
from PIL import Image

from ldsp.lib.pdf import ForbiddenResource, PdfError, render_pdf, restricted_url_fetcher

PDFTOTEXT = shutil.which("pdftotext")
PDFIMAGES = shutil.which("pdfimages")
needs_poppler = pytest.mark.skipif(
    PDFTOTEXT is None or PDFIMAGES is None, reason="poppler-utils is not installed"
)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The text of a PDF as pdftotext sees it; pages are separated by form feeds."""
    target = tmp_path / "out.pdf"
    target.write_bytes(pdf)
    result = subprocess.run(
        [str(PDFTOTEXT), str(target), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def pdf_images(pdf: bytes, tmp_path: Path) -> list[tuple[int, int]]:
    """The (width, height) of every image embedded in a PDF, from pdfimages -list."""
    target = tmp_path / "images.pdf"
    target.write_bytes(pdf)
    result = subprocess.run(
        [str(PDFIMAGES), "-list", str(target)], capture_output=True, text=True, check=True
    )
    rows = result.stdout.splitlines()[2:]  # two header lines
    return [(int(row.split()[3]), int(row.split()[4])) for row in rows if row.strip()]


def png(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, "red").save(path)
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The directory the renderer may read; files it must not read go next to it."""
    allowed = tmp_path / "static"
    allowed.mkdir()
    return allowed


def test_a_simple_document_renders_to_pdf_bytes(root: Path) -> None:
    pdf = render_pdf("<h1>Hello</h1><p>World</p>", allowed_root=root)
    assert pdf.startswith(b"%PDF")


@needs_poppler
def test_the_pdf_text_holds_the_headings_and_body(root: Path, tmp_path: Path) -> None:
    html = "<h1>Learning design</h1><h2>Outcomes</h2><p>Students write a short essay.</p>"
    text = pdf_text(render_pdf(html, allowed_root=root), tmp_path)
    assert "Learning design" in text
    assert "Outcomes" in text
    assert "Students write a short essay." in text


@needs_poppler
def test_page_numbers_from_css_margin_boxes_appear_on_each_page(root: Path, tmp_path: Path) -> None:
    html = """
    <style>
      @page { @bottom-center { content: "Page " counter(page) } }
      .next { page-break-before: always }
    </style>
    <p>First page</p>
    <p class="next">Second page</p>
    """
    pages = pdf_text(render_pdf(html, allowed_root=root), tmp_path).split("\f")
    assert "First page" in pages[0]
    assert "Page 1" in pages[0]
    assert "Second page" in pages[1]
    assert "Page 2" in pages[1]


@needs_poppler
def test_a_table_of_contents_shows_the_page_each_chapter_starts_on(
    root: Path, tmp_path: Path
) -> None:
    html = """
    <style>
      h1 { page-break-before: always }
      .toc a::after { content: leader('.') target-counter(attr(href), page) }
    </style>
    <ul class="toc">
      <li><a href="#one">First chapter</a></li>
      <li><a href="#two">Second chapter</a></li>
    </ul>
    <h1 id="one">First chapter</h1><p>One.</p>
    <h1 id="two">Second chapter</h1><p>Two.</p>
    """
    contents = pdf_text(render_pdf(html, allowed_root=root), tmp_path).split("\f")[0]
    assert re.search(r"First chapter[ .]*2\b", contents)
    assert re.search(r"Second chapter[ .]*3\b", contents)


def test_the_fetcher_reads_a_file_inside_the_allowed_root(root: Path) -> None:
    image = png(root / "logo.png", (3, 2))
    response = restricted_url_fetcher(root)(image.as_uri())
    try:
        assert response.read() == image.read_bytes()
        assert response.content_type == "image/png"
    finally:
        response.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.css",
        "ftp://example.org/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/css,body{color:red}",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file://example.org/share/x.png",
        "x.png",
        "{root}/../outside.png",
        "{root}/%2e%2e/outside.png",
        "{root}/escape.png",
    ],
)
def test_the_fetcher_refuses_anything_but_files_inside_the_allowed_root(
    root: Path, url: str
) -> None:
    png(root.parent / "outside.png", (5, 7))
    (root / "escape.png").symlink_to(root.parent / "outside.png")
    with pytest.raises(ForbiddenResource):
        restricted_url_fetcher(root)(url.replace("{root}", root.as_uri()))


def test_a_relative_path_that_climbs_out_of_the_root_is_refused(root: Path) -> None:
    png(root.parent / "outside.png", (5, 7))
    # WeasyPrint resolves a relative URL against the base URL before fetching it.
    url = urljoin(root.as_uri() + "/", "../outside.png")
    with pytest.raises(ForbiddenResource):
        restricted_url_fetcher(root)(url)


def test_a_refusal_is_logged_as_a_warning(root: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="ldsp.lib.pdf")
    with pytest.raises(ForbiddenResource):
        restricted_url_fetcher(root)("http://127.0.0.1:9/x.png")
    assert any(
        record.levelno == logging.WARNING and "http://127.0.0.1:9/x.png" in record.getMessage()
        for record in caplog.records
    )


@needs_poppler
def test_a_document_full_of_forbidden_urls_still_renders_without_them(
    root: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ldsp.lib.pdf")
    png(root / "inside.png", (3, 2))
    png(root.parent / "outside.png", (5, 7))
    html = """
    <link rel="stylesheet" href="https://example.org/x.css">
    <style>
      @import url(http://127.0.0.1:9/imported.css);
      p { background: url(file:///etc/hostname) }
    </style>
    <h1>Still here</h1>
    <p>The body text survives.</p>
    <img src="http://127.0.0.1:9/x.png">
    <img src="file:///etc/passwd">
    <img src="../outside.png">
    <img src="inside.png">
    """
    pdf = render_pdf(html, allowed_root=root)

    text = pdf_text(pdf, tmp_path)
    assert "Still here" in text
    assert "The body text survives." in text
    # Only the image inside the allowed root is embedded.
    assert pdf_images(pdf, tmp_path) == [(3, 2)]
    refused = " ".join(r.getMessage() for r in caplog.records if r.name == "ldsp.lib.pdf")
    for url in [
        "https://example.org/x.css",
        "http://127.0.0.1:9/imported.css",
        "file:///etc/hostname",
        "http://127.0.0.1:9/x.png",
        "file:///etc/passwd",
        (root.parent / "outside.png").as_uri(),
    ]:
        assert url in refused


@needs_poppler
def test_an_image_inside_the_allowed_root_is_embedded(root: Path, tmp_path: Path) -> None:
    png(root / "figure.png", (4, 3))
    pdf = render_pdf('<p>Figure:</p><img src="figure.png">', allowed_root=root)
    assert pdf_images(pdf, tmp_path) == [(4, 3)]
    assert b"/Subtype /Image" in pdf


@needs_poppler
def test_stylesheets_inside_the_allowed_root_are_applied(root: Path, tmp_path: Path) -> None:
    sheet = root / "print.css"
    sheet.write_text('h1::before { content: "Added by the stylesheet " }')
    pdf = render_pdf("<h1>Title</h1>", allowed_root=root, stylesheets=[sheet])
    assert "Added by the stylesheet Title" in pdf_text(pdf, tmp_path)


def test_a_stylesheet_outside_the_allowed_root_is_refused(root: Path) -> None:
    sheet = root.parent / "elsewhere.css"
    sheet.write_text("h1 { color: red }")
    with pytest.raises(ForbiddenResource):
        render_pdf("<h1>Title</h1>", allowed_root=root, stylesheets=[sheet])


def test_a_renderer_failure_becomes_a_pdf_error(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", explode)
    with pytest.raises(PdfError, match="the renderer broke"):
        render_pdf("<p>Hi</p>", allowed_root=root)
