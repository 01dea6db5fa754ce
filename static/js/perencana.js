// Charts of the balance planner (scenario and comparison pages). The data comes from
// json_script blocks; the same figures are in the page's tables and index cards.
(function () {
  if (typeof Chart === "undefined") return;
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var WARNA = ["#6c757d", "#0d6efd", "#fd7e14", "#198754"];
  var unit = data("data-grafik-unit");
  var u = document.getElementById("grafik-unit");
  if (u && unit && unit.labels.length) {
    new Chart(u, {
      type: "bar",
      data: { labels: unit.labels, datasets: unit.seri.map(function (s, i) {
        return { label: s.label, data: s.data, backgroundColor: WARNA[i % WARNA.length] };
      }) },
      options: { animation: false, indexAxis: "y",
        scales: { x: { title: { display: true, text: "Selisih (bezetting − kebutuhan)" } } } }
    });
  }
  var indeks = data("data-grafik-indeks");
  var d = document.getElementById("grafik-indeks");
  if (d && indeks) {
    new Chart(d, {
      type: "bar",
      data: { labels: indeks.labels, datasets: [
        { label: "Skor keseimbangan", data: indeks.skor, backgroundColor: "#0d6efd", yAxisID: "y" },
        { label: "Ketidakseimbangan", data: indeks.ketidakseimbangan, backgroundColor: "#dc3545", yAxisID: "y1" }
      ] },
      options: { animation: false, scales: {
        y: { suggestedMin: 0, suggestedMax: 100, title: { display: true, text: "Skor" } },
        y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
              title: { display: true, text: "Pegawai" } } } }
    });
  }
})();
