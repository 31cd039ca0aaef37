"""Right in Turkish: capital İ for i and I for ı wherever text is capitalised,
language names and markers in Turkish, place names in their Turkish form, one
date style per language."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.functional import lazy

from portal import text
from visits import pdf
from visits.models import Photo

needs_pdf = pytest.mark.skipif(not pdf.available(), reason=pdf.unavailable_reason())

# A capital I that starts a word and is followed by a lower-case letter:
# "Imza", "Iptal", "Il ", "Ilçe", "Iş". In Turkish such a word is spelt with İ,
# unless it is one of the words below, which do start with a dotless I.
ENGLISH_I = re.compile(r"(?<![\w])I[a-zçğıöşü]+")
GENUINE_I_WORDS = {
    "Irak",
    "Isparta",
    "Iğdır",
    "Ilgaz",
    "Igor",  # a person's name
    "Islomov",  # an Uzbek name
    "Islomova",
    "Istanbuldagi",  # an Uzbek organisation's local name ("in Istanbul")
    "Ismayilov",  # other spellings of Azerbaijani names, on a person's page
    "Ismayilova",
    "Ivan",  # a Russian spelling (Ivan Karadzhuban) beside the Turkish İvan, on his page
}


def wrongly_capitalised(content):
    return sorted({word for word in ENGLISH_I.findall(content) if word not in GENUINE_I_WORDS})


def pdf_text(response):
    from pypdf import PdfReader

    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def page_text(response):
    """What a reader sees: the text without markup, and without the texts
    shown in English because no Turkish version is kept (lang="en"), or names
    in no particular language (translate="no": a name's variants, its local
    name)."""
    assert response.status_code == 200
    content = b"".join(response) if response.streaming else response.content
    content = content.decode()
    if response["Content-Type"].startswith("text/html"):
        content = re.sub(
            r'<(span|div|dd) (?:lang="(?:en|)"|translate="no")>.*?</\1>', " ", content, flags=re.S
        )
        # Scripts, styles and the admin's text areas (the record's English
        # texts being edited) are not the interface's words.
        content = re.sub(
            r"<script.*?</script>|<style.*?</style>|<textarea.*?</textarea>",
            " ",
            content,
            flags=re.S,
        )
        content = re.sub(r"<[^>]+>", " ", content)
    return content


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.images = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)


def parsed(response):
    parser = Links()
    parser.feed(response.content.decode())
    return parser


# --- capitalisation -----------------------------------------------------------


def test_capitalisation_follows_the_readers_language():
    with translation.override("tr"):
        assert text.capfirst("imza töreni") == "İmza töreni"
        assert text.capfirst("ılık") == "Ilık"
        assert text.upper("iptal edildi") == "İPTAL EDİLDİ"
        assert text.lower("IĞDIR İLİ") == "ığdır ili"
        assert text.title("il belediyesi") == "İl Belediyesi"
    with translation.override("en"):
        assert text.capfirst("imza töreni") == "Imza töreni"
        assert text.upper("iptal") == "IPTAL"
        assert text.lower("IĞDIR") == "iğdir"
    assert text.capfirst("") == "" and text.upper(None) is None


def test_djangos_own_capfirst_and_filters_follow_it_lazily_too():
    from django.contrib.admin import sites
    from django.template.defaultfilters import capfirst as capfirst_filter
    from django.utils.text import capfirst as django_capfirst

    district = lazy(lambda: "ilçe belediyesi" if translation.get_language() == "tr" else "x", str)()
    label = django_capfirst(district)  # as the admin does for a verbose name, at import time
    template = Template("{{ s|capfirst }} {{ s|upper }} {{ s|title }} {{ t|lower }}")
    with translation.override("tr"):
        assert str(label) == "İlçe belediyesi"
        assert sites.capfirst("iş birliği") == "İş birliği"
        assert capfirst_filter("iptal edildi") == "İptal edildi"
        rendered = template.render(Context({"s": "il belediyesi", "t": "IĞDIR"}))
        assert rendered == "İl belediyesi İL BELEDİYESİ İl Belediyesi ığdır"
    with translation.override("en"):
        rendered = template.render(Context({"s": "it's a visit", "t": "IĞDIR"}))
        assert rendered == "It&#x27;s a visit IT&#x27;S A VISIT It&#x27;s A Visit iğdir"


def crawl(client, start, extra=(), limit=400):
    """Every public page reachable from `start` (no query strings: filters
    and sorting show the same labels), and the exports linked from them."""
    seen, queue, pages = set(), [start, *extra], {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if url.endswith(".pdf"):
            continue  # scanned below, a few: each costs a second
        response = client.get(url)
        pages[url] = page_text(response)
        if response["Content-Type"].startswith("text/html"):
            for link in parsed(response).links:
                link = link.split("#")[0].split("?")[0]
                if link.startswith("/tr/") and "/admin/" not in link and link not in seen:
                    queue.append(link)
    return pages


@pytest.fixture
def demo(seed_visit):
    """The seed visit and a generated set around it, as `load_demo --extra` makes them."""
    from municipalities.models import Organization
    from visits.demo_extra import load_extra

    load_extra(40, Organization.objects.home())
    return seed_visit


@pytest.mark.django_db
def test_no_turkish_page_capitalises_i_the_english_way(client, demo):
    pages = crawl(
        client,
        "/tr/",
        extra=["/tr/search/?q=istanbul", "/tr/search/?q=imza", "/tr/search/?q=belediye"],
    )
    assert len(pages) > 100
    assert any(url.endswith(".csv") for url in pages)
    found = {url: wrongly_capitalised(content) for url, content in pages.items()}
    assert {url: words for url, words in found.items() if words} == {}


@needs_pdf
@pytest.mark.django_db
def test_no_turkish_pdf_capitalises_i_the_english_way(client, demo):
    from visits.models import Meeting

    meeting = demo.meetings.get()
    urls = [
        f"/tr/meetings/{meeting.pk}/summary.pdf",
        f"/tr/visits/2021/{demo.slug}/dossier.pdf",
    ]
    # The generated set's signing ceremonies and board meetings print the
    # words the seed has none of ("İmza töreni", "İptal edildi").
    for other in Meeting.objects.exclude(pk=meeting.pk).filter(is_published=True)[:40:8]:
        urls.append(f"/tr/meetings/{other.pk}/summary.pdf")
    for url in urls:
        assert wrongly_capitalised(pdf_text(client.get(url))) == [], url


@pytest.mark.django_db
def test_the_turkish_admin_capitalises_i_the_turkish_way(superuser_client, demo):
    meeting = demo.meetings.get()
    for url in [
        "/tr/admin/",
        "/tr/admin/municipalities/organization/",
        "/tr/admin/municipalities/protocol/",
        "/tr/admin/visits/meeting/",
        f"/tr/admin/visits/meeting/{meeting.pk}/change/",
        f"/tr/admin/visits/visit/{demo.pk}/change/",
    ]:
        content = page_text(superuser_client.get(url))
        assert wrongly_capitalised(content) == [], url


def test_the_turkish_admin_has_no_english_left_in_history_and_the_index(superuser_client, demo):
    """Column names of the history list come from our template (simple-history
    has no Turkish catalogue) and the login guard's model names from axes,
    whose catalogue lacks them: both are translated in ours."""
    history = page_text(superuser_client.get(f"/tr/admin/visits/visit/{demo.pk}/history/"))
    for english in ("Object", "Changed by", "Change reason", "Changes", "Comment"):
        assert english not in history
    assert "Değiştiren" in history and "Değişiklikler" in history
    index = page_text(superuser_client.get("/tr/admin/"))
    assert "Access failures" not in index and "Erişim hataları" in index


# --- the fallback marker ------------------------------------------------------


@pytest.fixture
def english_only_photo(seed_visit):
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(png, "PNG")
    Photo.objects.create(
        meeting=seed_visit.meetings.get(),
        image=SimpleUploadedFile("family.png", png.getvalue(), "image/png"),
        caption_en="Family photo",
    )
    seed_visit.summary_tr = ""
    seed_visit.save()
    return seed_visit


@pytest.mark.django_db
def test_a_text_kept_only_in_english_is_marked_in_turkish(client, english_only_photo):
    visit = english_only_photo
    response = client.get(f"/tr/visits/2021/{visit.slug}/")
    content = page_text(response)
    assert "Yalnızca İngilizce olarak mevcut." in content
    assert "(İngilizce)" in content
    assert "(English)" not in content and "English olarak" not in content


@pytest.mark.django_db
def test_image_descriptions_are_plain_text(client, english_only_photo):
    visit = english_only_photo
    meeting = visit.meetings.get()
    for url in [f"/tr/visits/2021/{visit.slug}/", f"/tr/meetings/{meeting.pk}/summary/"]:
        response = client.get(url)
        photos = [img for img in parsed(response).images if "photos/" in img["src"]]
        assert photos and all(img["alt"] == "Family photo" for img in photos), url
        assert 'loading="lazy">' not in page_text(response), url


@needs_pdf
@pytest.mark.django_db
def test_image_descriptions_do_not_spill_into_the_pdf(client, english_only_photo):
    visit = english_only_photo
    meeting = visit.meetings.get()
    for url in [
        f"/tr/meetings/{meeting.pk}/summary.pdf",
        f"/tr/visits/2021/{visit.slug}/dossier.pdf",
    ]:
        content = pdf_text(client.get(url))
        # The caption under the photo; printed, the photos are marked once as
        # given in English, under the block.
        assert "Family photo" in content, url
        assert "Yukarıdaki bazı metinler yalnızca İngilizce verilmiştir." in content, url
        assert '"' not in content.split("Family photo")[1][:40], url


# --- place names --------------------------------------------------------------


@pytest.mark.django_db
def test_istanbul_is_spelt_the_turkish_way_for_a_turkish_reader(client, seed_visit):
    meeting = seed_visit.meetings.get()
    content = page_text(client.get(f"/tr/visits/2021/{seed_visit.slug}/"))
    assert "İstanbul" in content
    assert "Istanbul" not in content
    content = page_text(client.get(f"/tr/meetings/{meeting.pk}/summary/"))
    assert "İstanbul" in content and "Istanbul" not in content
    assert "Istanbul" in page_text(client.get(f"/en/visits/2021/{seed_visit.slug}/"))


@needs_pdf
@pytest.mark.django_db
def test_istanbul_is_spelt_the_turkish_way_in_a_turkish_pdf(client, seed_visit):
    meeting = seed_visit.meetings.get()
    content = pdf_text(client.get(f"/tr/meetings/{meeting.pk}/summary.pdf"))
    assert "İstanbul" in content
    assert "Istanbul" not in content


# --- the print date -----------------------------------------------------------

MONTHS_TR = [
    "Ocak",
    "Şubat",
    "Mart",
    "Nisan",
    "Mayıs",
    "Haziran",
    "Temmuz",
    "Ağustos",
    "Eylül",
    "Ekim",
    "Kasım",
    "Aralık",
]


@needs_pdf
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "tr"])
def test_the_pdf_footer_dates_the_print_as_the_body_dates_the_meeting(client, seed_visit, language):
    meeting = seed_visit.meetings.get()
    content = pdf_text(client.get(f"/{language}/meetings/{meeting.pk}/summary.pdf"))
    today = timezone.localdate()
    if language == "en":
        assert "13 November 2021" in content
        month = datetime.date(2000, today.month, 1).strftime("%B")
        printed = "printed"
    else:
        assert "13 Kasım 2021" in content
        month = MONTHS_TR[today.month - 1]
        printed = "yazdırma tarihi"
    assert f"{printed} {today.day} {month} {today.year}" in content
    assert f"{today:%d.%m.%Y}" not in content
