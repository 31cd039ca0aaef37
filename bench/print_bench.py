#!/usr/bin/env python
"""How long the printed summary of a long meeting takes, as HTML and as PDF.

Builds a throwaway SQLite database with the seed visit and one long meeting
(40 statements, 20 gifts, 12 photos), then renders the summary repeatedly
through Django's test client, as an anonymous reader: made afresh (the page
cache emptied before each request) and repeated (served from the page
cache), and prints the medians and their ratios.

    .venv/bin/python bench/print_bench.py [--runs 7] [--keep-pdf long.pdf]
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep-pdf", metavar="FILE", help="also write the long meeting's PDF")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="print-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
    )
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    meeting = build_long_meeting()
    client = Client(HTTP_HOST="127.0.0.1")

    def timed(url, fresh):
        """Median seconds of `url`: made afresh each time (the page cache
        emptied first) or served again from it after a first request."""
        times = []
        if not fresh:
            client.get(url)
        for _ in range(args.runs):
            if fresh:
                cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(times), response

    page = f"/en/meetings/{meeting.pk}/summary/"
    html, _ = timed(page, fresh=True)
    html_cached, _ = timed(page, fresh=False)
    pdf, response = timed(f"/en/meetings/{meeting.pk}/summary.pdf", fresh=True)
    pdf_cached, again = timed(f"/en/meetings/{meeting.pk}/summary.pdf", fresh=False)
    assert again.content == response.content
    if args.keep_pdf:
        Path(args.keep_pdf).write_bytes(response.content)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    print(f"long meeting: 40 statements, 20 gifts, 12 photos; {args.runs} runs each")
    print(f"HTML summary  fresh    median {html * 1000:8.1f} ms")
    print(f"HTML summary  repeated median {html_cached * 1000:8.1f} ms   (page cache)")
    size = len(response.content) / 1024
    print(f"PDF summary   fresh    median {pdf * 1000:8.1f} ms   ({size:.0f} KiB, {pages} pages)")
    print(f"PDF summary   repeated median {pdf_cached * 1000:8.1f} ms   (page cache)")
    print(f"ratio PDF/HTML fresh           {pdf / html:8.1f}")
    print(f"ratio PDF/HTML repeated        {pdf_cached / html_cached:8.1f}")


def build_long_meeting():
    import datetime
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    from municipalities.models import Person
    from visits.demo import load_seed
    from visits.models import Gift, Meeting, MeetingParticipant, Photo, Statement

    visit, _ = load_seed()
    host = visit.host
    meeting = Meeting.objects.create(
        visit=visit,
        title_en="Long working meeting on experience sharing",
        title_tr="Tecrübe paylaşımı üzerine uzun çalışma toplantısı",
        host=host,
        date=visit.start_date,
        start_time=datetime.time(14, 0),
        venue_en="TDBB headquarters",
        is_published=True,
    )
    speakers = []
    for n in range(10):
        person = Person.objects.create(name=f"Delegate {n + 1} Şahinoğlu", local_name="Қасым Ұлы")
        MeetingParticipant.objects.create(
            meeting=meeting,
            person=person,
            side="guest" if n % 2 else "host",
            organization=visit.guest if n % 2 else host,
            title_en="Advisor",
            order=n,
        )
        speakers.append(person)
    for n in range(40):
        Statement.objects.create(
            meeting=meeting,
            speaker=speakers[n % 10],
            order=n,
            text_en=(
                f"Statement {n + 1}. Turkestan, Üsküdar and Zeytinburnu will share their "
                "experience in tourism, heritage and city management. " * (2 + n % 4)
            ),
        )
    for n in range(20):
        Gift.objects.create(
            meeting=meeting,
            order=n,
            category="plaque" if n % 2 else "book",
            description_en=f"Gift {n + 1}: a plaque of the Şuşa declaration (Şuşa bəyannaməsi)",
            given_by_organization=host,
            given_to_person=speakers[n % 10],
        )
    for n in range(12):
        image = Image.new("RGB", (1600, 1066), (20 * n % 255, 90, 140))
        ImageDraw.Draw(image).text((40, 40), f"Photo {n + 1}", fill="white")
        raw = io.BytesIO()
        image.save(raw, "JPEG", quality=85)
        Photo.objects.create(
            meeting=meeting,
            order=n,
            caption_en=f"Family photo {n + 1}",
            image=SimpleUploadedFile(f"photo-{n + 1}.jpg", raw.getvalue()),
        )
    return meeting


if __name__ == "__main__":
    main()
