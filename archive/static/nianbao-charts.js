// Draws every <div class="vega" data-spec="id"> with the Vega-Lite spec in <script id="id">, as SVG.
document.querySelectorAll("div.vega[data-spec]").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
  vegaEmbed(el, spec, {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false}})
    .then(function () { el.dataset.drawn = "1"; })
    .catch(function (err) { el.textContent = "chart failed: " + err; });
});
