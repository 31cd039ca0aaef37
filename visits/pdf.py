"""PDF rendering for the printed summaries: HTML in, PDF bytes out.

WeasyPrint needs the system's Pango library (Debian: libpango-1.0-0, which
the `weasyprint` or `chromium` packages bring). Where it is missing the
portal still starts; `available()` says so and `unavailable_reason()` says why.
"""

from pathlib import Path
from urllib.parse import unquote, urljoin

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.templatetags.static import static
from PIL import ImageFile

from portal.cleaning import clean_text

_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
try:  # WeasyPrint loads Pango when imported.
    import weasyprint

    _IMPORT_ERROR = None
except OSError as error:  # pragma: no cover - depends on the machine
    weasyprint = None
    _IMPORT_ERROR = error
finally:
    # Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the
    # whole process, which would let damaged uploads through the photo check
    # (portal/uploads.py). Stored images are whole, so the PDFs do
    # not need it.
    ImageFile.LOAD_TRUNCATED_IMAGES = _truncated

FONT_FILES = {
    ("normal", "normal"): "fonts/DejaVuSans.ttf",
    ("bold", "normal"): "fonts/DejaVuSans-Bold.ttf",
    ("normal", "italic"): "fonts/DejaVuSans-Oblique.ttf",
}


def available():
    return weasyprint is not None


def unavailable_reason():
    return (
        f"WeasyPrint cannot load the Pango library ({_IMPORT_ERROR}). "
        "On Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        if _IMPORT_ERROR
        else ""
    )


def _font_faces():
    """@font-face rules for the fonts shipped in static/fonts, so a fresh
    machine prints with the same letters (Latin, Turkish, Azerbaijani,
    Kazakh Cyrillic) whatever fonts it has. Their addresses are the static
    storage's (hashed names in production), read like any other static file."""
    return "\n".join(
        "@font-face { font-family: 'Portal Sans'; "
        f"src: url('{urljoin(BASE_URL, static(path))}'); "
        f"font-weight: {weight}; font-style: {style}; }}"
        for (weight, style), path in FONT_FILES.items()
    )


BASE_URL = "http://portal.invalid/"


def _media_prefix():
    """The absolute address every media file's address starts with: the
    storage's own (`/media/` on local disk, the bucket's endpoint or custom
    domain on S3), resolved as the page resolves it."""
    return urljoin(BASE_URL, default_storage.url("x").split("?", 1)[0])[: -len("x")]


def _safe_name(name):
    return bool(name) and not any(part in ("", ".", "..") for part in name.split("/"))


def _read_static(name):
    """(name, bytes) of a static file, or None: from the finders (the sources,
    as `runserver` serves them), else from the static storage — where the
    manifest storage of production keeps the collected files under the
    hashed names that `{% static %}` gives (`css/print.<hash>.css`)."""
    if not _safe_name(name):
        return None
    if found := finders.find(name):
        return found, Path(found).read_bytes()
    try:
        with staticfiles_storage.open(name, "rb") as file:
            return name, file.read()
    except (OSError, SuspiciousFileOperation):
        return None


def _read_page_file(url):
    """(name, bytes) of a static or media file that the page names, or None.

    Static files come from the finders or the static storage (see
    `_read_static`), media files through the storage (local disk or an S3
    bucket alike, signed addresses included), never over the network: every
    media field uses the default storage.
    """
    address = url.split("#", 1)[0].split("?", 1)[0]
    static_prefix = urljoin(BASE_URL, "/" + settings.STATIC_URL.lstrip("/"))
    if address.startswith(static_prefix):
        return _read_static(unquote(address[len(static_prefix) :]))
    media_prefix = _media_prefix()
    if address.startswith(media_prefix):
        name = unquote(address[len(media_prefix) :])
        if not _safe_name(name):
            return None
        with default_storage.open(name, "rb") as file:
            return name, file.read()
    return None


def _fetcher():
    """A URL fetcher that reads the page's static and media files (see
    `_read_page_file`) and refuses everything else."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PageFiles(URLFetcher):
        def fetch(self, url, headers=None):
            found = _read_page_file(url)
            if found is None:
                raise ValueError(f"not fetched for a PDF: {url}")
            name, body = found
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=body, headers={"Content-Type": kind})

    return PageFiles()


def render_pdf(html):
    """`html` (a complete document whose static and media addresses start
    with / ) as PDF bytes, fonts embedded."""
    if weasyprint is None:
        raise RuntimeError(unavailable_reason())
    fetcher = _fetcher()
    # A control character in a text (a row written past save()) breaks the
    # PDF's fonts: every glyph of the run comes out garbled.
    document = weasyprint.HTML(string=clean_text(html), base_url=BASE_URL, url_fetcher=fetcher)
    fonts = weasyprint.CSS(string=_font_faces(), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[fonts])
