// "Verify in your browser": checks, with Web Crypto and without trusting the server's own check,
// (1) that an entry's inclusion path leads to the checkpoint's root (SHA-256, RFC 9162 §2.1.3.2), and
// (2) that the checkpoint (C2SP tlog-checkpoint in a signed note) carries a valid Ed25519 signature by the
// server's verifier key, the key a reader should compare with the one they pinned.
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

  // A signed note: its text (up to and including the newline before the blank line) and its signature lines.
  function parseNote(note) {
    var split = note.lastIndexOf("\n\n");
    if (split < 0) { return null; }
    return {
      text: note.slice(0, split + 1),
      signatures: note.slice(split + 2).split("\n").filter(function (line) { return line.length > 0; })
    };
  }

  // "<name>+<8 hex key id>+<base64(0x01 || 32-byte Ed25519 public key)>"; base64 may itself hold "+".
  function parseVerifierKey(key) {
    var first = key.indexOf("+"), second = key.indexOf("+", first + 1);
    if (first <= 0 || second < 0) { return null; }
    var bytes = fromBase64(key.slice(second + 1));
    if (bytes.length !== 33 || bytes[0] !== 1) { return null; }
    return { name: key.slice(0, first), keyID: key.slice(first + 1, second), publicKey: bytes.slice(1) };
  }

  // Whether one of the note's signature lines ("— <name> <base64(key id || signature)>") is a valid Ed25519
  // signature of the note's text by `key`. Throws when the browser has no Ed25519.
  async function signedBy(note, key) {
    var publicKey = await crypto.subtle.importKey("raw", key.publicKey, { name: "Ed25519" }, false, ["verify"]);
    var prefix = "\u2014 " + key.name + " ";
    for (var i = 0; i < note.signatures.length; i++) {
      var line = note.signatures[i];
      if (line.indexOf(prefix) !== 0) { continue; }
      var bytes = fromBase64(line.slice(prefix.length));
      if (bytes.length !== 68 || toHex(bytes.slice(0, 4)) !== key.keyID) { continue; }
      if (await crypto.subtle.verify({ name: "Ed25519" }, publicKey, bytes.slice(4), new TextEncoder().encode(note.text))) {
        return true;
      }
    }
    return false;
  }

  async function verify(box) {
    var proofText = box.dataset.proof;
    var proof = proofText ? proofText.split(",").map(fromBase64) : [];
    var size = box.dataset.size;
    var root = await rootFromProof(fromBase64(box.dataset.leaf), Number(box.dataset.index), Number(size), proof);
    if (root === null || toHex(root) !== box.dataset.root) {
      return { ok: false, text: "NOT verified: the inclusion path from this entry does not lead to the checkpoint's root." };
    }
    var note = parseNote(box.dataset.note || "");
    var lines = note ? note.text.split("\n") : [];
    if (!note || lines[1] !== size || lines[2] !== btoa(String.fromCharCode.apply(null, root))) {
      return { ok: false, text: "NOT verified: the signed checkpoint does not state size " + size + " and this root." };
    }
    var key = parseVerifierKey(box.dataset.verifierKey || "");
    if (!key) { return { ok: false, text: "NOT verified: the server's verifier key cannot be read." }; }
    var signed;
    try {
      signed = await signedBy(note, key);
    } catch (error) {
      return { ok: false, text: "Only half verified: the inclusion path leads to root " + toHex(root) + " of the checkpoint at size " + size +
        ", but this browser cannot check Ed25519 signatures; check the signature with coventure verify." };
    }
    if (!signed) {
      return { ok: false, text: "NOT verified: the checkpoint carries no valid signature by the server's verifier key " + key.name + "+" + key.keyID + "." };
    }
    return { ok: true, text: "Verified, both ways: (1) the inclusion path from this entry's bytes leads to root " + toHex(root) +
      ", the root of the checkpoint at size " + size + "; (2) that checkpoint's Ed25519 signature verifies with the server's verifier key " +
      key.name + "+" + key.keyID + ". Compare that key with the one you pinned." };
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
      var outcome;
      try {
        outcome = await verify(box);
      } catch (error) {
        outcome = { ok: false, text: "NOT verified: " + error.message };
      }
      box.classList.toggle("verified", outcome.ok);
      box.classList.toggle("failed", !outcome.ok);
      result.textContent = outcome.text;
    });
  });
})();
