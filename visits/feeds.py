"""Feeds: an Atom feed of newly published visits and an iCalendar feed of
upcoming visits and planned protocol signings.

Feeds are public, whoever reads them: published records only, never drafts,
not even for signed-in staff. Both speak the language of their address
(/en/… or /tr/…).
"""

import datetime
import uuid

from django.contrib.syndication.views import Feed
from django.db.models import DateTimeField, F
from django.db.models.functions import Cast, Coalesce
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from municipalities.models import Protocol
from portal.cleaning import clean_text
from portal.dates import DatePrecision, last_day, still_ahead_q

from .models import Visit

FEED_LENGTH = 20
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.tdbb.org.tr/delegation-visits")


class VisitFeed(Feed):
    """The most recently published visits."""

    feed_type = Atom1Feed

    def title(self):
        return _("Delegation visits – Union of Turkish World Municipalities")

    def subtitle(self):
        return _("Visits newly published in the record office of delegation visits.")

    def link(self):
        return reverse("visit_list")

    def items(self):
        return (
            Visit.objects.published()
            .select_related("guest", "host")
            .annotate(
                listed_at=Coalesce(
                    "published_at",
                    Cast("start_date", DateTimeField()),
                    output_field=DateTimeField(),
                )
            )
            .order_by(F("listed_at").desc(), "-id")[:FEED_LENGTH]
        )

    # Texts are cleaned again here: a control character (in a row written past
    # save()) is not allowed in XML 1.0, and the feed writer would fail on it.

    def item_title(self, item):
        # An Atom title is plain text: no HTML escaping here (the XML writer escapes).
        return clean_text(str(item.localized("title")))

    def item_description(self, item):
        summary = item.localized("summary") or item.localized("purpose")
        text = f"{item.date_display} · {item.guest} → {item.host}"
        text = clean_text(f"{text}\n\n{summary}" if summary else text)
        return linebreaks(text, autoescape=True)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # Stable when a visit's title or address changes; a valid Atom id.
        return f"urn:uuid:{uuid.uuid5(GUID_NAMESPACE, f'visit-{item.pk}')}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.listed_at

    def item_updateddate(self, item):
        return item.updated_at


# --- iCalendar (RFC 5545), written by hand ------------------------------------------

CALENDAR_PAST_DAYS = 30
PRODID = "-//TDBB//Delegation Visits Portal//EN"


def ical_text(value):
    """A TEXT value escaped as RFC 5545 §3.3.11 asks: backslash, semicolon,
    comma and newline (Word's line break is one too); other control
    characters dropped."""
    text = clean_text(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """A content line folded at 75 octets (RFC 5545 §3.1), never inside a
    UTF-8 character; continuation lines start with a space."""
    out, current, size, limit = [], [], 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n".join(out)


def ical_date(day):
    return day.strftime("%Y%m%d")


def ical_utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(uid, stamp, start, end, summary, description="", location="", url="", status=""):
    """The lines of one whole-day VEVENT; `end` is the day after the last."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{ical_utc(stamp)}",
        f"DTSTART;VALUE=DATE:{ical_date(start)}",
        f"DTEND;VALUE=DATE:{ical_date(end)}",
        f"SUMMARY:{ical_text(summary)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{ical_text(description)}")
    if location:
        lines.append(f"LOCATION:{ical_text(location)}")
    if url:
        lines.append(f"URL:{url}")
    if status:
        lines.append(f"STATUS:{status}")
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


VISIT_STATUS = {
    Visit.Status.PLANNED: "CONFIRMED",
    Visit.Status.HELD: "CONFIRMED",
    Visit.Status.POSTPONED: "TENTATIVE",
    Visit.Status.CANCELLED: "CANCELLED",
}


def calendar(request):
    """Published visits from 30 days ago on, and planned signings of published
    protocols, as whole-day events. A signing planned for a month or a year
    spans it, marked as not fixed yet."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    domain = split_domain_port(request.get_host())[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_text(_('Delegation visits and protocol signings'))}",
    ]

    visits = (
        Visit.objects.published()
        .filter(start_date__gte=since)
        .select_related("guest", "host")
        .order_by("start_date", "id")
    )
    for visit in visits:
        lines += _event(
            uid=f"visit-{visit.pk}@{domain}",
            stamp=visit.updated_at,
            start=visit.start_date,
            end=visit.last_day + datetime.timedelta(days=1),
            summary=visit.localized("title"),
            description=f"{visit.guest} → {visit.host}",
            location=", ".join(p for p in (visit.city, visit.country.name) if p),
            url=request.build_absolute_uri(visit.get_absolute_url()),
            status=VISIT_STATUS.get(visit.status, ""),
        )

    # A month or year still under way on `since` starts before it.
    signings = (
        Protocol.objects.published()
        .filter(status__in=[Protocol.Status.PROPOSED, Protocol.Status.PLANNED])
        .filter(still_ahead_q("planned_date", "planned_date_precision", since))
        .select_related("party_a", "party_b")
        .order_by("planned_date", "id")
    )
    for protocol in signings:
        end = last_day(protocol.planned_date, protocol.planned_date_precision)
        summary = _("Signing: %(kind)s, %(first)s – %(second)s") % {
            "kind": protocol.get_kind_display(),
            "first": protocol.party_a,
            "second": protocol.party_b,
        }
        if protocol.planned_date_precision == DatePrecision.MONTH:
            summary = f"{summary} {_('(date to be fixed within the month)')}"
        elif protocol.planned_date_precision == DatePrecision.YEAR:
            summary = f"{summary} {_('(date to be fixed within the year)')}"
        lines += _event(
            uid=f"protocol-{protocol.pk}@{domain}",
            stamp=protocol.updated_at,
            start=protocol.planned_date,
            end=end + datetime.timedelta(days=1),
            summary=summary,
            description=protocol.localized("summary"),
            url=request.build_absolute_uri(protocol.get_absolute_url()),
            status="TENTATIVE",
        )

    lines.append("END:VCALENDAR")
    body = "".join(fold(line) + "\r\n" for line in lines)
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="calendar.ics"'
    return response
