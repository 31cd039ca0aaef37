"""Small factory helpers: each makes one valid record, overrides as keywords."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from municipalities.models import Organization, Person, Post, Protocol
from visits.models import Meeting, Visit

_numbers = itertools.count(1)


def organization(**fields):
    n = next(_numbers)
    fields.setdefault("name_en", f"Municipality {n}")
    fields.setdefault("kind", Organization.Kind.DISTRICT)
    fields.setdefault("country", "TR")
    return Organization.objects.create(**fields)


def person(**fields):
    fields.setdefault("name", f"Person {next(_numbers)}")
    return Person.objects.create(**fields)


def post(**fields):
    fields.setdefault("person", person())
    fields.setdefault("organization", organization())
    fields.setdefault("title_en", "Mayor")
    return Post.objects.create(**fields)


def protocol(**fields):
    fields.setdefault("kind", Protocol.Kind.SISTER_CITY)
    fields.setdefault("status", Protocol.Status.PLANNED)
    fields.setdefault("party_a", organization())
    fields.setdefault("party_b", organization())
    return Protocol.objects.create(**fields)


def visit(**fields):
    fields.setdefault("title_en", f"Visit {next(_numbers)}")
    fields.setdefault("guest", organization())
    fields.setdefault("host", organization())
    fields.setdefault("start_date", datetime.date(2021, 11, 13))
    return Visit.objects.create(**fields)


def meeting(**fields):
    if "visit" not in fields:
        fields["visit"] = visit()
    fields.setdefault("title_en", f"Meeting {next(_numbers)}")
    if fields["visit"] is not None:
        fields.setdefault("date", fields["visit"].start_date)
    else:
        fields.setdefault("date", datetime.date(2021, 11, 13))
        fields.setdefault("host", organization())
    return Meeting.objects.create(**fields)


STAFF_PASSWORD = "a-long-test-password-1"


def staff(username, *groups, **fields):
    """A staff account in the named groups ("Viewer", "Secretariat editor", made
    by the roles migration); none given: staff status and no permission at all."""
    fields.setdefault("is_staff", True)
    user = get_user_model().objects.create_user(username, password=STAFF_PASSWORD, **fields)
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    return user


# What the `internal_items` fixture (tests/conftest.py) stores for staff only.
SECRETS = ("4321", "cabinet 7", "Follow up on the airport")
