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
