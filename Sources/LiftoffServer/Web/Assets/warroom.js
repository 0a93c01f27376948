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

  // ---- Focus never hides under the header -----------------------------------------------
  // The header is sticky and grows with live updates (alerts, the status), so the room kept
  // above a control the browser scrolls into view follows its height (WCAG 2.2, "Focus Not
  // Obscured"); the style sheet's fixed padding is only the start.
  var header = document.querySelector(".launch-header");
  if (header) {
    var keepClear = function () {
      document.documentElement.style.scrollPaddingTop = (header.offsetHeight + 12) + "px";
    };
    keepClear();
    if (window.ResizeObserver) new ResizeObserver(keepClear).observe(header);
  }

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
  // Same format as WarRoomPage.countdownText: 4:05, 1:02:03.
  var countdownText = function (ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return s >= 3600 ? Math.floor(s / 3600) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60)
                     : Math.floor(s / 60) + ":" + two(s % 60);
  };
  var tickCountdowns = function () {
    var all = document.querySelectorAll("time[data-until]");
    for (var i = 0; i < all.length; i++) {
      var until = Date.parse(all[i].getAttribute("data-until"));
      if (!isNaN(until)) all[i].textContent = countdownText(until - launchNow());
    }
  };
  var tick = function () {
    if (clock && !isNaN(t0)) clock.textContent = clockText(launchNow());
    tickCountdowns();
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
    if (!active || !oldEl.contains(active)) return null;
    // Found again inside the nearest element with an id (a step moves between lists when it
    // is settled), else by its position in the whole swapped element.
    var anchor = active.parentElement ? active.parentElement.closest("[id]") : null;
    if (!anchor || !oldEl.contains(anchor)) anchor = oldEl;
    return { anchor: anchor === oldEl ? null : anchor.id, index: Array.prototype.indexOf.call(anchor.querySelectorAll(focusable), active) };
  };
  var refocus = function (replacement, at) {
    if (!at || at.index < 0) return;
    var scope = at.anchor ? (replacement.id === at.anchor ? replacement : replacement.querySelector("#" + CSS.escape(at.anchor))) : replacement;
    var again = scope ? scope.querySelectorAll(focusable)[at.index] : null;
    if (!again) return;
    var folded = again.closest("details");
    if (folded && !folded.open) folded.open = true;
    again.focus({ preventScroll: true });
  };

  // Folded parts (<details>) keep the state the reader left them in across a swap.
  var openDetails = function (el) {
    var ids = {};
    var all = el.querySelectorAll("details[id]");
    for (var i = 0; i < all.length; i++) ids[all[i].id] = all[i].open;
    if (el.tagName === "DETAILS" && el.id) ids[el.id] = el.open;
    return ids;
  };
  var restoreDetails = function (el, ids) {
    var all = el.querySelectorAll("details[id]");
    for (var i = 0; i < all.length; i++) if (ids.hasOwnProperty(all[i].id)) all[i].open = ids[all[i].id];
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
      restoreDetails(replacement, openDetails(current));
      current.replaceWith(replacement);
      refocus(replacement, focusAt);
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
    tickCountdowns();
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

  // ---- keyboard shortcuts (desktop) ----------------------------------------------------------
  // Listed on the page (#shortcuts, opened by "?" or the header's Keys button); off while typing.
  var help = document.getElementById("shortcuts");
  var helpButton = document.querySelector(".shortcuts-button");
  var toggleHelp = function (show) {
    if (!help) return;
    var open = show === undefined ? help.hidden : show;
    help.hidden = !open;
    if (helpButton) helpButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { help.setAttribute("tabindex", "-1"); help.focus(); }
  };
  if (helpButton) helpButton.addEventListener("click", function () { toggleHelp(); });
  var goTo = function (id) {
    var el = document.getElementById(id);
    if (!el) return;
    el.scrollIntoView({ block: "start" });
    var heading = el.querySelector("h2") || el;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  };
  var nowItems = function () { return Array.prototype.slice.call(document.querySelectorAll("#now .now-item")); };
  var currentItem = function () {
    var active = document.activeElement;
    return active && active.closest ? active.closest(".now-item") : null;
  };
  var moveItem = function (delta) {
    var items = nowItems();
    if (!items.length) return;
    var at = items.indexOf(currentItem());
    var next = items[at < 0 ? (delta > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + delta))];
    var target = next.querySelector("button.mark-done") || next.querySelector("button, input[type=text]") || next;
    target.focus();
    next.scrollIntoView({ block: "nearest" });
  };
  var keys = { n: "now", t: "triggers", s: "steps", p: "people", g: "gates", a: "activity" };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "Escape" && help && !help.hidden) { toggleHelp(false); if (helpButton) helpButton.focus(); return; }
    if (typing) return;
    if (event.key === "?") { event.preventDefault(); toggleHelp(); return; }
    if (keys[event.key]) { event.preventDefault(); goTo(keys[event.key]); return; }
    if (event.key === "j" || event.key === "k") { event.preventDefault(); moveItem(event.key === "j" ? 1 : -1); return; }
    if (event.key === "d") {
      var item = currentItem();
      var done = item && item.querySelector("button.mark-done");
      if (done) { event.preventDefault(); done.click(); }
    }
  });

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
    var endpoint = form.getAttribute("data-api");
    if (submitter && submitter.hasAttribute("data-api")) {
      // A button with its own endpoint (Start beside Done) sends only the fields it names.
      endpoint = submitter.getAttribute("data-api");
      var only = (submitter.getAttribute("data-only") || "").split(",");
      Object.keys(body).forEach(function (key) { if (only.indexOf(key) < 0) delete body[key]; });
    } else if (submitter && submitter.name) {
      body[submitter.name] = submitter.value;
    }
    var buttons = form.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-busy", "true");
    showError(form, "");
    fetch(endpoint, {
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
