// Progress for large OKR imports. Without JavaScript the form posts normally and the page answers when done;
// with it, the upload shows a progress bar, then a note while the server checks and writes every row.
(function () {
  "use strict";
  var form = document.getElementById("okr-import");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var bar = document.getElementById("import-progress");
  var status = document.getElementById("import-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var file = data.get("file");
    var pasted = data.get("csv") || "";
    var size = file && file.size ? file.size : pasted.length;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    bar.value = 0;
    status.textContent = "Uploading " + Math.round(size / 1024) + " KB…";
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    };
    xhr.upload.onload = function () {
      bar.removeAttribute("value"); // indeterminate while the server works
      status.textContent = "Uploaded. Checking every row, then importing in one transaction…";
    };
    xhr.onload = function () {
      document.open();
      document.write(xhr.responseText);
      document.close();
    };
    xhr.onerror = function () {
      bar.hidden = true;
      status.textContent = "The upload failed. Check your connection and try again.";
    };
    xhr.send(data);
    form.querySelector("button[type=submit]").disabled = true;
  });
})();
