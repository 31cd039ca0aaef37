"""Bar charts drawn on the server as SVG: no JavaScript, nothing that moves.

`bar_chart(rows, title, label)` returns safe markup: an SVG (with a `<title>`,
axis titles, the value printed on each bar) and the same figures as a visually
hidden table for screen readers. Every text that goes in is escaped here
(format_html), so rows may hold names typed by anyone.
"""

import math

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

# Geometry, in SVG user units. Every chart is drawn WIDTH units wide, so
# that on the narrowest phone (320 px: 288 px of page) its letters still come
# out at 12 px; site.css lets it grow to 25rem (about 17 px letters) beside.
FONT = 14
PAD = 8
WIDTH = 336
LINE = round(FONT * 1.25)  # one line of a category name written above its bar
COLUMN_MIN = 40  # narrowest column of a vertical chart; with more rows, bars lie down
COLUMN_BAR = 34
PLOT_HEIGHT = 180
ROW = 30  # height of one row in a horizontal chart, names beside the bars
ROW_BAR = 20
BESIDE_MOST = 110  # the widest name drawn beside a bar; longer ones go above it
NAME_LINES = 2  # a name above a bar wraps to this many lines, then is cut ("…")


def nice_ticks(top, most=5):
    """Round tick values from 0 to at least `top`, at most `most` + 1 of them.

    >>> nice_ticks(7)
    [0, 2, 4, 6, 8]
    """
    if top <= 0:
        return [0, 1]
    raw = top / most
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    count = math.ceil(top / step)
    return [i * step for i in range(count + 1)]


def _number(value):
    return number_format(value, force_grouping=True)


def _text_width(text):
    """A rough width of `text` at FONT size (no font metrics on the server;
    DejaVu Sans, the widest usual fallback, averages about 0.6 em)."""
    return len(str(text)) * FONT * 0.6


def wrap_name(name, width, most=NAME_LINES):
    """`name` in lines at most `width` units wide, at most `most` of them; a
    name that needs more is cut with "…" (the full name is in the bar's
    <title>).

    >>> wrap_name("Turkish Republic of Northern Cyprus", 200)
    ['Turkish Republic of', 'Northern Cyprus']
    """
    lines = []
    for word in name.split():
        if lines and _text_width(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    most_chars = max(1, int(width / _text_width("x")))
    cut = len(lines) > most
    lines = lines[:most]
    for index, line in enumerate(lines):
        if len(line) > most_chars:  # one word wider than the chart
            lines[index], cut = line[: most_chars - 1], True
    if cut:
        last = lines[-1]
        lines[-1] = (last if _text_width(last + "…") <= width else last[: most_chars - 1]) + "…"
    return lines


def bar_chart(rows, title, label, *, category_label="", horizontal=False, chart_id=None):
    """A bar chart of `rows` — (category, value) pairs, in the order given.

    `title` heads the chart; `label` names what the values count ("Visits"),
    `category_label` what the rows are ("Year"). Horizontal bars suit long
    category names (countries), vertical ones short ones (years); a vertical
    chart with more columns than fit a phone is drawn horizontally. Returns a
    short note instead when there is nothing to draw.
    """
    rows = [(str(category), int(value or 0)) for category, value in rows]
    if not rows:
        return format_html('<p class="muted">{}</p>', _("No figures to show yet."))
    chart_id = chart_id or "chart-" + (slugify(title) or "bars")
    title_id = f"{chart_id}-title"
    top = max(value for _category, value in rows)
    ticks = nice_ticks(top)
    scale_top = ticks[-1]
    horizontal = horizontal or not _vertical_fits(rows, ticks)
    drawing = (
        _horizontal(rows, ticks, scale_top, label, category_label)
        if horizontal
        else (_vertical(rows, ticks, scale_top, label, category_label))
    )
    width, height, body = drawing
    svg = format_html(
        '<svg class="chart{}" xmlns="http://www.w3.org/2000/svg" role="img" '
        'aria-labelledby="{}" viewBox="0 0 {} {}" width="{}" height="{}">'
        '<title id="{}">{}</title>{}</svg>',
        " chart-horizontal" if horizontal else "",
        title_id,
        width,
        height,
        width,
        height,
        title_id,
        title,
        body,
    )
    table = format_html(
        '<div class="visually-hidden"><table><caption>{}</caption>'
        '<thead><tr><th scope="col">{}</th><th scope="col" class="num">{}</th></tr></thead>'
        "<tbody>{}</tbody></table></div>",
        title,
        category_label or _("Category"),
        label,
        format_html_join(
            "",
            '<tr><th scope="row">{}</th><td class="num">{}</td></tr>',
            ((category, _number(value)) for category, value in rows),
        ),
    )
    return format_html('<figure class="chart-figure" id="{}">{}{}</figure>', chart_id, svg, table)


def _vertical_left(ticks):
    return PAD + FONT * 2 + max(_text_width(_number(t)) for t in ticks)


def _vertical_fits(rows, ticks):
    """Whether the columns, each wide enough for its name, fit in WIDTH."""
    column = max(COLUMN_MIN, max(_text_width(category) for category, _value in rows) + 6)
    return _vertical_left(ticks) + len(rows) * column + PAD <= WIDTH


def _vertical(rows, ticks, scale_top, label, category_label):
    left = _vertical_left(ticks)
    top_margin = PAD + FONT * 1.5  # room for the value over the tallest bar
    plot_width = WIDTH - left - PAD
    width = WIDTH
    baseline = top_margin + PLOT_HEIGHT
    height = round(baseline + FONT * 1.5 + (FONT * 2 if category_label else 0) + PAD)
    parts = []
    for tick in ticks:
        y = baseline - PLOT_HEIGHT * tick / scale_top
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                round(left),
                round(left + plot_width),
                round(y, 1),
                round(y, 1),
                round(left - 6),
                round(y + FONT * 0.35, 1),
                _number(tick),
            )
        )
    column = plot_width / len(rows)
    bar = min(COLUMN_BAR, column * 0.7)
    for index, (category, value) in enumerate(rows):
        x = left + column * index + (column - bar) / 2
        bar_height = PLOT_HEIGHT * value / scale_top
        centre = x + bar / 2
        parts.append(
            format_html(
                '<g><title>{}: {}</title><rect class="bar" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text class="category" x="{}" y="{}" text-anchor="middle">{}</text></g>',
                category,
                _number(value),
                round(x, 1),
                round(baseline - bar_height, 1),
                round(bar, 1),
                round(bar_height, 1),
                round(centre, 1),
                round(baseline - bar_height - 5, 1),
                _number(value),
                round(centre, 1),
                round(baseline + FONT * 1.25, 1),
                category,
            )
        )
    parts.append(
        format_html(
            '<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            round(left),
            round(left + plot_width),
            round(baseline, 1),
            round(baseline, 1),
        )
    )
    if category_label:
        parts.append(
            format_html(
                '<text class="axis-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                round(left + plot_width / 2),
                round(baseline + FONT * 3.1),
                category_label,
            )
        )
    parts.append(
        format_html(
            '<text class="axis-label" x="{}" y="{}" text-anchor="middle" '
            'transform="rotate(-90 {} {})">{}</text>',
            PAD + FONT,
            round(baseline - PLOT_HEIGHT / 2),
            PAD + FONT,
            round(baseline - PLOT_HEIGHT / 2),
            label,
        )
    )
    return width, height, mark_safe("".join(parts))  # each part escaped above


