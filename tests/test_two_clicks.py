"""From any name on any page, one click to the record's own page.

The public site is crawled from the home page, in English and in Turkish, as
a reader clicks through it (the seed visit and a board meeting outside any
visit, with a signatory, a gift to a person and a field of cooperation). On
every page reached, wherever the main content names a person, an
organisation, a meeting or a protocol, the page links to that record's own
page — which holds everything recorded about it, or links on to it: at most
two clicks from the name to anything about it."""

import datetime
import html
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from municipalities.models import Organization, Person, Protocol, ProtocolSignatory
from visits.models import Gift, Meeting, MeetingParticipant, Statement

pytestmark = pytest.mark.django_db

# Pages that are not for clicking on: files, feeds, the printable summaries
# (printed, their names are plain text by design) and the admin.
NOT_PAGES = re.compile(r"/admin/|\.csv$|\.pdf$|\.ics$|/feed/$|/summary/$|/i18n/|/media/|/static/")
MAX_PAGES = 150


def main_of(body):
    found = re.search(r"<main[^>]*>(.*)</main>", body, re.S)
    return found.group(1) if found else ""


def text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def names_shown(main):
    """The text of the main content where a record is named as such: not the
    text of links (a meeting's title naming its participants leads to the
    meeting, whose page links them: two clicks), nor quoted statements."""
    main = re.sub(r"<a\b[^>]*>.*?</a>", " ", main, flags=re.S)
    main = re.sub(r"<blockquote\b.*?</blockquote>", " ", main, flags=re.S)
    return text_of(main)


def crawl(client, lang):
    """Every page reachable from the home page in `lang`: {path: body}."""
    start = f"/{lang}/"
    seen, pages, queue = {start}, {}, deque([start])
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        body = response.content.decode()
        pages[path] = body
        for href in re.findall(r'href="([^"]+)"', body):
            href = html.unescape(urldefrag(href)[0])
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith(start) or NOT_PAGES.search(parts.path):
                continue
            if parts.query:  # filters and pages of lists: the same records again
                continue
            if parts.path not in seen:
                seen.add(parts.path)
                queue.append(parts.path)
    return pages


@pytest.fixture
def board_meeting(seed_visit):
    """A board meeting outside any visit: a participant, a statement, a plaque
    presented to a person; and a signatory for a protocol of the seed."""
    union = Organization.objects.get(is_home=True)
    speaker = Person.objects.create(name="Kemal Yıldırımoğlu")
    meeting = Meeting.objects.create(
        title_en="Board meeting of the union",
        title_tr="Birlik encümen toplantısı",
        host=union,
        date=datetime.date(2022, 3, 4),
        is_published=True,
    )
    MeetingParticipant.objects.create(
        meeting=meeting, person=speaker, organization=union, side="host", title_en="Chair"
    )
    Statement.objects.create(
        meeting=meeting,
        speaker=speaker,
        organization=union,
        text_en="We met.",
        text_tr="Toplandık.",
    )
    Gift.objects.create(
        meeting=meeting,
        given_by_organization=union,
        given_to_person=speaker,
        description_en="A plaque",
        description_tr="Bir plaket",
    )
    protocol = Protocol.objects.published().first()
    ProtocolSignatory.objects.create(
        protocol=protocol, person=speaker, organization=union, title_en="Chair"
    )
    return meeting


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_every_name_on_every_page_links_to_its_record(client, board_meeting, lang):
    from django.utils import translation

    from visits.public import public_people

    pages = crawl(client, lang)
    with translation.override(lang):
        records = [
            *((p.name, p.get_absolute_url()) for p in public_people()),
            *((o.name, o.get_absolute_url()) for o in Organization.objects.all()),
            *((m.title, m.get_absolute_url()) for m in Meeting.objects.published()),
            *((str(p), p.get_absolute_url()) for p in Protocol.objects.published()),
        ]
    # Every kind of page was reached.
    kinds = ("/people/", "/meetings/", "/protocols/", "/municipalities/", "/events/", "/projects/")
    for kind in kinds:
        assert any(kind in path for path in pages), kind
    unlinked = []
    for path, body in pages.items():
        main = main_of(body)
        text = names_shown(main)
        for name, url in records:
            if path == url or name not in text:
                continue
            if f'href="{url}"' not in main:
                at = text.index(name)
                unlinked.append(
                    f"{path} names {name!r} without a link to {url}: "
                    f"…{text[max(0, at - 60) : at + len(name) + 30]}…"
                )
    assert not unlinked, "\n".join(unlinked)
