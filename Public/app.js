// Coventure's only script, and an optional one: pages work without it.
// It shows recorded times in the reader's own time zone (the server writes UTC, which stays in the
// datetime attribute and the tooltip).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  document.querySelectorAll("time[datetime]").forEach(function (element) {
    var date = new Date(element.getAttribute("datetime"));
    if (isNaN(date.getTime())) { return; }
    element.title = element.textContent;
    element.textContent = format.format(date);
  });
});
