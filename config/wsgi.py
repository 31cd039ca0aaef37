import os

import django
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest, get_str_from_wsgi
from django.http.cookie import parse_cookie
from django.utils.functional import cached_property

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class Request(WSGIRequest):
    """Django's request, without three ways a client could make it fail with
    a 500 (found by tests/test_fuzz.py; tests in tests/test_settings.py).

    The charset a Content-Type names: Django 5.2 sets it while it builds the
    request, outside its error handling, and the setter parses the query
    string there to throw it away. A query string of more fields than
    DATA_UPLOAD_MAX_NUMBER_FIELDS, or a charset Python cannot decode text
    with, leniently (base64, zlib, punycode), then raised out of the
    application. Here the query string is parsed when it is read (a 400 when
    too long), and such a charset is ignored, as Django ignores an unknown one.

    Cookies holding a NUL ("\\000" once unquoted): the site never sets one, and
    PostgreSQL refuses a NUL in a query, so a session key with one failed
    every page that looks at the reader. They are left out.
    """

    @WSGIRequest.encoding.setter
    def encoding(self, value):
        if value is not None:
            try:
                b"x\xff".decode(value, "replace")  # as Django decodes forms and queries
            except (LookupError, ValueError):
                return
        self._encoding = value
        self.__dict__.pop("GET", None)  # parsed again, in this encoding, when read
        if hasattr(self, "_post"):
            del self._post

    @cached_property
    def COOKIES(self):
        cookies = parse_cookie(get_str_from_wsgi(self.environ, "HTTP_COOKIE", ""))
        return {name: value for name, value in cookies.items() if "\x00" not in value}


class Handler(WSGIHandler):
    request_class = Request


django.setup(set_prefix=False)
application = Handler()
