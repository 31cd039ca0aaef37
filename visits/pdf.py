"""PDF rendering for the printed summaries: HTML in, PDF bytes out.

WeasyPrint needs the system's Pango library (Debian: libpango-1.0-0, which
the `weasyprint` or `chromium` packages bring). Where it is missing the
portal still starts; `available()` says so and `unavailable_reason()` says why.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import ImageFile

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


def _local_file(url):
    """The file on this machine that a static or media URL of the page names,
    or None. The PDF never fetches anything over the network."""
    path = urlsplit(url).path
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    media_prefix = "/" + settings.MEDIA_URL.lstrip("/")
    if path.startswith(static_prefix):
        found = finders.find(unquote(path[len(static_prefix) :]))
        return Path(found) if found else None
    if path.startswith(media_prefix):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / unquote(path[len(media_prefix) :])).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _fetcher():
    """A URL fetcher that reads the page's static and media files from disk
    and refuses everything else."""
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    fonts = {finders.find(path) for path in FONT_FILES.values()}

    class LocalFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://") and unquote(urlsplit(url).path) in fonts:
                return super().fetch(url, headers)
            local = _local_file(url) if url.startswith(BASE_URL) else None
            if local is None:
                raise ValueError(f"not fetched for a PDF: {url}")
            kind = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=local.read_bytes(), headers={"Content-Type": kind})

    return LocalFiles()


def render_pdf(html):
    """`html` (a complete document whose static and media addresses start
    with / ) as PDF bytes, fonts embedded."""
    if weasyprint is None:
        raise RuntimeError(unavailable_reason())
    fetcher = _fetcher()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    fonts = weasyprint.CSS(string=_font_faces(), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[fonts])
