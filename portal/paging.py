"""Pages of a list that cost the same on page 1 and on page 2,000.

Django's Paginator counts the whole list on every request (a full COUNT(*)
over 100,000 visits) and fetches a deep page with OFFSET over joined rows.
Here instead:

- counting stops at COUNT_LIMIT rows: up to there the reader gets the exact
  number and "page 3 of 12"; past it, "more than 1,000" and Previous / Next;
- a deep page first reads only the ids it skips — an index-only scan when an
  index matches the ordering — then the 20 rows it shows, by id;
- whether there is a next page comes from fetching one row more than shown;
- the same number of queries on every page (rows and count, or ids and rows).

Any page number that is not a page (-1, abc, 10**9) gives the nearest real
page, as before: past the end, the last one (the only time the whole list is
counted).
"""

import math

COUNT_LIMIT = 1000
# From this offset on, the ids are read first and the rows by id. Below it a
# plain LIMIT/OFFSET over the rows is as cheap and one query fewer.
DEFERRED_FROM = 200
LARGEST_PAGE = 10**7


class Window:
    """One page of a list, with the parts of Django's Page the templates use,
    and `count`/`num_pages` that are None when the list is longer than
    COUNT_LIMIT."""

    def __init__(self, object_list, number, per_page, has_next, count):
        self.object_list = object_list
        self.number = number
        self.per_page = per_page
        self._has_next = has_next
        self.count = count
        self.count_limit = COUNT_LIMIT
        self.num_pages = None if count is None else max(1, math.ceil(count / per_page))

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def start_index(self):
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0


def page_number(value):
    """The page asked for; 1 for anything that is not a positive number."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), LARGEST_PAGE)


def _rows(queryset, offset, limit):
    if offset < DEFERRED_FROM:
        return list(queryset[offset : offset + limit])
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
    by_id = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _capped_count(queryset, limit=None):
    """The number of rows, or None when there are more than `limit` (COUNT_LIMIT)."""
    limit = COUNT_LIMIT if limit is None else limit
    found = queryset.order_by().values("pk")[: limit + 1].count()
    return None if found > limit else found


def page_of(request, queryset, per_page=20):
    """The requested page of `queryset` (which must be ordered)."""
    number = page_number(request.GET.get("page"))
    rows = _rows(queryset, (number - 1) * per_page, per_page + 1)
    if not rows and number > 1:  # past the end: the last page
        total = queryset.count()
        number = max(1, math.ceil(total / per_page))
        rows = _rows(queryset, (number - 1) * per_page, per_page + 1)
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    shown_so_far = (number - 1) * per_page + len(rows)
    if shown_so_far <= COUNT_LIMIT:
        count = _capped_count(queryset)
    elif not has_next:
        count = shown_so_far  # the last page of a long list: known without counting
    else:
        count = None
    return Window(rows, number, per_page, has_next, count)
