"""What the browser tests share: the system's Chromium, or a clear skip.

Import it at the top of a browser test module: it skips the module where
Playwright or Debian's chromium package is missing, and fails loudly instead
when REQUIRE_BROWSER is set (as .ci/run sets it).
"""

import os
import shutil

import pytest

pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not installed (pip install playwright)",
)
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
)
if CHROMIUM is None and os.environ.get("REQUIRE_BROWSER"):
    raise RuntimeError("REQUIRE_BROWSER is set but Debian's chromium package is not installed")
if CHROMIUM is None:
    pytest.skip(
        "Debian's chromium package is not installed (apt-get install chromium)",
        allow_module_level=True,
    )

# A loaded CI machine (two suites and their browsers on two cores) answers
# slower than a desk: assertions wait up to 15 s, not Playwright's 5 s.
from playwright.sync_api import expect  # noqa: E402

expect.set_options(timeout=15_000)

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
]


class PolicyViolations(list):
    """What Chromium refused under the Content-Security-Policy on a page, as it
    reports it on the console ("Refused to apply inline style …")."""

    def __init__(self, page):
        super().__init__()
        page.on("console", self._seen)

    def _seen(self, message):
        if "Content Security Policy" in message.text:
            self.append(f"{message.location.get('url', '')}: {message.text}")
