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

// Copy buttons: `<button class="copy" data-copy="#id" hidden>` copies the text of #id (the value of a text field).
// They start hidden, so that without this script nobody sees a button that does nothing.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var target = document.querySelector(button.getAttribute("data-copy"));
    if (!target || !navigator.clipboard) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = "value" in target && target.tagName !== "BUTTON" ? target.value : target.textContent;
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        button.textContent = "Select the text and copy it";
      });
    });
  });
});

// A key-result form shows only the fields its kind uses (`data-kinds` on the field's wrapper). A hidden field is
// also disabled, so that what the person cannot see is not sent; before a kind is chosen, every field shows.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form").forEach(function (form) {
    var kind = form.querySelector("select[name=kind]");
    var fields = form.querySelectorAll("[data-kinds]");
    if (!kind || fields.length === 0) { return; }
    function update() {
      fields.forEach(function (field) {
        var shown = kind.value === "" || field.getAttribute("data-kinds").split(" ").indexOf(kind.value) >= 0;
        field.hidden = !shown;
        field.querySelectorAll("input, textarea, select").forEach(function (input) { input.disabled = !shown; });
      });
    }
    kind.addEventListener("change", update);
    update();
  });
});
