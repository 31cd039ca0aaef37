/* The glossary fills the other language of a title or an organisation name.

   Inputs marked by GlossaryFieldsMixin (portal/glossary.py) carry
   data-glossary (the kind of terms: "title", "pattern"),
   data-glossary-language ("en", "tr") and data-glossary-url (the admin's
   lookup.json). When a clerk types into one and its other language (the same
   name with _en and _tr swapped) is empty, the typed text is looked up as
   portal/glossary.py's Glossary.translate looks it up, and what is found
   fills the other field, marked "From the glossary — check" beside it. The
   mark goes when the clerk edits that field; a field the clerk typed in is
   never overwritten, and a proposal whose source changes is replaced (or
   taken back when nothing matches any more). Events are caught on the
   document, so rows added with "Add another" work too. */
"use strict";
(function() {
    const PLACEHOLDER = "{name}";
    const DELAY = 250;  // ms after the last key: the proposal follows the typing
    let glossary = null;  // a promise of {note, kinds}

    function load(url) {
        if (glossary === null) {
            glossary = fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
                .then(response => (response.ok ? response.json() : null))
                .catch(() => null);
        }
        return glossary;
    }

    // As squeeze() and fold() in portal/glossary.py: spaces squeezed;
    // i, ı, İ and I one letter; lower case. One character for one.
    function squeeze(text) {
        return (text || "").normalize("NFC").split(/\s+/).filter(Boolean).join(" ");
    }

    function fold(text) {
        return squeeze(text).replace(/[İIı]/g, "i").toLowerCase();
    }

    function translate(tables, kind, text, to) {
        const source = to === "en" ? "tr" : "en";
        const table = tables[kind] && tables[kind][source];
        const typed = squeeze(text);
        const key = fold(typed);
        if (!table || !key) {
            return "";
        }
        if (Object.prototype.hasOwnProperty.call(table.exact, key)) {
            return table.exact[key];
        }
        for (const [prefix, suffix, target] of table.patterns) {
            if (key.length > prefix.length + suffix.length
                && key.startsWith(prefix) && key.endsWith(suffix)) {
                const name = typed.slice(prefix.length, typed.length - suffix.length).trim();
                if (name) {
                    return target.replace(PLACEHOLDER, name);
                }
            }
        }
        return "";
    }

    function partnerOf(input) {
        const language = input.dataset.glossaryLanguage;
        const other = language === "en" ? "tr" : "en";
        const suffix = "_" + language;
        if (!input.name.endsWith(suffix) || !input.form) {
            return null;
        }
        const name = input.name.slice(0, -suffix.length) + "_" + other;
        const partner = input.form.elements.namedItem(name);
        return partner instanceof HTMLInputElement ? partner : null;
    }

    // Beside the input in a table row; below its line on an aligned form,
    // where the label and the input share a flex row (.fieldBox).
    function anchorOf(input) {
        const parent = input.parentElement;
        return parent && parent.classList.contains("fieldBox") ? parent : input;
    }

    function noteOf(input) {
        const next = anchorOf(input).nextElementSibling;
        return next && next.classList.contains("glossary-filled") ? next : null;
    }

    function unmark(input) {
        const note = noteOf(input);
        if (note) {
            note.remove();
        }
        input.classList.remove("glossary-proposed");
        input.removeAttribute("aria-describedby");
    }

    function mark(input, text) {
        let note = noteOf(input);
        if (!note) {
            note = document.createElement("span");
            note.className = "glossary-filled";
            note.id = input.id ? input.id + "-glossary" : "";
            anchorOf(input).after(note);
        }
        note.textContent = text;
        input.classList.add("glossary-proposed");
        if (note.id) {
            input.setAttribute("aria-describedby", note.id);
        }
    }

    function propose(input) {
        const partner = partnerOf(input);
        if (!partner) {
            return;
        }
        const ours = partner.classList.contains("glossary-proposed");
        if (partner.value.trim() && !ours) {
            return;  // the clerk's own text
        }
        load(input.dataset.glossaryUrl).then(data => {
            if (!data || (partner.value.trim() && !partner.classList.contains("glossary-proposed"))) {
                return;
            }
            const other = partner.dataset.glossaryLanguage;
            const found = translate(data.kinds, input.dataset.glossary, input.value, other);
            if (found) {
                partner.value = found;
                mark(partner, data.note);
            } else if (partner.classList.contains("glossary-proposed")) {
                partner.value = "";
                unmark(partner);
            }
        });
    }

    const timers = new WeakMap();
    document.addEventListener("input", event => {
        const input = event.target;
        if (!(input instanceof HTMLInputElement) || !input.dataset.glossary) {
            return;
        }
        // The clerk edits a proposal: it is theirs now.
        if (input.classList.contains("glossary-proposed")) {
            unmark(input);
        }
        clearTimeout(timers.get(input));
        timers.set(input, setTimeout(() => propose(input), DELAY));
    });

    // Fetch the glossary once a form that uses it is shown.
    document.addEventListener("DOMContentLoaded", () => {
        const first = document.querySelector("input[data-glossary]");
        if (first) {
            load(first.dataset.glossaryUrl);
        }
    });
})();
