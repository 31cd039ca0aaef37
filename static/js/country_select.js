// The admin's country select (portal/countries.py CountrySelect): Django's
// bundled select2, where what a clerk types is matched against every name
// of a country — English, Turkish, code and aliases — kept folded on each
// option's data-names. The fold is search's fold_letters() (portal/search.py):
// lower case, diacritics dropped, ı and İ one letter.
"use strict";
{
    const $ = django.jQuery;
    const LETTERS = {"ı": "i", "ə": "e", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "ŋ": "n",
        "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
        "ҳ": "х", "ў": "у", "җ": "ж", "ҙ": "з", "ҫ": "с", "ё": "е", "й": "и"};

    function fold(text) {
        return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
            .replace(/['’‘ʻʼ`´]/g, "")
            .replace(/[ıəæøđłœŋәғқңөұүһіҳўҗҙҫёй]/g, (c) => LETTERS[c])
            .split(/[^0-9a-z\u0400-\u04ff]+/).filter(Boolean);
    }

    function matcher(params, data) {
        const words = fold(params.term || "");
        if (!words.length) {
            return data;
        }
        if (!data.element || !data.element.dataset.names) {
            return null;
        }
        const names = data.element.dataset.names.split(" | ");
        const found = names.some((name) => words.every((word) => name.includes(word)));
        return found ? data : null;
    }

    function init(select) {
        $(select).select2({matcher: matcher, theme: "admin-autocomplete", width: "28em",
            allowClear: !select.required, placeholder: "---------"});
        // Long names whole on a wide screen, and never wider than a phone's.
        $(select).next(".select2-container").css("max-width", "100%");
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("select.country-select:not([name*=__prefix__])").forEach(init);
    });
    document.addEventListener("formset:added", (event) => {
        event.target.querySelectorAll("select.country-select").forEach(init);
    });
}
