/* On a phone the main navigation is one row that scrolls sideways (site.css):
   bring the current section into view when it lies past the right edge.
   Only the row scrolls, never the page. */
document.querySelectorAll(".site-nav ul").forEach(function (row) {
  var current = row.querySelector("[aria-current=page]");
  if (!current || row.scrollWidth <= row.clientWidth) return;
  var item = current.parentElement;
  var end = item.offsetLeft + item.offsetWidth;
  if (end > row.clientWidth - 24) row.scrollLeft = end - row.clientWidth + 32;
});
