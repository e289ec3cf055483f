// Coventure's only script, and an optional one: pages work without it.
// It shows recorded times in the reader's own time zone (the server writes UTC, which stays in the
// datetime attribute and the tooltip), in the server's one format with the zone named: "5 Mar 2026, 14:07 CET".
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var format = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    timeZoneName: "short"
  });
  document.querySelectorAll("time[datetime]").forEach(function (element) {
    var date = new Date(element.getAttribute("datetime"));
    if (isNaN(date.getTime())) { return; }
    element.title = element.textContent;
    element.textContent = format.format(date);
  });
});
