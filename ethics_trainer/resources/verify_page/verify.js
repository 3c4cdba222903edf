"use strict";
// Checks an Ethics Trainer certificate in the browser: Ed25519 via WebCrypto, the public keys
// and the revocation list embedded in this page. Nothing is sent anywhere (see the CSP).
const DATA = JSON.parse(document.getElementById("data").textContent);
let lang = "vi"; // Vietnamese first; the button switches to English
let last = null;

function t(key) { return (DATA.i18n[lang] || {})[key] || key; }
function $(id) { return document.getElementById(id); }

function bytesOfB64(text) {
  let s = text.replace(/-/g, "+").replace(/_/g, "/");
  while (s.length % 4) s += "=";
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function split(text) {
  // -> {message: Uint8Array, signature: Uint8Array} or null
  text = text.trim();
  if (text.startsWith("ET1|")) {
    const parts = text.normalize("NFC").split("|");
    if (parts.length !== 8) return null;
    return {
      message: new TextEncoder().encode(parts.slice(0, 7).join("|")),
      signature: bytesOfB64(parts[7]),
    };
  }
  const fragment = text.includes("#") ? text.slice(text.lastIndexOf("#") + 1) : text;
  if (!/^[A-Za-z0-9_-]+$/.test(fragment)) return null;
  const bytes = bytesOfB64(fragment);
  if (bytes.length <= 64) return null;
  return { message: bytes.slice(0, bytes.length - 64), signature: bytes.slice(bytes.length - 64) };
}

async function check(text) {
  let parts;
  try { parts = split(text); } catch (e) { parts = null; }
  if (!parts) return { status: "malformed" };
  let message;
  try { message = new TextDecoder("utf-8", { fatal: true }).decode(parts.message); }
  catch (e) { return { status: "malformed" }; }
  const p = message.split("|");
  if (p.length !== 7 || p[0] !== "ET1" || parts.signature.length !== 64) return { status: "malformed" };
  const fields = { number: p[1], name: p[2], course: p[3], date: p[4], hash: p[5], key: p[6] };
  const raw = DATA.keys[fields.key];
  if (!raw) return { status: "unknown_key", fields };
  if (!(window.crypto && crypto.subtle)) return { status: "unsupported", fields };
  let ok;
  try {
    const key = await crypto.subtle.importKey("raw", bytesOfB64(raw), { name: "Ed25519" }, false, ["verify"]);
    ok = await crypto.subtle.verify({ name: "Ed25519" }, key, parts.signature, parts.message);
  } catch (e) {
    return { status: "unsupported", fields };
  }
  if (!ok) return { status: "altered", fields };
  const revoked = DATA.revoked[fields.number];
  if (revoked) return { status: "revoked", fields, revoked };
  if (!(DATA.own || []).includes(fields.key)) return { status: "valid_elsewhere", fields };
  return { status: "valid", fields };
}

function showDate(iso) {
  const [y, m, d] = iso.split("-");
  return lang === "vi" ? `${d}/${m}/${y}` : iso;
}

function render() {
  document.documentElement.lang = lang;
  document.title = t("title");
  $("lang").textContent = t("other_language");
  $("org").textContent = DATA.org;
  $("title").textContent = t("title");
  for (const k of ["name", "course", "date", "number"]) $("l-" + k).textContent = t("field." + k);
  $("l-paste").textContent = t("paste");
  $("check").textContent = t("check");
  $("revoked-title").textContent = t("revoked_title").replace("{date}", showDate(DATA.written));
  $("privacy").textContent = t("privacy");
  const table = $("revoked");
  table.textContent = "";
  const numbers = Object.keys(DATA.revoked).sort();
  if (!numbers.length) {
    const row = table.insertRow();
    row.insertCell().textContent = t("revoked_none");
  }
  for (const number of numbers) {
    const row = table.insertRow();
    row.insertCell().textContent = number;
    row.insertCell().textContent = showDate(DATA.revoked[number].date);
    row.insertCell().textContent = DATA.revoked[number].reason;
  }
  const banner = $("banner");
  if (!last) {
    banner.className = "";
    banner.dataset.status = "none";
    banner.textContent = t("waiting");
    $("detail").textContent = "";
    $("fields").hidden = true;
    return;
  }
  const elsewhere = last.status === "valid_elsewhere"; // another trusted centre's key
  const valid = last.status === "valid" || elsewhere;
  const unknown = last.status === "unsupported"; // this browser cannot tell: say so, not "invalid"
  banner.className = elsewhere ? "elsewhere" : valid ? "valid" : unknown ? "" : "invalid";
  banner.dataset.status = last.status;
  banner.textContent = elsewhere ? t("valid_elsewhere") : valid ? t("valid") : unknown ? t("cannot_check") : t("not_valid");
  let detail = t("status." + last.status);
  if (elsewhere) detail = detail.replace("{key}", last.fields.key);
  if (last.revoked) {
    detail = detail.replace("{date}", showDate(last.revoked.date)).replace("{reason}", last.revoked.reason);
  }
  $("detail").textContent = detail;
  const shown = last.fields && (valid || last.status === "revoked");
  $("fields").hidden = !shown;
  if (shown) {
    const f = last.fields;
    $("f-name").textContent = f.name;
    $("f-course").textContent = DATA.courses[f.course] || f.course;
    $("f-date").textContent = showDate(f.date);
    $("f-number").textContent = f.number;
  }
}

async function run(text) {
  last = text ? await check(text) : null;
  render();
  document.body.dataset.done = "1";
}

$("lang").addEventListener("click", () => { lang = lang === "vi" ? "en" : "vi"; render(); });
$("check").addEventListener("click", () => run($("paste").value));
window.addEventListener("hashchange", () => run(location.hash.slice(1)));
run(location.hash.slice(1));
