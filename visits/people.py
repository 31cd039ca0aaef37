"""A person's page, /people/<slug>/: who they are, their posts over time and
every appearance in the records the reader may see."""

import collections
import dataclasses
import datetime
import itertools

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from municipalities.models import Person, Post, other_names_list
from municipalities.views import can_see_drafts, clean_param

from .appearances import appearances
from .public import public_people, visible_people

# The newest appearances of each kind one page lists; earlier ones are on
# the next page (?until=<date>).
PER_KIND = 50


def _posts(person):
    """(current posts, former posts): current ones most recent start first,
    former ones most recent end first. Several may be held at once."""
    today = timezone.localdate()
    posts = list(person.posts.all())
    current = [post for post in posts if post.end_date is None or post.end_date >= today]
    former = sorted(
        (post for post in posts if post.end_date is not None and post.end_date < today),
        key=lambda post: post.end_date,
        reverse=True,
    )
    return current, former


# The order of a person's roles within one record: the post held first, then
# what they did there.
KIND_ORDER = [
    "delegation",
    "participant",
    "signatory",
    "presenter",
    "speaker",
    "responsible",
    "giver",
    "recipient",
]
# Kinds whose row keeps the title and organisation of the day.
ON_THE_DAY = {"delegation", "participant", "speaker", "signatory"}
# Kinds shown in detail under their record (a quote, a topic, a decision, a gift).
DETAILED = {"speaker", "presenter", "responsible", "giver", "recipient"}


@dataclasses.dataclass
class Entry:
    """One record (a visit, a meeting, a protocol) and all the person did in it."""

    date: datetime.date | None
    precision: str
    subject: object
    url: str
    appearances: list

    @property
    def subject_kind(self):
        return {"Visit": "visit", "Meeting": "meeting"}.get(type(self.subject).__name__, "protocol")

    @property
    def labels(self):
        return list(dict.fromkeys(str(a.label) for a in self.appearances))

    @property
    def on_the_day(self):
        """The row with the title and organisation of the day, if any."""
        for a in self.appearances:
            if a.kind in ON_THE_DAY and (a.row.title_en or a.row.title_tr or a.organization):
                return a.row
        return None

    @property
    def details(self):
        return [a for a in self.appearances if a.kind in DETAILED]

    @property
    def is_draft(self):
        return any(a.is_draft for a in self.appearances)


def _entries(found):
    """`found` (appearances, newest first) gathered by record: newest first;
    on one day the visit before its meetings, meetings before protocols."""
    by_record = {}
    for a in found:
        by_record.setdefault((type(a.subject).__name__, a.subject.pk), []).append(a)
    entries = []
    for rows in by_record.values():
        rows.sort(key=lambda a: (KIND_ORDER.index(a.kind), a.row.pk))
        first = rows[0]
        # The heading links to where the person is listed when there is such
        # a place (the delegation, the participants), else to the record.
        listed = next((a.url for a in rows if a.kind in ON_THE_DAY - {"speaker"}), None)
        entries.append(
            Entry(
                date=first.date,
                precision=first.precision,
                subject=first.subject,
                url=listed or first.subject.get_absolute_url(),
                appearances=rows,
            )
        )
    rank = {"visit": 2, "meeting": 1, "protocol": 0}
    entries.sort(
        key=lambda e: (e.date or datetime.date.min, rank[e.subject_kind], e.subject.pk),
        reverse=True,
    )
    return entries


def _until_param(request):
    """The `until` parameter as a date, or None (ignored when not a date)."""
    value = clean_param(request, "until", max_length=10)
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _complete_part(found, until):
    """The part of `found` (newest first, at most PER_KIND of each kind) that
    is complete in every kind, and the date to read on from (None when all is
    shown). A kind cut short at its PER_KIND-th row, dated D, is complete
    after D; the page shows what is after the latest such D, and the next page
    starts at it. Should one day hold more than PER_KIND rows of a kind, that
    day's first PER_KIND are shown and the next page starts the day before."""
    counts = collections.Counter(a.kind for a in found)
    oldest = {}
    for a in found:
        if counts[a.kind] >= PER_KIND and a.date is not None:
            oldest[a.kind] = min(oldest.get(a.kind, a.date), a.date)
    if not oldest:
        return found, None
    cutoff = max(oldest.values())
    if until is not None and cutoff >= until:
        return [a for a in found if a.date is not None], cutoff - datetime.timedelta(days=1)
    return [a for a in found if a.date is None or a.date > cutoff], cutoff


def person_detail(request, slug):
    """One person: name in their own script and other spellings, posts, and
    the records they appear in, newest first, by year. A fixed number of
    queries (ten for a reader) whatever they appear in."""
    posts = Post.objects.select_related("organization").order_by(
        F("start_date").desc(nulls_last=True), "id"
    )
    person = get_object_or_404(
        visible_people(request).prefetch_related(Prefetch("posts", queryset=posts)), slug=slug
    )
    until = _until_param(request)
    found = appearances(request, [person], per_kind=PER_KIND, until=until)[person.pk]
    found, earlier = _complete_part(found, until)
    years = [
        (year, list(entries))
        for year, entries in itertools.groupby(
            _entries(found), key=lambda e: e.date.year if e.date else None
        )
    ]
    current, former = _posts(person)
    # Staff may open a person the public cannot (only in drafts): say so.
    is_draft = can_see_drafts(request, Person) and not public_people().filter(pk=person.pk).exists()
    return render(
        request,
        "visits/person_detail.html",
        {
            "person": person,
            "is_draft": is_draft,
            "other_names": other_names_list(person.other_names),
            "current_posts": current,
            "former_posts": former,
            "years": years,
            "until": until,
            "earlier": earlier,
            "section": "search",
        },
    )
