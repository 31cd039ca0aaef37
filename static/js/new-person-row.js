/* A row's "or a new person" box (municipalities/rowentry.py) sits under the
   person box, in the same cell, instead of a column of its own: the rows of a
   delegation or a meeting keep their organisation and title in view on a
   1280 px screen. Without this script the box keeps its own column. */
"use strict";
(function() {
    function fold(scope) {
        scope.querySelectorAll("td.field-new_person").forEach((cell) => {
            const person = cell.parentElement.querySelector("td.field-person");
            if (!person) {
                return;
            }
            const box = document.createElement("div");
            box.className = "new-person-under";
            while (cell.firstChild) {
                box.appendChild(cell.firstChild);
            }
            person.appendChild(box);
            cell.remove();
        });
    }

    function foldHeading(table) {
        const heading = table.querySelector("thead th.column-new_person");
        if (!heading) {
            return;
        }
        const person = table.querySelector("thead th.column-person");
        if (person) {
            // The column's heading names both ways in: "Person / or a new person".
            const other = document.createElement("span");
            other.className = "new-person-heading";
            const lang = document.documentElement.lang || undefined;
            other.textContent = " / " + heading.textContent.trim().toLocaleLowerCase(lang);
            person.appendChild(other);
        }
        heading.remove();
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("div.tabular table").forEach((table) => {
            if (table.querySelector("td.field-new_person")) {
                foldHeading(table);
                fold(table);
            }
        });
    });
    // A row added with "Add another" is a copy of the template row, already folded.
})();
