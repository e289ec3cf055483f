// Live updates (issue #17), optional like every script here: a page that carries a live marker
// (<div data-live="/initiatives/…/live" hidden>, Live/LiveController.swift) listens to its initiative's stream of
// changes (Server-Sent Events) and, when something is recorded — on whichever server node — fetches the page again
// and puts its new content in place, without a reload. It never throws away what someone is typing: while a form on
// the page has been changed or has the focus, it shows a notice with a button instead.
"use strict";
(function () {
  var marker = document.querySelector("[data-live]");
  if (!marker || !window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var main = document.getElementById("main");
  if (!main) { return; }

  var notice = null;
  var pending = false;
  var busy = false;

  function editing() {
    var active = document.activeElement;
    if (active && main.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) { return true; }
    var fields = main.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "hidden" || field.type === "submit") { continue; }
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) { return true; }
      } else if (field.tagName === "SELECT") {
        // A single select with no option marked selected shows its first: that is its initial state too.
        var initial = field.multiple ? -1 : 0;
        for (var j = 0; j < field.options.length; j++) {
          if (field.multiple && field.options[j].selected !== field.options[j].defaultSelected) { return true; }
          if (field.options[j].defaultSelected) { initial = j; break; }
        }
        if (!field.multiple && field.selectedIndex !== initial) { return true; }
      } else if (field.value !== field.defaultValue) {
        return true;
      }
    }
    return false;
  }

  function showNotice() {
    if (notice) { return; }
    notice = document.createElement("div");
    notice.className = "live-notice";
    notice.setAttribute("role", "status");
    var text = document.createElement("span");
    text.textContent = "Something changed since you opened this page. ";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Show it";
    button.addEventListener("click", function () { window.location.reload(); });
    notice.appendChild(text);
    notice.appendChild(button);
    main.insertBefore(notice, main.firstChild);
  }

  function refresh() {
    if (busy) { pending = true; return; }
    if (editing()) { showNotice(); return; }
    busy = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || editing()) { if (html !== null) { showNotice(); } return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("main");
        if (!fresh) { return; }
        var scroll = window.scrollY;
        main.innerHTML = fresh.innerHTML;
        notice = null;
        window.scrollTo(0, scroll);
        // Times and copy buttons of the new content, as app.js does on load.
        document.dispatchEvent(new CustomEvent("coventure:content"));
      })
      .catch(function () { /* the next change tries again */ })
      .then(function () {
        busy = false;
        if (pending) { pending = false; refresh(); }
      });
  }

  var source = new EventSource(marker.getAttribute("data-live"));
  var timer = null;
  source.addEventListener("change", function () {
    // Several changes in a burst (a group commit, an import) are one refresh.
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { timer = null; refresh(); }, 150);
  });
})();
