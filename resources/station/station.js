// The check-in station's page (issue 17 item 7; the hub's side: desktop/core/venue/station.py).
// Every call is sealed with the station's key (secretbox, tweetnacl-js); the key comes from the
// address's fragment (#s=<station>&k=<key>), which the browser never sends to the hub. It is kept
// in this browser's storage for this hub's address only and taken out of the address bar, so the
// browser's history holds no key; a removed station's key is forgotten at its first refusal.
"use strict";

(function () {
  const CALL_PATH = "/venue/v1/station";
  const STORE = "hadir.station";
  const SEARCH_DELAY_MS = 250;
  const COUNT_EVERY_MS = 15000;
  const EXACT_NUMBER_DIGITS = 9; // as the desk's scan field: a number this long is checked in

  // The desk's sentences for what a check-in can be refused for: a copy of desktop/ui/i18n.py
  // code_text, word for word (tests/sync/test_venue_station.py compares them).
  const SENTENCES = {
    empty: "NIP atau NIK belum diisi.",
    not_digits: "\u201c{raw}\u201d bukan NIP: NIP hanya berisi angka.",
    legacy_nip: "{raw} adalah NIP lama (9 digit) yang tidak berlaku lagi. Minta NIP 18 digit.",
    bad_length: "Nomor ini {length} digit. NIP dan NI PPPK 18 digit, NIK 16 digit.",
    bad_birth_date: "NIP {raw} tidak valid: 8 digit pertama bukan tanggal lahir yang benar.",
    bad_gender: "NIP {raw} tidak valid: digit ke-15 harus 1 (laki-laki) atau 2 (perempuan).",
    bad_sequence: "NIP {raw} tidak valid: 3 digit terakhir tidak boleh 000.",
    bad_tmt: "NIP {raw} tidak valid: digit ke-9 sampai ke-14 bukan TMT CPNS yang benar.",
    implausible_age: "NIP {raw} tidak valid: tahun lahir dan tahun pengangkatan tidak masuk akal.",
    bad_region: "NIK {raw} tidak valid: dua digit pertama bukan kode provinsi.",
    not_registered: "{number} tidak terdaftar di acara ini.",
    badge_other_event: "Kode undangan acara lain: {title}.",
    badge_other_event_unknown: "Kode undangan acara lain, yang tidak ada di meja ini.",
    badge_code_unknown: "Kode undangan ini tidak cocok dengan peserta acara ini (salah ketik?).",
    badge_code_ambiguous: "Kode undangan ini cocok untuk lebih dari satu peserta: cari nama atau NIP.",
    not_found: "Data tersebut tidak ada di meja ini.",
    day_required: "Hari ini bukan hari acara: pilih harinya.",
    bad_day: "Hari {day} bukan hari acara ini.",
    already_undone: "Check-in tersebut sudah dibatalkan.",
    station_undo_refused:
      "Stasiun ini hanya dapat membatalkan check-in yang dicatatnya dalam 10 menit terakhir. " +
      "Batalkan yang lain di meja.",
  };

  const $ = (id) => document.getElementById(id);
  let station = null; // {s, k}
  let key = null;
  let clockOffset = 0; // seconds to add to this phone's clock (the hub's answer says)
  let events = [];
  let searchTimer = null;
  let searchSeq = 0;

  // ------------------------------------------------------------------ bytes

  function b64urlToBytes(text) {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    return b64ToBytes(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  }
  function b64ToBytes(b64) {
    const raw = atob(b64);
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function bytesToB64(bytes) {
    let raw = "";
    for (let i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw);
  }
  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ------------------------------------------------------------------ the key

  function readStation() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    let found = null;
    if (params.get("s") && params.get("k")) {
      found = { s: params.get("s"), k: params.get("k") };
      try { localStorage.setItem(STORE, JSON.stringify(found)); } catch (e) { /* private mode */ }
      history.replaceState(null, "", location.pathname);
    } else {
      try { found = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { found = null; }
    }
    if (!found) return null;
    try {
      const bytes = b64urlToBytes(found.k);
      if (bytes.length !== nacl.secretbox.keyLength) return null;
      key = bytes;
    } catch (e) {
      return null;
    }
    return found;
  }

  function forget() {
    try { localStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
  }

  // ------------------------------------------------------------------ sealed calls

  class Refused extends Error {}
  class Unreachable extends Error {}

  function seal(value) {
    const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
    const box = nacl.secretbox(new TextEncoder().encode(JSON.stringify(value)), nonce, key);
    const out = new Uint8Array(nonce.length + box.length);
    out.set(nonce);
    out.set(box, nonce.length);
    return bytesToB64(out);
  }

  function open(sealed) {
    const bytes = b64ToBytes(sealed);
    const nonceLength = nacl.secretbox.nonceLength;
    const plain = nacl.secretbox.open(bytes.subarray(nonceLength), bytes.subarray(0, nonceLength), key);
    if (!plain) throw new Refused("the answer does not open");
    return JSON.parse(new TextDecoder().decode(plain));
  }

  async function call(op, body, retried) {
    const rid = hex(nacl.randomBytes(16));
    const inner = { op: op, rid: rid, ts: Date.now() / 1000 + clockOffset, body: body };
    let response;
    try {
      response = await fetch(CALL_PATH, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ s: station.s, box: seal(inner) }),
        cache: "no-store",
      });
    } catch (e) {
      throw new Unreachable(String(e));
    }
    if (response.status === 401) throw new Refused("refused");
    if (!response.ok) throw new Unreachable("HTTP " + response.status);
    const answer = open((await response.json()).box);
    // The hub's answer to this very call: not an old answer, nor this page's own call sent back.
    if (answer.rid !== rid || answer.to !== "station") throw new Refused("an answer to another call");
    if (answer.body && answer.body.code === "station_clock" && !retried) {
      clockOffset = answer.body.hub_time - Date.now() / 1000;
      return call(op, body, true);
    }
    return answer.body;
  }

  // ------------------------------------------------------------------ what is shown

  function block(text) {
    $("station").hidden = true;
    const notice = $("blocked");
    notice.textContent = text;
    notice.hidden = false;
  }

  function failed(error) {
    if (error instanceof Refused) {
      forget();
      block(
        "Stasiun ini tidak dikenal oleh hub: mungkin sudah dihapus, atau alamatnya salah. " +
          "Minta kode QR stasiun yang baru di meja hub."
      );
    } else {
      showCard("error", "HUB TIDAK MENJAWAB", "", "",
        "Periksa Wi-Fi ponsel ini (harus jaringan yang sama dengan meja hub), lalu coba lagi.");
    }
  }

  function sentence(error) {
    const template = SENTENCES[error.code];
    if (!template) return "Tidak dapat dilakukan: " + (error.message || error.code);
    return template.replace(/\{(\w+)\}/g, (_, name) => String((error.params || {})[name] ?? ""));
  }

  function showCard(kind, title, when, name, message, number, info, undoable) {
    const card = $("card");
    const undo = $("undo");
    undo.hidden = !undoable;
    undo.dataset.checkin = undoable || "";
    card.className = "card " + kind;
    $("card-title").textContent = title;
    $("card-when").textContent = when || "";
    $("card-name").textContent = name || "";
    $("card-number").textContent = number || "";
    $("card-info").textContent = info || "";
    $("card-message").textContent = message || "";
    card.hidden = false;
  }

  function info(person) {
    return [person.golongan, person.instansi].filter(Boolean).join(" \u00b7 ");
  }

  function showHits(hits) {
    const list = $("hits");
    list.replaceChildren();
    for (const person of hits) {
      const item = document.createElement("li");
      const who = document.createElement("div");
      who.className = "person";
      const name = document.createElement("div");
      name.className = "name";
      name.textContent = person.name;
      const detail = document.createElement("div");
      detail.className = "detail";
      detail.textContent = [person.number, info(person)].filter(Boolean).join(" \u00b7 ");
      who.append(name, detail);
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Check-in";
      button.addEventListener("click", () => checkIn(person.name, person.participant));
      item.append(who, button);
      list.append(item);
    }
  }

  function showCount(count) {
    if (count) $("count").textContent = `Hadir: ${count.present} dari ${count.registered} terdaftar`;
  }

  function showResult(answer) {
    showCount(answer.count);
    const person = answer.person;
    if (answer.outcome === "checked_in") {
      showHits([]);
      showCard("present", "HADIR", "pukul " + answer.time, person.name,
        "Tercatat hadir. Silakan pindai peserta berikutnya.", person.number, info(person),
        answer.checkin);
    } else if (answer.outcome === "undone") {
      showHits([]);
      showCard("undone", "DIBATALKAN", "check-in pukul " + answer.time, person.name,
        "Kehadiran ini dibatalkan. Pindai lagi bila ternyata hadir.", person.number, info(person));
    } else if (answer.outcome === "already_checked_in") {
      showHits([]);
      showCard("already", "SUDAH HADIR", `pukul ${answer.time} (${answer.desk})`, person.name,
        `Sudah hadir pukul ${answer.time} (${answer.desk}). Tidak dicatat dua kali.`,
        person.number, info(person));
    } else if (answer.outcome === "choose") {
      showHits(answer.hits);
      showCard("choose", "PILIH PESERTA", "", `${answer.hits.length} peserta cocok.`,
        "Ketuk \u201cCheck-in\u201d pada orangnya, atau ketik lebih lengkap.");
    } else if (answer.outcome === "no_match") {
      showHits([]);
      showCard("error", "TIDAK DITEMUKAN", "",
        `Tidak ada peserta \u201c${answer.query}\u201d di acara ini.`,
        "Periksa ejaannya, atau daftarkan di meja sebagai peserta baru.");
    } else {
      const error = answer.error || {};
      const title = error.family === "not_registered" ? "BELUM TERDAFTAR"
        : error.family === "identity" ? "NOMOR TIDAK VALID" : "TIDAK BISA";
      const message = error.family === "not_registered"
        ? "Periksa nomornya, atau daftarkan di meja sebagai peserta baru."
        : "Periksa lalu pindai atau ketik ulang.";
      showHits([]);
      showCard("error", title, "", sentence(error), message);
    }
  }

  // ------------------------------------------------------------------ actions

  function chosen() {
    const day = $("day").value;
    return { event: $("event").value, day: day ? Number(day) : null };
  }

  // One check-in after another, none dropped: a scanner may send the next code before the hub
  // has answered the last.
  let queue = Promise.resolve();
  function checkIn(entry, participant) {
    clearTimeout(searchTimer);
    searchSeq++;
    queue = queue.then(() => sendCheckIn(entry, participant));
    return queue;
  }

  async function sendCheckIn(entry, participant) {
    const { event, day } = chosen();
    try {
      const answer = await call("checkin", { event: event, day: day, entry: entry, participant: participant || null });
      showResult(answer);
      // Several people match: the text comes back to be typed on (unless a scan came meanwhile).
      if (answer.outcome === "choose" && !$("entry").value) $("entry").value = entry;
    } catch (error) {
      failed(error);
    } finally {
      $("entry").focus();
    }
  }

  function undoLast() {
    const checkin = $("undo").dataset.checkin;
    if (!checkin) return;
    $("undo").hidden = true;
    queue = queue.then(async () => {
      try {
        showResult(await call("undo", { checkin: checkin }));
      } catch (error) {
        failed(error);
      } finally {
        $("entry").focus();
      }
    });
  }

  async function search(query) {
    const mine = ++searchSeq;
    try {
      const answer = await call("search", { event: chosen().event, query: query });
      if (mine !== searchSeq) return; // a newer search or a check-in came meanwhile
      showHits(answer.hits || []);
    } catch (error) {
      if (mine === searchSeq) failed(error);
    }
  }

  function digits(text) {
    return text.replace(/[\s.\-]/g, "");
  }

  function typed() {
    clearTimeout(searchTimer);
    const query = $("entry").value.trim();
    if (query.length < 2 || (/^\d+$/.test(digits(query)) && digits(query).length >= EXACT_NUMBER_DIGITS)) {
      searchSeq++;
      showHits([]);
      return; // a scanner's number waits for its Enter
    }
    searchTimer = setTimeout(() => search(query), SEARCH_DELAY_MS);
  }

  async function refreshCount() {
    const { event, day } = chosen();
    if (!event || !day) {
      $("count").textContent = "";
      return;
    }
    try {
      showCount(await call("count", { event: event, day: day }));
    } catch (error) {
      failed(error);
    }
  }

  function fillDays() {
    const event = events.find((e) => e.id === $("event").value);
    const select = $("day");
    select.replaceChildren();
    if (!event) return;
    for (const day of event.days) {
      const option = document.createElement("option");
      option.value = String(day.number);
      option.textContent = String(day.number);
      select.append(option);
    }
    if (event.today) {
      select.value = String(event.today);
    } else {
      // Today is no day of this event: the day is chosen, as at the desk.
      const pick = document.createElement("option");
      pick.value = "";
      pick.textContent = "Pilih";
      select.prepend(pick);
      select.value = "";
    }
  }

  // ------------------------------------------------------------------ the camera

  function setUpCamera() {
    const note = $("camera-note");
    if (!window.isSecureContext || !navigator.mediaDevices) {
      note.textContent =
        "Kamera tidak dapat dipakai di sini: halaman ini dibuka lewat http biasa (bukan https), " +
        "dan browser hanya mengizinkan kamera di halaman https. Ketik nama atau NIP, atau pakai " +
        "pemindai Bluetooth (ketuk kolom di atas dulu).";
      return;
    }
    if (!("BarcodeDetector" in window)) {
      note.textContent =
        "Browser ini tidak dapat membaca kode QR dari kamera. Ketik nama atau NIP, atau pakai " +
        "pemindai Bluetooth.";
      return;
    }
    note.textContent = "Pemindai Bluetooth juga bisa: ketuk kolom di atas dulu.";
    const button = $("camera");
    button.hidden = false;
    button.addEventListener("click", scanWithCamera);
  }

  async function scanWithCamera() {
    const video = $("video");
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (e) {
      $("camera-note").textContent = "Kamera tidak diizinkan. Ketik nama atau NIP.";
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const detector = new BarcodeDetector({ formats: ["qr_code", "code_128", "code_39"] });
    const stop = () => {
      stream.getTracks().forEach((t) => t.stop());
      video.hidden = true;
    };
    const look = async () => {
      if (video.hidden) return;
      try {
        const codes = await detector.detect(video);
        if (codes.length) {
          stop();
          checkIn(codes[0].rawValue.trim());
          return;
        }
      } catch (e) { /* a frame not ready yet */ }
      requestAnimationFrame(look);
    };
    look();
  }

  // ------------------------------------------------------------------ start

  async function start() {
    station = readStation();
    if (!station) {
      block(
        "Alamat ini tidak lengkap: halaman stasiun perlu kunci dari kode QR stasiun. Di meja hub " +
          "pilih \u201cTambah stasiun HP/tablet\u201d, lalu pindai kode QR-nya dengan ponsel ini."
      );
      return;
    }
    let hello;
    try {
      hello = await call("hello", {});
    } catch (error) {
      if (error instanceof Refused) return failed(error);
      block("Hub tidak menjawab. Periksa Wi-Fi ponsel ini (harus jaringan yang sama dengan meja hub), lalu muat ulang halaman.");
      return;
    }
    $("who").textContent = `${hello.station} \u00b7 hub ${hello.hub_desk}`;
    events = hello.events;
    const select = $("event");
    for (const event of events) {
      const option = document.createElement("option");
      option.value = event.id;
      option.textContent = event.title;
      select.append(option);
    }
    if (!events.length) {
      block("Belum ada acara di meja hub. Buat atau impor acaranya di meja hub dulu.");
      return;
    }
    select.value = hello.event || events[0].id;
    fillDays();
    select.addEventListener("change", () => { fillDays(); refreshCount(); });
    $("day").addEventListener("change", refreshCount);
    $("entry").addEventListener("input", typed);
    $("entry-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const entry = $("entry").value.trim();
      $("entry").value = ""; // ready for the next scan at once
      if (entry) checkIn(entry);
    });
    $("undo").addEventListener("click", undoLast);
    setUpCamera();
    $("station").hidden = false;
    $("entry").focus();
    refreshCount();
    setInterval(refreshCount, COUNT_EVERY_MS); // the other desks' check-ins too
  }

  if (typeof nacl === "undefined") {
    block("Halaman stasiun tidak lengkap (nacl-fast.min.js tidak termuat). Muat ulang halaman.");
  } else {
    start();
  }
})();
