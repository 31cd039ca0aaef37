/* The admin's related-object popups ("add another", "change", lookups) open
   at 800 × 500 px, which cuts off the last columns of their inlines (a post's
   "until", a signatory's delete box). Django opens them with window.open and
   these exact features (admin/js/admin/RelatedObjectLookups.js): those calls
   get a window as large as the screen allows, up to 1280 × 900 px. */
"use strict";
(function() {
    const djangoPopup = "height=500,width=800,resizable=yes,scrollbars=yes";
    const open = window.open;
    window.open = function(url, name, features) {
        if (features === djangoPopup) {
            const width = Math.min(1280, Math.max(800, window.screen.availWidth - 40));
            const height = Math.min(900, Math.max(500, window.screen.availHeight - 80));
            features = `height=${height},width=${width},resizable=yes,scrollbars=yes`;
        }
        return open.call(window, url, name, features);
    };
})();

/* A person added from a row's "+" (a delegation member, a participant, a
   speaker, a signatory) comes with what the row already knows: its
   organisation and title fill the new person's post on the popup's form
   (PersonAdmin's add form reads them from the address). Runs before
   Django's own click handler opens the popup with the link's address. */
document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest(
        "a.add-related[id^='add_id_'][id$='-person'], a.add-related[id^='add_id_'][id$='-speaker']");
    if (!link) {
        return;
    }
    const row = link.id.slice("add_id_".length).replace(/(person|speaker)$/, "");
    const url = new URL(link.href, window.location.href);
    const known = {organization: "post_organization", title_en: "post_title_en", title_tr: "post_title_tr"};
    for (const [field, parameter] of Object.entries(known)) {
        const input = document.getElementById(`id_${row}${field}`);
        if (input && input.value.trim()) {
            url.searchParams.set(parameter, input.value.trim());
        } else {
            url.searchParams.delete(parameter);
        }
    }
    link.href = url.pathname + url.search;
}, true);
