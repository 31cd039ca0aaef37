"""Sending fuzzed requests through the test client and recording what broke,
and posting every admin form with control characters (tests/test_fuzz.py,
bench/fuzz.py)."""

import dataclasses
import sys
import traceback

# --- Sending ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    status: int  # 599 when the request raised out of Django or its streamed body failed
    traceback: str = ""
    error: str = ""  # "ExceptionType at file:line", to group failures by


class ExceptionRecorder:
    """Records the traceback of every exception Django turns into a 500
    (got_request_exception), while in use as a context manager."""

    def __init__(self):
        self.recorded = []

    def __call__(self, sender, request=None, **kwargs):
        self.recorded.append(sys.exc_info())

    def __enter__(self):
        from django.core.signals import got_request_exception

        got_request_exception.connect(self, dispatch_uid="fuzz-exception-recorder", weak=False)
        return self

    def __exit__(self, *exc):
        from django.core.signals import got_request_exception

        got_request_exception.disconnect(dispatch_uid="fuzz-exception-recorder")


def _describe_exception(exc_info):
    kind, value, tb = exc_info
    frames = traceback.extract_tb(tb)
    # Where it went wrong in this project's code, if it did; else the last frame.
    own = [f for f in frames if "/site-packages/" not in f.filename] or frames
    where = f"{own[-1].filename}:{own[-1].lineno}" if own else "?"
    text = "".join(traceback.format_exception(kind, value, tb))
    return text, f"{kind.__name__} at {where}"


def send(client, request, staff_cookie="", recorder=None):
    """Send `request` through Django's test client and read all of its body
    (streamed CSVs and files too). The client must not raise request
    exceptions (`Client(raise_request_exception=False)`)."""
    from unittest import mock

    from django.http.request import HttpHeaders

    from config.wsgi import Request

    client.cookies.clear()
    headers = dict(request.headers)
    if request.as_staff and staff_cookie:
        cookie = headers.get("Cookie")
        headers["Cookie"] = f"{cookie}; {staff_cookie}" if cookie else staff_cookie
    extra = HttpHeaders.to_wsgi_names(headers)
    extra["QUERY_STRING"] = request.query.encode("utf-8", "surrogatepass").decode("latin-1")
    if recorder is not None:
        recorder.recorded.clear()
    try:
        # Requests built as production builds them (config/wsgi.py), not as
        # the test client does.
        with mock.patch("django.test.client.WSGIRequest", Request):
            response = client.generic(
                request.method,
                request.path,
                data=request.body,
                content_type=request.content_type or "application/octet-stream",
                **extra,
            )
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018 (read, to be sure it can be)
    except Exception:
        text, error = _describe_exception(sys.exc_info())
        return Outcome(599, text, error)
    if response.status_code >= 500 and recorder is not None and recorder.recorded:
        text, error = _describe_exception(recorder.recorded[-1])
        return Outcome(response.status_code, text, error)
    if response.status_code >= 500:
        return Outcome(response.status_code, "", f"HTTP {response.status_code} without exception")
    return Outcome(response.status_code)


def staff_session_cookie(user):
    """A `sessionid=…` cookie of `user`, signed in."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# --- Admin forms -------------------------------------------------------------------------------

# Text as it comes pasted from a word processor or a terminal, appended to every
# free-text field of an admin form: Word's line break, a form feed, Unicode's
# line and paragraph separators, C0 and C1 controls, DEL, a non-character.
CONTROL_TEXTS = (
    " Word\x0bline break",
    " form\x0cfeed\u2028line\u2029paragraph",
    " bell\x07 escape\x1b[31m del\x7f",
    " C1\x80\x85\x9f controls",
    " İstanbul\x01Üsküdar\x1fҚазақстан\ufffe",
)
CONTROLS = "".join(chr(c) for c in [*range(1, 32), *range(127, 160)]) + "\u2028\u2029\ufffe\uffff"


def admin_models():
    """Every model with an admin, in a stable order."""
    from django.contrib import admin

    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_form_urls(model, language="en"):
    """The add form of `model`, and the change form of its first record if it has one."""
    from django.urls import reverse
    from django.utils import translation

    info = model._meta.app_label, model._meta.model_name
    with translation.override(language):
        urls = [reverse("admin:{}_{}_add".format(*info))]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return urls


def _fillable(name, data):
    """A field of the record itself or of one of its saved inline rows (not of
    an empty row, whose filling would make it a new, incomplete one), not a slug."""
    if "__prefix__" in name or name.rsplit("-", 1)[-1] == "slug" or name not in data:
        return False
    # A text that must stay empty on most rows (a delegation row naming a person
    # has no group description): filled only where it holds text already.
    if name.rsplit("-", 1)[-1].startswith("group_description") and not data[name][0]:
        return False
    # The boxes that make a new record instead of another being picked (a new
    # host organisation, a new person on a row): filled, they would ask for
    # one with the picked one there, which the form refuses.
    if name.startswith("new_") or name.rsplit("-", 1)[-1] == "new_person":
        return False
    if "-" not in name:
        return True
    row = name.rsplit("-", 1)[0]
    return bool(data.get(f"{row}-id", [""])[0])


def post_admin_form(client, model, url, texts, nul=False):
    """GET the admin form at `url` and POST it back as a browser would, with one
    of `texts` appended to each free-text field (the record's own and its saved
    inline rows'); with `nul`, a NUL in the first of them too. Returns the
    response and the names of the fields filled; the GET's response and no
    names when the form is not offered."""
    from tests.admin_forms import form_fields, text_field_names

    response = client.get(url)
    if response.status_code != 200:
        return response, []
    html = response.content.decode()
    form_id = f"{model._meta.model_name}_form"
    data = form_fields(html, form_id)
    names = [name for name in text_field_names(html, form_id) if _fillable(name, data)]
    if nul and not names:
        return response, []
    for n, name in enumerate(names):
        data[name] = [data[name][0] + texts[n % len(texts)]]
    if nul and names:
        data[names[0]] = [data[names[0]][0] + " a\x00b"]
    return client.post(url, data), names


def unclean_texts():
    """(model, pk, field, text) for every text stored in the portal's tables
    (history included) that still holds a control character."""
    from django.apps import apps
    from django.db import models

    from portal.cleaning import is_clean

    found = []
    for label in ("municipalities", "visits"):
        for model in apps.get_app_config(label).get_models():
            names = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, (models.CharField, models.TextField)) and not f.primary_key
            ]
            for pk, *texts in model._base_manager.values_list("pk", *names):
                found += [
                    (model._meta.label, pk, name, text)
                    for name, text in zip(names, texts, strict=True)
                    if text and not is_clean(text)
                ]
    return found
