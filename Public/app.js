// Coventure's only script, and an optional one: pages work without it.
// It shows recorded times in the reader's own time zone (the server writes UTC, which stays in the
// datetime attribute and the tooltip), in the server's one format with the zone named ("5 Mar 2026, 14:07 CET"),
// and makes copy buttons work.
"use strict";
function localTimes() {
  var format = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    timeZoneName: "short"
  });
  document.querySelectorAll("time[datetime]:not([data-local])").forEach(function (element) {
    var date = new Date(element.getAttribute("datetime"));
    if (isNaN(date.getTime())) { return; }
    element.title = element.textContent;
    element.textContent = format.format(date);
    element.setAttribute("data-local", "");
  });
}
// live.js puts a page's new content in place and says so: its times are shown the same way.
document.addEventListener("coventure:content", localTimes);
document.addEventListener("DOMContentLoaded", function () {
  localTimes();

  // <button type="button" class="copy" data-copy="#element-id" hidden>Copy</button> (Web/CopyButton.swift):
  // shown only where the clipboard can be written; copies the target's text and says so for a moment.
  if (!navigator.clipboard || !navigator.clipboard.writeText) { return; }
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var target = document.querySelector(button.getAttribute("data-copy"));
    if (!target) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      // A text field's text is its value (the invitation message); any other element's, its content.
      var text = target.tagName === "TEXTAREA" || target.tagName === "INPUT" ? target.value : target.textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = "Copied";
        button.classList.add("copied");
        setTimeout(function () { button.textContent = label; button.classList.remove("copied"); }, 2000);
      }, function () {
        button.textContent = "Select the text to copy it";
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
