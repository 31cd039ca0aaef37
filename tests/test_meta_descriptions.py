"""Every public page says what it is about in one meta description: plain
text from its record, at most 160 characters, in the reader's language."""

import html
import re

import pytest

from portal.templatetags.portal import meta_description

pytestmark = pytest.mark.django_db

LANGS = ("en", "tr")
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def page_kinds():
    """(name, path without the language prefix, status) for every public page
    kind, from the seed visit (as tests/test_browser_phones.py lists them)."""
    from municipalities.models import Organization, Person, Protocol
    from visits.demo import SEED_VISIT_SLUG
    from visits.models import Event, Meeting, Project, Visit

    visit = Visit.objects.get(slug=SEED_VISIT_SLUG)
    meeting = Meeting.objects.filter(visit=visit).order_by("pk").first()
    guest = visit.guest
    protocol = Protocol.objects.involving(guest).order_by("pk").first()
    person = Person.objects.get(slug="aliya-salkarova")
    event = Event.objects.get(slug="korkut-ata-turkish-world-film-festival-2021")
    project = Project.objects.get(slug="turkish-world-interactive-display")
    union = Organization.objects.home()

    def bare(url):
        return url.removeprefix("/en")

    return [
        ("home", "/", 200),
        ("visit list", "/visits/", 200),
        ("visit", bare(visit.get_absolute_url()), 200),
        ("meeting list", "/meetings/", 200),
        ("meetings hosted", f"/meetings/?host={union.slug}", 200),
        ("meetings attended", f"/meetings/?attended={guest.slug}", 200),
        ("meeting", bare(meeting.get_absolute_url()), 200),
        ("print summary", f"/meetings/{meeting.pk}/summary/", 200),
        ("organisation list", "/municipalities/", 200),
        ("organisation", bare(guest.get_absolute_url()), 200),
        ("pair", f"/municipalities/{union.slug}/{guest.slug}/", 200),
        ("person", bare(person.get_absolute_url()), 200),
        ("protocol register", "/protocols/", 200),
        ("protocols of", f"/protocols/?org={guest.slug}", 200),
        ("protocol", bare(protocol.get_absolute_url()), 200),
        ("gift register", "/gifts/", 200),
        ("gifts of", f"/gifts/?org={guest.slug}", 200),
        ("event", bare(event.get_absolute_url()), 200),
        ("project", bare(project.get_absolute_url()), 200),
        ("search", "/search/", 200),
        ("search results", "/search/?q=turkistan", 200),
        ("not found", "/no-such-page/", 404),
    ]


def descriptions(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return [html.unescape(d) for d in DESCRIPTION.findall(response.content.decode())]


@pytest.mark.parametrize("lang", LANGS)
def test_every_public_page_kind_has_one_short_plain_description(client, seed_visit, lang):
    found = {}
    for name, path, status in page_kinds():
        texts = descriptions(client, f"/{lang}{path}", status)
        assert len(texts) == 1, (name, texts)
        text = texts[0]
        assert text.strip(), name
        assert len(text) <= 160, (name, len(text), text)
        assert "<" not in text and "  " not in text and "\n" not in text, (name, text)
        found[name] = text
    # Pages about a record describe that record, not the site.
    for name in ("visit", "meeting", "organisation", "person", "protocol", "event", "project"):
        assert found[name] != found["not found"], name
    # The lists each say what they list.
    assert len({found[n] for n in ("home", "visit list", "meeting list", "gift register")}) == 4


def test_a_visit_is_described_by_guest_host_date_and_place(client, seed_visit):
    (en,) = descriptions(client, seed_visit.get_absolute_url())
    assert en.startswith(
        "Delegation of Turkistan Municipality visits Union of Turkish World Municipalities, "
        "13 November 2021, Istanbul, Türkiye."
    )
    assert en.endswith("…")
    (tr,) = descriptions(client, seed_visit.get_absolute_url().replace("/en/", "/tr/", 1))
    assert "13 Kasım 2021, İstanbul, Türkiye" in tr
    assert "heyetinin" in tr


def test_an_organisation_is_described_by_kind_country_and_counts(client, seed_visit):
    (en,) = descriptions(client, "/en/municipalities/turkistan-municipality/")
    assert en.startswith("City or provincial municipality, Kazakhstan. Delegations received: 0;")
    assert "delegations sent: 1;" in en
    (tr,) = descriptions(client, "/tr/municipalities/turkistan-municipality/")
    assert "Kazakistan" in tr and "Gönderilen heyetler" not in tr and "gönderilen heyetler: 1" in tr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  A <b>bold</b>\n\n  claim  ", "A bold claim"),
        ("Tom &amp; Jerry", "Tom &amp; Jerry"),
        ("&lt;script&gt;", "&lt;script&gt;"),
        ("word " * 40, ("word " * 32).strip() + "…"),
        ("words " * 40, ("words " * 26).strip() + "…"),
        ("x" * 200, "x" * 159 + "…"),
    ],
)
def test_the_filter_makes_plain_text_cut_at_a_word(value, expected):
    text = meta_description(value)
    assert text == expected
    assert len(html.unescape(text)) <= 160
