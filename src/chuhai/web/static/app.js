// chuhai: render Plotly charts from JSON data blocks (no inline scripts, CSP script-src 'self').
(function () {
  function draw(root) {
    if (typeof Plotly === "undefined") return;
    root.querySelectorAll("script[type='application/json'][data-chart]").forEach(function (node) {
      var target = document.getElementById(node.getAttribute("data-chart"));
      if (!target || target.dataset.drawn) return;
      var spec = JSON.parse(node.textContent);
      // a short figure (one market's competitors) keeps its own height: no blank band under it
      if (spec.layout && spec.layout.height) target.style.minHeight = spec.layout.height + "px";
      Plotly.newPlot(target, spec.data, spec.layout || {}, {displaylogo: false, responsive: true, topojsonURL: "/static/topojson/"});
      target.dataset.drawn = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
})();
// htmx drops 4xx/5xx answers by default: a fragment the server rendered for an error (the
// data page's failed import, in the page's language) is swapped in like any other answer.
document.addEventListener("htmx:beforeSwap", function (e) {
  var xhr = e.detail.xhr;
  if (xhr.status >= 400 && (xhr.getResponseHeader("content-type") || "").indexOf("text/html") === 0) {
    e.detail.shouldSwap = true;
    e.detail.isError = false;
  }
});
