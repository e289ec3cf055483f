// "Verify in your browser": recomputes an entry's inclusion path to the signed root with Web Crypto's SHA-256,
// following RFC 9162 §2.1.3.2, so a reader need not trust the server's own check.
"use strict";
(function () {
  function fromBase64(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }
  function toHex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function concat(prefix, a, b) {
    var out = new Uint8Array(1 + a.length + (b ? b.length : 0));
    out[0] = prefix; out.set(a, 1); if (b) { out.set(b, 1 + a.length); }
    return out;
  }
  async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)); }

  async function rootFromProof(leaf, index, size, proof) {
    if (index >= size) { return null; }
    var fn = index, sn = size - 1;
    var r = await sha256(concat(0, leaf));
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0) { return null; }
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat(1, proof[i], r));
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await sha256(concat(1, r, proof[i]));
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("verify");
    var button = document.getElementById("verify-button");
    var result = document.getElementById("verify-result");
    if (!box || !button || !result) { return; }
    button.addEventListener("click", async function () {
      if (!window.crypto || !crypto.subtle) {
        result.textContent = "This browser cannot compute SHA-256 here (Web Crypto needs https or localhost).";
        return;
      }
      var proofText = box.dataset.proof;
      var proof = proofText ? proofText.split(",").map(fromBase64) : [];
      var root = await rootFromProof(fromBase64(box.dataset.leaf), Number(box.dataset.index), Number(box.dataset.size), proof);
      var ok = root !== null && toHex(root) === box.dataset.root;
      box.classList.toggle("verified", ok);
      box.classList.toggle("failed", !ok);
      result.textContent = ok
        ? "Verified: this entry is in the log of size " + box.dataset.size + " under root " + toHex(root) + "."
        : "NOT verified: the proof does not lead to the signed root.";
    });
  });
})();
