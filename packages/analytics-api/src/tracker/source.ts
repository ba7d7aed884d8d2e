/**
 * Quire's own tracker, served as `/script.js` (minified by `trackerScript()`).
 * Written in ES5 with explicit semicolons and no `//` inside code, so the
 * comment and whitespace stripping below is safe.
 *
 * <script defer src="https://analytics.example/script.js" data-domain="example.com"></script>
 *
 * data-domain   site domain (default: location.hostname)
 * data-api      endpoint (default: /api/event on the script's origin)
 * data-hash     count #fragment changes as pages (hash routing)
 * data-localhost, data-webdriver   also track on localhost / under automation
 *
 * window.quire("Signup", { props: { plan: "pro" }, callback: fn, interactive: false })
 * <button data-quire-event="Signup" data-quire-prop-plan="pro">
 * Opt out in a browser: localStorage.quire_ignore = "true"
 */
export const TRACKER_SOURCE = String.raw`
(function (w, d, l) {
  "use strict";
  var s = d.currentScript;
  var n = w.navigator;
  /* Attribute of the script tag, or null. */
  function at(k) {
    return s && s.getAttribute("data-" + k);
  }
  var api = at("api") || (s ? new URL(s.src).origin : "") + "/api/event";
  var hash = at("hash") !== null;
  var last;
  function skip() {
    if (at("localhost") === null && (/^(localhost|127(\.\d+){3}|\[::1\])$/.test(l.hostname) || l.protocol === "file:")) return 1;
    if (at("webdriver") === null && n.webdriver) return 1;
    try {
      if (w.localStorage.quire_ignore === "true") return 1;
    } catch (e) {}
  }
  function send(name, o) {
    o = o || {};
    var cb = o.callback;
    if (skip()) return cb && cb();
    var b = JSON.stringify({
      n: name,
      u: o.url || l.href,
      d: at("domain") || l.hostname,
      r: d.referrer || null,
      w: w.innerWidth,
      h: hash ? 1 : 0,
      p: o.props,
      i: o.interactive === false ? false : void 0,
      l: n.language
    });
    if (w.fetch) {
      fetch(api, { method: "POST", body: b, keepalive: true, credentials: "omit", headers: { "Content-Type": "text/plain" } }).then(
        function (r) { cb && cb({ status: r.status }); },
        function (e) { cb && cb({ error: e }); }
      );
    } else if (n.sendBeacon) {
      n.sendBeacon(api, b);
      cb && cb();
    }
  }
  function page(force) {
    var p = l.pathname + (hash ? l.hash : "");
    if (p === last && !force) return;
    last = p;
    send("pageview");
  }
  var h = w.history;
  ["pushState", "replaceState"].forEach(function (k) {
    var orig = h[k];
    if (orig) {
      h[k] = function () {
        var r = orig.apply(this, arguments);
        page();
        return r;
      };
    }
  });
  w.addEventListener("popstate", function () { page(); });
  if (hash) w.addEventListener("hashchange", function () { page(); });
  var FILES = /\.(pdf|xlsx?|docx?|txt|rtf|csv|exe|key|pps|pptx?|7z|pkg|rar|gz|zip|avi|mov|mp4|mpe?g|wmv|midi?|mp3|wav|wma|dmg|iso|epub)$/i;
  function click(e) {
    if (e.type === "auxclick" && e.button !== 1) return;
    var t = e.target;
    var el = t && t.closest && t.closest("[data-quire-event]");
    if (el) {
      var props = {};
      for (var i = 0; i < el.attributes.length; i++) {
        var m = /^data-quire-prop-(.+)$/.exec(el.attributes[i].name);
        if (m) props[m[1]] = el.attributes[i].value;
      }
      send(el.getAttribute("data-quire-event"), { props: props });
    }
    var a = t && t.closest && t.closest("a[href]");
    if (!a || !/^https?:$/.test(a.protocol)) return;
    if (a.host !== l.host) send("Outbound Link: Click", { props: { url: a.href } });
    else if (FILES.test(a.pathname)) send("File Download", { props: { url: a.href.split("?")[0] } });
  }
  d.addEventListener("click", click);
  d.addEventListener("auxclick", click);
  var q = w.quire && w.quire.q;
  w.quire = send;
  if (q) for (var j = 0; j < q.length; j++) send.apply(null, q[j]);
  if (d.visibilityState === "prerender") {
    d.addEventListener("visibilitychange", function v() {
      if (d.visibilityState === "visible") {
        d.removeEventListener("visibilitychange", v);
        page();
      }
    });
  } else page();
  w.addEventListener("pageshow", function (e) { if (e.persisted) page(1); });
})(window, document, location);
`;
