"""Print-quality PDF from our own HTML, with a renderer that cannot wander off.

We render PDFs with WeasyPrint because it lays out HTML and CSS for paper
(page margins, running page numbers, tables of contents with page references)
far better than anything that draws PDFs by hand. The HTML we give it,
though, carries user content: a Markdown image or a stylesheet link written
by a contributor ends up as a URL the renderer would happily load. Left to
its default fetcher, WeasyPrint would then make the server request any
address (including internal services) or read any local file it can open
and embed it in the PDF.

So the renderer here may read only files inside one directory we choose (our
own static files). Every other URL - http, https, ftp, ``data:``, a file
outside that directory, a path that climbs out with ``..`` or escapes through
a symlink - is refused. WeasyPrint treats a failed fetch as a missing
resource: the image or stylesheet is left out and the PDF is still produced.

This module knows nothing about Django; callers pass the directory and the
HTML.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Long enough to recognise a URL in a log line, short enough that a huge
# ``data:`` URI does not flood the log.
_URL_LOG_LENGTH = 200


class PdfError(Exception):
    """The PDF could not be produced."""


class ForbiddenResource(PdfError):
    """A URL or path points outside what the renderer may read."""


def _short(url: str) -> str:
    """The URL cut down to a length fit for a log line or an error message."""
    if len(url) <= _URL_LOG_LENGTH:
        return url
    return url[:_URL_LOG_LENGTH] + "..."


def _inside(root: Path, path: Path) -> Path:
    """The real path of ``path`` if it lies inside ``root``; otherwise refuse.

    ``root`` must already be resolved. Resolving ``path`` first means ``..``
    segments and symlinks are followed to where they really lead, so neither
    can be used to step outside ``root``.
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        # A symlink loop, an embedded NUL byte and the like: nothing we can vouch for.
        raise ForbiddenResource(f"cannot resolve {_short(str(path))}: {exc}") from exc
    if not real.is_relative_to(root):
        raise ForbiddenResource(f"{_short(str(path))} is outside {root}")
    return real


class RestrictedURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads only files inside ``allowed_root``.

    WeasyPrint (version 70) expects its ``url_fetcher`` to be an instance of
    ``weasyprint.urls.URLFetcher`` whose ``fetch(url, headers=None)`` returns a
    ``URLFetcherResponse``: it reads attributes of the fetcher itself, so a plain
    function returning a dict no longer works. WeasyPrint resolves relative
    URLs against the document's base URL before asking, so every URL arriving
    here is absolute.

    Allowed files are opened directly rather than through urllib, so none of
    the network handlers the parent class installs is ever used.
    """

    def __init__(self, allowed_root: Path) -> None:
        # Only ``file`` and no redirects, in case anything ever reaches the
        # parent's urllib machinery; ``fetch`` below never does.
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
        self.allowed_root = allowed_root.resolve()

    def path_for(self, url: str) -> Path:
        """The real path of the file ``url`` names, if the renderer may read it.

        Raises ``ForbiddenResource`` for anything that is not a ``file:`` URL
        for a path inside ``allowed_root``.
        """
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            raise ForbiddenResource(f"malformed URL {_short(url)}: {exc}") from exc
        if parts.scheme.lower() != "file":
            # ``data:`` is refused too: WeasyPrint never makes such URIs itself,
            # so any that arrive came from the document, i.e. from a user.
            raise ForbiddenResource(f"only file URLs may be loaded, not {_short(url)}")
        if parts.netloc not in ("", "localhost"):
            # ``file://host/share`` would mean a network share.
            raise ForbiddenResource(f"file URL names another host: {_short(url)}")
        # The query and fragment are not part of the file's name.
        path = Path(url2pathname(parts.path))
        if not path.is_absolute():
            raise ForbiddenResource(f"file URL without an absolute path: {_short(url)}")
        return _inside(self.allowed_root, path)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """Open ``url`` if allowed; otherwise log why and raise ``ForbiddenResource``.

        WeasyPrint catches the exception and leaves the resource out.
        """
        try:
            path = self.path_for(url)
        except ForbiddenResource as exc:
            logger.warning("PDF renderer refused to load %s: %s", _short(url), exc)
            raise
        mime_type, _encoding = mimetypes.guess_type(path.name)
        # The response names the real path, not the URL asked for: WeasyPrint
        # may read a raster image again later from ``response.path``, and that
        # must be the file we checked, not a ``..`` or symlink route to it.
        return URLFetcherResponse(
            path.as_uri(),
            body=path.open("rb"),  # WeasyPrint closes the response when done with it.
            headers={"Content-Type": mime_type or "application/octet-stream"},
        )


def restricted_url_fetcher(allowed_root: Path) -> RestrictedURLFetcher:
    """A WeasyPrint ``url_fetcher`` that may read only files inside ``allowed_root``.

    Call it with an absolute URL to get a ``URLFetcherResponse``; any other URL
    raises ``ForbiddenResource`` (and logs a warning).
    """
    return RestrictedURLFetcher(allowed_root)


def render_pdf(
    html: str,
    *,
    allowed_root: Path,
    base_url: str | None = None,
    stylesheets: list[Path] | None = None,
) -> bytes:
    """Render ``html`` to PDF bytes, reading only files inside ``allowed_root``.

    Relative URLs in ``html`` resolve against ``base_url``, by default
    ``allowed_root`` itself. ``stylesheets`` are extra CSS files, also inside
    ``allowed_root``; one outside raises ``ForbiddenResource`` at once,
    because they come from our code, not from users, and a wrong one is a bug.
    A forbidden URL in the document itself is skipped with a warning.
    Anything else that goes wrong raises ``PdfError``.
    """
    fetcher = restricted_url_fetcher(allowed_root)
    root = fetcher.allowed_root
    # Check our own stylesheets before WeasyPrint opens them: CSS(filename=...)
    # reads the file directly, without asking the fetcher. Their @import and
    # url() references do go through the fetcher.
    sheet_paths = [_inside(root, Path(sheet)) for sheet in stylesheets or []]
    try:
        document = weasyprint.HTML(
            string=html,
            base_url=base_url or root.as_uri() + "/",
            url_fetcher=fetcher,
        )
        css = [weasyprint.CSS(filename=str(path), url_fetcher=fetcher) for path in sheet_paths]
        pdf = document.write_pdf(stylesheets=css)
    except Exception as exc:
        raise PdfError(f"could not render PDF: {exc}") from exc
    if not isinstance(pdf, bytes):  # write_pdf returns bytes when given no target
        raise PdfError("the renderer returned no PDF")
    return pdf