def _horizontal(rows, ticks, scale_top, label, category_label):
    """Bars lying down, one row each. Short names (years, most countries)
    stand beside their bars; if any name is longer, every name is written
    above its bar, across the chart, wrapped to NAME_LINES lines."""
    widest = max(_text_width(category) for category, _value in rows)
    beside = widest <= BESIDE_MOST
    left = PAD + (widest + 8 if beside else 0)
    value_room = max(_text_width(_number(value)) for _category, value in rows) + 8
    plot_width = WIDTH - left - value_room - PAD
    names = [[name] if beside else wrap_name(name, WIDTH - 2 * PAD) for name, _value in rows]
    heights = [ROW if beside else len(lines) * LINE + ROW_BAR + 10 for lines in names]
    top_margin = PAD + (FONT * 1.5 if category_label else 0)
    baseline = top_margin + sum(heights)
    height = round(baseline + FONT * 1.5 + FONT * 2 + PAD)
    parts = []
    if category_label:
        parts.append(
            format_html(
                '<text class="axis-label" x="{}" y="{}">{}</text>',
                PAD,
                round(PAD + FONT),
                category_label,
            )
        )
    for tick in ticks:
        x = left + plot_width * tick / scale_top
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                round(x, 1),
                round(x, 1),
                round(top_margin),
                round(baseline),
                round(x, 1),
                round(baseline + FONT * 1.25, 1),
                _number(tick),
            )
        )
    y = top_margin
    for (category, value), lines, row_height in zip(rows, names, heights, strict=True):
        bar_width = plot_width * value / scale_top
        if beside:
            bar_y = y + (ROW - ROW_BAR) / 2
            name = format_html(
                '<text class="category" x="{}" y="{}" text-anchor="end">{}</text>',
                round(left - 8),
                round(bar_y + ROW_BAR / 2 + FONT * 0.35, 1),
                category,
            )
        else:
            bar_y = y + len(lines) * LINE + 5
            name = format_html(
                '<text class="category category-above" x="{}" y="{}">{}</text>',
                PAD,
                round(y + FONT, 1),
                format_html_join(
                    "",
                    '<tspan x="{}" dy="{}">{}</tspan>',
                    ((PAD, 0 if i == 0 else LINE, line) for i, line in enumerate(lines)),
                ),
            )
        parts.append(
            format_html(
                "<g><title>{}: {}</title>{}"
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="value" x="{}" y="{}">{}</text></g>',
                category,
                _number(value),
                name,
                round(left),
                round(bar_y, 1),
                round(bar_width, 1),
                ROW_BAR,
                round(left + bar_width + 5, 1),
                round(bar_y + ROW_BAR / 2 + FONT * 0.35, 1),
                _number(value),
            )
        )
        y += row_height
    parts.append(
        format_html(
            '<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            round(left),
            round(left),
            round(top_margin),
            round(baseline),
        )
    )
    parts.append(
        format_html(
            '<text class="axis-label" x="{}" y="{}" text-anchor="middle">{}</text>',
            round(left + plot_width / 2),
            round(baseline + FONT * 3),
            label,
        )
    )
    return WIDTH, height, mark_safe("".join(parts))  # each part escaped above


def per_year(counts):
    """(year, count) rows from {year: count}, with the years between filled
    with 0 so that a gap shows as a gap."""
    if not counts:
        return []
    years = range(min(counts), max(counts) + 1)
    return [(str(year), counts.get(year, 0)) for year in years]
