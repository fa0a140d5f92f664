// Mends a page whose code did not arrive. scripts/serve.py writes this into every page.
//
// Streamlit fetches the code of each kind of element (a metric, a chart, a slider) when the
// page first draws one. If that request fails (a phone's network changed under it: Chromium
// then cuts every request in flight with ERR_NETWORK_CHANGED; the room's Wi-Fi dropped the
// connection; a process restarted), the browser keeps the failure, and the element stays a
// red "Failed to fetch dynamically imported module" box until the page is reloaded. So the
// page reloads itself, at most twice a minute and never without a place to count the reloads
// (a failure that persists is shown, not looped on). The view is in the address: it returns.
(function () {
  var KEY = "ssw-mended";
  var pending = false;
  function mend() {
    if (pending) return;
    var now = Date.now();
    var times;
    try {
      times = JSON.parse(sessionStorage.getItem(KEY) || "[]").filter(function (t) {
        return now - t < 60000;
      });
      if (times.length >= 2) return;
      times.push(now);
      sessionStorage.setItem(KEY, JSON.stringify(times));
    } catch (e) {
      return;
    }
    pending = true;
    setTimeout(function () {
      location.reload();
    }, 300);
  }
  // Vite's loader (Streamlit's front end) announces a module or a style that failed to load.
  window.addEventListener("vite:preloadError", mend);
  // The page's own scripts and styles, named in its head.
  window.addEventListener(
    "error",
    function (event) {
      var el = event.target;
      var url = el && (el.src || el.href);
      if (url && (el.tagName === "SCRIPT" || el.tagName === "LINK") && url.indexOf("/static/") >= 0) {
        mend();
      }
    },
    true
  );
})();
