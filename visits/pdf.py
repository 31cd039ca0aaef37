"""PDF rendering for the printed summaries: HTML in, PDF bytes out.

WeasyPrint needs the system's Pango library (Debian: libpango-1.0-0, which
the `weasyprint` or `chromium` packages bring). Where it is missing the
portal still starts; `available()` says so and `unavailable_reason()` says why.
"""

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from PIL import ImageFile

from municipalities.text import clean_text

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
    # (municipalities/uploads.py). Stored images are whole, so the PDFs do
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
    Kazakh Cyrillic) whatever fonts it has."""
    rules = []
    for (weight, style), path in FONT_FILES.items():
        found = finders.find(path)
        if found:
            rules.append(
                "@font-face { font-family: 'Portal Sans'; "
                f"src: url('file://{found}'); font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)


BASE_URL = "http://portal.invalid/"


def _media_prefix():
    """The absolute address every media file's address starts with: the
    storage's own (`/media/` on local disk, the bucket's endpoint or custom
    domain on S3), resolved as the page resolves it."""
    return urljoin(BASE_URL, default_storage.url("x").split("?", 1)[0])[: -len("x")]


def _read_page_file(url):
    """(name, bytes) of a static or media file that the page names, or None.

    Static files come from the static finders, media files through the
    storage (local disk or an S3 bucket alike, signed addresses included),
    never over the network: every media field uses the default storage.
    """
    address = url.split("#", 1)[0].split("?", 1)[0]
    static_prefix = urljoin(BASE_URL, "/" + settings.STATIC_URL.lstrip("/"))
    if address.startswith(static_prefix):
        found = finders.find(unquote(address[len(static_prefix) :]))
        return (found, Path(found).read_bytes()) if found else None
    media_prefix = _media_prefix()
    if address.startswith(media_prefix):
        name = unquote(address[len(media_prefix) :])
        if not name or any(part in ("", ".", "..") for part in name.split("/")):
            return None
        with default_storage.open(name, "rb") as file:
            return name, file.read()
    return None


def _fetcher():
    """A URL fetcher that reads the page's static and media files (see
    `_read_page_file`) and refuses everything else."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    fonts = {finders.find(path) for path in FONT_FILES.values()}

    class PageFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://") and unquote(urlsplit(url).path) in fonts:
                return super().fetch(url, headers)
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
