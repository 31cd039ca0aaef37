"""Request bodies are capped before anything reads them.

The admin takes uploads (photos up to 10 MB each, protocol PDFs up to 20 MB,
several on one meeting form); nothing else takes more than a short form. A
request announcing a larger body is answered 413 at once, its body unread. The
reverse proxy should cap bodies the same way (README: client_max_body_size),
so that a slow upload never ties up an app server; this is the same rule one
layer in, for anything that reaches gunicorn directly.
"""

from django.conf import settings
from django.http import HttpResponse

MESSAGE = (
    "The request is too large ({size} MB; at most {limit} MB here).\n"
    "İstek çok büyük ({size} MB; burada en çok {limit} MB).\n"
)


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
