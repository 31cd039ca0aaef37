"""Submit admin forms the way a browser would: read the rendered form, change a
few fields, post the rest as they were."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self.texts = []  # names of the free-text inputs and text areas
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
            # Text inputs long enough for a phrase (not a currency code).
            long_enough = int(attrs.get("maxlength") or 1000) >= 100
            if (
                kind == "text"
                and "vTextField" in (attrs.get("class") or "").split()
                and long_enough
            ):
                self.texts.append(name)
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self.data.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.texts.append(name)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.data.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, text = self._textarea
            self.data.append((name, text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_data(response, form_id=None):
    """The fields of the admin form in `response`, as a browser would post them."""
    if form_id is None:
        model = response.context["opts"].model_name
        form_id = f"{model}_form"
    return form_fields(response.content.decode(), form_id)


def form_fields(html, form_id):
    """The fields of the form `form_id` in `html`: {name: [values]}."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


def text_field_names(html, form_id):
    """The names of the free-text fields (text inputs and areas) of the form `form_id`."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.texts


def post_form(client, url, changes=None, **kwargs):
    """GET the admin form at `url`, apply `changes`, POST it back."""
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response)
    for name, value in (changes or {}).items():
        data[name] = value if isinstance(value, list) else [value]
    return client.post(url, data, **kwargs)
