"""Request bodies are capped before anything reads them, and forms are refused
when they hold what no form of the site takes.

The admin takes uploads (photos up to 10 MB each, protocol PDFs up to 20 MB,
several on one meeting form); nothing else takes more than a short form. A
request announcing a larger body is answered 413 at once, its body unread. The
reverse proxy should cap bodies the same way (README: client_max_body_size),
so that a slow upload never ties up an app server; this is the same rule one
layer in, for anything that reaches gunicorn directly.

Once the view is known, a form (urlencoded or multipart) is answered 400, with
nothing saved, when it says it is in another charset than UTF-8 (browsers send
forms in the page's UTF-8; Django refuses other charsets for urlencoded forms
only, and would read a multipart form's texts wrongly), when a field holds a
NUL character (no text may hold one, and PostgreSQL refuses it), or when an
admin list's selection for an action is not a record number. A form Django
cannot read (a broken multipart body, too many fields) is answered 400 by
Django itself.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse, UnreadablePostError
from django.utils.translation import gettext as _

MESSAGE = (
    "The request is too large ({size} MB; at most {limit} MB here).\n"
    "İstek çok büyük ({size} MB; burada en çok {limit} MB).\n"
)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
ACTION_CHECKBOX_NAME = "_selected_action"  # django.contrib.admin.helpers


def body_limit(path):
    """The most bytes a request body to `path` may have."""
    admin = any(path.startswith(f"/{code}/admin/") for code, _name in settings.LANGUAGES)
    return settings.ADMIN_REQUEST_MAX_BYTES if admin else settings.PUBLIC_REQUEST_MAX_BYTES


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats a malformed length as no body
        limit = body_limit(request.path_info)
        if length > limit:
            megabytes = 1024 * 1024
            return HttpResponse(
                MESSAGE.format(size=round(length / megabytes, 1), limit=limit // megabytes or 1),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.content_type not in FORM_TYPES:
            return None
        charset = (request.encoding or "utf-8").lower().replace("_", "-")
        if charset not in ("utf-8", "utf8"):
            return refusal(
                request,
                _(
                    "Forms are read in UTF-8 only; this one says it is in %(charset)s. "
                    "Nothing was saved."
                )
                % {"charset": request.encoding[:40]},
            )
        try:
            form = request.POST  # Django's own errors (BadRequest …) become a 400
        except UnreadablePostError:
            return None  # the client went away; the view sees an empty form
        if any("\x00" in name or any("\x00" in v for v in values) for name, values in form.lists()):
            return refusal(
                request,
                _(
                    "The form holds a NUL character, which no text may contain. Nothing was "
                    "saved: remove it (it comes with text pasted from some programs) and "
                    "send the form again."
                ),
            )
        model_admin = getattr(view_func, "model_admin", None)
        if model_admin is not None and view_func.__name__ == "changelist_view":
            for value in form.getlist(ACTION_CHECKBOX_NAME):
                if not is_record_number(model_admin.model, value):
                    return refusal(
                        request,
                        _(
                            "The selection holds “%(value)s”, which is not a record number. "
                            "Nothing was done: load the list again and select the records."
                        )
                        % {"value": value[:40]},
                    )
        return None


def is_record_number(model, value):
    """Whether `value` can be the primary key of a row of `model`."""
    field = model._meta.pk
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    if isinstance(key, int):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or key >= low) and (high is None or key <= high)
    return key is not None


def refusal(request, message):
    """A 400 saying `message` (in the address's language: the view's middleware
    hooks run after the language is set)."""
    return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")
