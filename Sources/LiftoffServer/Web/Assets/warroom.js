// Liftoff war room: keeps the server-rendered page live and sends actions to the JSON API.
// No framework and no build step. The page reads fine without this script.
//
// Live updates: the launch's SSE stream (from the event this page was rendered at) sends, after
// each event, the parts of this page that changed (`event: panels`, rendered once on the server
// for every page like this one); elements marked data-live whose markup changed are swapped in
// place (typed text and focus are kept), and new activity items are added to the top of the
// feed. A whole fresh copy is fetched only when the stream (re)opens and every 30 s.
(function () {
  "use strict";

  var meta = function (name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") : null;
  };
  var launch = meta("liftoff-launch");
  var csrf = meta("csrf-token");
  if (!launch) return;
  var api = "/api/v1/launches/" + encodeURIComponent(launch);
  var renderedSeq = parseInt(meta("liftoff-seq") || "0", 10) || 0;

  // ---- T-minus clock -------------------------------------------------------------------
  var clock = document.getElementById("clock");
  var liveState = document.getElementById("live-state");
  // The launch's clock: the server's time when the page was rendered, advanced at the
  // launch's speed (faster than the wall clock in `liftoff demo`).
  var serverNow = NaN;
  var syncedAt = Date.now();
  var speed = 1;
  var t0 = 0;
  var sync = function (element) {
    var now = Date.parse(element.getAttribute("data-now"));
    var s = parseFloat(element.getAttribute("data-speed"));
    if (!isNaN(now)) { serverNow = now; syncedAt = Date.now(); }
    if (!isNaN(s) && s > 0) speed = s;
  };
  var launchNow = function () {
    return isNaN(serverNow) ? Date.now() : serverNow + (Date.now() - syncedAt) * speed;
  };
  if (clock) {
    t0 = Date.parse(clock.getAttribute("data-t0"));
    sync(clock);
  }
  var two = function (n) { return (n < 10 ? "0" : "") + n; };
  // Same format as WarRoomPage.clockText: T-1d 02:03:04 / T+00:05:00.
  var clockText = function (now) {
    var delta = Math.floor((now - t0) / 1000);
    var sign = delta < 0 ? "-" : "+";
    var s = Math.abs(delta);
    var days = Math.floor(s / 86400);
    var hms = two(Math.floor(s / 3600) % 24) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60);
    return "T" + sign + (days > 0 ? days + "d " : "") + hms;
  };
  var tick = function () {
    if (clock && !isNaN(t0)) clock.textContent = clockText(launchNow());
  };
  tick();
  setInterval(tick, speed > 1 ? 200 : 1000);

  // ---- patching the page ------------------------------------------------------------------
  var focusable = "a[href], button, input, select, textarea, summary, [tabindex]";
  var keepTyped = function (oldEl, newEl) {
    // Text the user typed survives a swap of the element around it; so does keyboard focus,
    // found again by its position among the element's controls (buttons have no ids).
    var fields = oldEl.querySelectorAll("input[type=text], textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (!f.id) continue;
      var twin = newEl.querySelector("#" + CSS.escape(f.id));
      if (twin && (f.tagName === "SELECT" || f.value !== "")) twin.value = f.value;
    }
    var active = document.activeElement;
    if (!active || !oldEl.contains(active)) return -1;
    return Array.prototype.indexOf.call(oldEl.querySelectorAll(focusable), active);
  };

  var patch = function (html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var seqMeta = doc.querySelector('meta[name="liftoff-seq"]');
    if (seqMeta) renderedSeq = parseInt(seqMeta.getAttribute("content"), 10) || renderedSeq;
    var fresh = doc.querySelectorAll("[data-live]");
    for (var i = 0; i < fresh.length; i++) {
      var el = fresh[i];
      if (!el.id) continue;
      var current = document.getElementById(el.id);
      if (!current || current.outerHTML === el.outerHTML) continue;
      var replacement = document.importNode(el, true);
      var focusAt = keepTyped(current, replacement);
      current.replaceWith(replacement);
      if (focusAt >= 0) {
        var again = replacement.querySelectorAll(focusable)[focusAt];
        if (again) again.focus({ preventScroll: true });
      }
    }
    // The feed is an aria-live list: add new items, never rebuild it (that would re-announce all).
    var feed = document.getElementById("feed");
    var newFeed = doc.getElementById("feed");
    if (feed && newFeed) {
      var anchor = feed.firstElementChild;
      var items = newFeed.children;
      for (var j = 0; j < items.length; j++) {
        if (document.getElementById(items[j].id)) break;
        feed.insertBefore(document.importNode(items[j], true), anchor);
      }
      // Keep as many items as the server renders.
      while (feed.children.length > newFeed.children.length) feed.removeChild(feed.lastElementChild);
    }
    var newClock = doc.getElementById("clock");
    if (newClock) sync(newClock);
  };

  var inFlight = false;
  var again = false;
  var refresh = function () {
    if (inFlight) { again = true; return; }
    inFlight = true;
    fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) {
        if (res.redirected && new URL(res.url).pathname === "/login") {
          window.location.assign(res.url);
          return null;
        }
        return res.ok ? res.text() : null;
      })
      .then(function (html) { if (html) patch(html); })
      .catch(function () { /* the next event or the periodic refresh tries again */ })
      .then(function () {
        inFlight = false;
        if (again) { again = false; refresh(); }
      });
  };
  // Relative times ("in 5m") and the now-line move even when nothing happens.
  setInterval(refresh, 30000);

  // ---- live events ------------------------------------------------------------------------
  var setLive = function (text) { if (liveState) liveState.textContent = text; };
  var source = null;
  var connect = function () {
    if (!window.EventSource) { setLive("refreshing every 30 s"); return; }
    // The browser reconnects by itself and sends Last-Event-ID; we only re-create a closed stream.
    source = new EventSource(api + "/events?panels=1&from=" + (renderedSeq + 1));
    source.onopen = function () { setLive("live"); refresh(); };
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        setLive("reconnecting…");
        source = null;
        setTimeout(connect, 5000);
      } else {
        setLive("reconnecting…");
      }
    };
    source.addEventListener("panels", function (event) { patch("<main>" + event.data + "</main>"); });
  };
  connect();

  // ---- actions ------------------------------------------------------------------------------
  // Forms name their endpoint in data-api; fields become the JSON body, the clicked button adds
  // its name and value (mark=done, vote=go). Empty optional fields are left out.
  var optional = { note: true, comment: true };
  var showError = function (form, message) {
    var out = form.querySelector(".form-error");
    if (out) out.textContent = message;
  };
  // Enter in a note field would "click" the form's first button (Done, GO): ask for a choice instead.
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !(field instanceof HTMLInputElement) || field.type !== "text") return;
    var form = field.form;
    if (!form || !form.hasAttribute("data-api") || !form.querySelector("button[name]")) return;
    event.preventDefault();
    showError(form, "Tab to the buttons and choose one to send this.");
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-api")) return;
    event.preventDefault();
    var body = {};
    var data = new FormData(form);
    data.forEach(function (value, key) {
      if (key === "_csrf") return;
      if (optional[key] && value === "") return;
      body[key] = value;
    });
    var submitter = event.submitter;
    // Enter in a note field must not pick "Done" or "GO" by itself: those forms need a button.
    if ((!submitter || !submitter.name) && form.querySelector("button[name]")) {
      showError(form, "Choose one of the buttons to send this.");
      return;
    }
    if (submitter && submitter.name) body[submitter.name] = submitter.value;
    var buttons = form.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-busy", "true");
    showError(form, "");
    fetch(form.getAttribute("data-api"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf || "" },
      body: JSON.stringify(body)
    }).then(function (res) {
      if (res.ok) {
        var texts = form.querySelectorAll("input[type=text], textarea");
        for (var k = 0; k < texts.length; k++) texts[k].value = "";
        refresh();
        return;
      }
      return res.json().then(function (json) {
        var msg = json && json.error && json.error.message ? json.error.message : "The server refused (" + res.status + ").";
        showError(form, msg);
      }, function () { showError(form, "The server refused (" + res.status + ")."); });
    }).catch(function () {
      showError(form, "Could not reach the server. Check your connection and try again.");
    }).then(function () {
      for (var j = 0; j < buttons.length; j++) buttons[j].removeAttribute("aria-busy");
    });
  });
})();
