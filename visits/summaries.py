"""The printed meeting summary (print view and PDF) and the visit dossier.

One template serves the browser's print dialog and the server-made PDF. The
reader chooses the language and the sections; staff may add internal items
(gift values, notes), which the public never gets, whatever the URL says.
"""

import base64
import hashlib

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.models import Organization
from municipalities.views import can_see_drafts
from portal.cleaning import clean_text
from portal.dates import format_date
from portal.search import fold_letters

from . import pdf
from .models import DelegationMember, Meeting
from .views import (
    LARGEST_ID,
    get_visit,
    meetings_with_everything,
    protocols_of_meeting,
    visible_meetings,
)

SECTIONS = {
    "participants": gettext_lazy("participants"),
    "agenda": gettext_lazy("agenda"),
    "statements": gettext_lazy("statements"),
    "decisions": gettext_lazy("decisions"),
    "protocols": gettext_lazy("protocols"),
    "gifts": gettext_lazy("gifts"),
    "photos": gettext_lazy("photos"),
}


def options(request):
    """Language, sections and internal items as the reader asked for them;
    anything not understood is ignored."""
    codes = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang")
    if language not in codes:
        language = translation.get_language()[:2] if translation.get_language() else codes[0]
    if request.GET.get("custom"):
        sections = [key for key in SECTIONS if key in request.GET.getlist("include")]
    else:
        sections = list(SECTIONS)
    internal = can_see_drafts(request, Meeting) and request.GET.get("internal") == "1"
    return {"language": language, "sections": sections, "internal": internal}


def get_meeting(request, pk):
    """The meeting with everything its summary prints, if the reader may see it."""
    if pk > LARGEST_ID:
        raise Http404
    members = DelegationMember.objects.select_related("person", "organization")
    meetings = meetings_with_everything(request, visible_meetings(request)).prefetch_related(
        Prefetch("visit__members", queryset=members.with_other_posts())
    )
    return get_object_or_404(
        meetings.select_related("visit__event", "visit__invited_by", "visit__guest"), pk=pk
    )


def reference(meeting):
    return f"TDBB-M-{meeting.date:%Y}-{meeting.pk:06d}"


def pdf_filename(meeting, what="summary"):
    guest = meeting.visit.guest if meeting.visit_id else meeting.convened_by
    parts = [
        f"{meeting.date:%Y-%m-%d}",
        slugify(fold_letters(meeting.host.short_name or meeting.host.name)),
    ]
    if guest is not None and guest.pk != meeting.host_id:
        parts.append(slugify(fold_letters(guest.short_name or guest.name)))
    parts.append(what)
    return "_".join(part for part in parts if part) + ".pdf"


def _context(request, chosen, **extra):
    context = {
        "union": Organization.objects.home(),
        "languages": [(code, name) for code, name in settings.LANGUAGES],
        "section_choices": list(SECTIONS.items()),
        "can_include_internal": can_see_drafts(request, Meeting),
        # In the language's own date style, as the body dates the meeting.
        "printed": format_date(timezone.localdate()),
        **chosen,
        **extra,
    }
    # The page footer (reference, print date, "page X of Y" in the chosen
    # language) is the document's own @page rule, so an inline <style>.
    context["page_style"] = render_to_string("visits/print/_page_style.html", context)
    return context


def allow_inline_style(response, css):
    """Let the browser apply the page's one inline <style>, and nothing else
    inline: its SHA-256 joins the Content-Security-Policy's style-src."""
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    response._csp_update = {"style-src": [f"'sha256-{digest}'"]}  # django-csp's per-response hook
    return response


def meeting_summary(request, pk, as_pdf=False):
    meeting = get_meeting(request, pk)
    chosen = options(request)
    query = request.GET.urlencode()
    with translation.override(chosen["language"]):
        context = _context(
            request,
            chosen,
            meeting=meeting,
            protocols=protocols_of_meeting(request, meeting),
            reference=reference(meeting),
            document_title=_("Meeting summary"),
            pdf=as_pdf,
            pdf_url=reverse("meeting_summary_pdf", args=[meeting.pk])
            + (f"?{query}" if query else ""),
            back_url=meeting.get_absolute_url(),
        )
        if not as_pdf:
            # Cleaned as the PDF is: a row written past save() may hold a control character.
            html = render_to_string("visits/print/meeting_summary.html", context, request)
            response = HttpResponse(clean_text(html))
            return allow_inline_style(response, context["page_style"])
        html = render_to_string("visits/print/meeting_summary.html", context, request)
    return pdf_response(html, pdf_filename(meeting))


def meeting_summary_pdf(request, pk):
    return meeting_summary(request, pk, as_pdf=True)


def visit_dossier_pdf(request, year, slug):
    visit = get_visit(request, year, slug)
    chosen = options(request)
    meetings = visit.visible_meetings
    for meeting in meetings:
        meeting.visit = visit  # its delegation is printed with each meeting
    with translation.override(chosen["language"]):
        context = _context(
            request,
            chosen,
            visit=visit,
            meetings=[(meeting, protocols_of_meeting(request, meeting)) for meeting in meetings],
            reference=f"TDBB-V-{visit.start_date:%Y}-{visit.pk:06d}",
            document_title=_("Visit dossier"),
            pdf=True,
        )
        html = render_to_string("visits/print/visit_dossier.html", context, request)
    first = meetings[0] if meetings else None
    name = (
        pdf_filename(first, "dossier")
        if first
        else f"{visit.start_date:%Y-%m-%d}_{visit.slug}_dossier.pdf"
    )
    return pdf_response(html, name)


def pdf_response(html, filename):
    if not pdf.available():
        return HttpResponse(
            _("PDFs cannot be made on this server: %(reason)s. The print view still works.")
            % {"reason": pdf.unavailable_reason()},
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
