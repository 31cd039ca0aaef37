"""Reading the sitemap as a crawler does: the index, then every file it lists."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_files(client, **extra):
    """[(path, response)] of every file the index /sitemap.xml lists."""
    index = client.get("/sitemap.xml", **extra)
    assert index.status_code == 200
    root = ET.fromstring(index.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    files = []
    for loc in root.iter(f"{SITEMAP}loc"):
        parts = urlsplit(loc.text)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path, **extra)
        assert response.status_code == 200, path
        files.append((path, response))
    return files


def sitemap_text(client, **extra):
    """The index and every file it lists, as one text."""
    index = client.get("/sitemap.xml", **extra).content.decode()
    return index + "".join(r.content.decode() for _path, r in sitemap_files(client, **extra))
