// Charts of the balance dashboard; data comes from json_script blocks in the page.
(function () {
  if (typeof Chart === "undefined") return;
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var trend = data("data-trend");
  var t = document.getElementById("chart-trend");
  if (t && trend && trend.labels.length) {
    new Chart(t, {
      type: "line",
      data: { labels: trend.labels, datasets: [
        { label: "Skor", data: trend.skor, borderColor: "#0d6efd", tension: 0.2, yAxisID: "y" },
        { label: "Perlu dipindah", data: trend.pindah, borderColor: "#fd7e14", tension: 0.2, yAxisID: "y1" }
      ] },
      options: { animation: false, scales: { y: { suggestedMin: 0, suggestedMax: 100 }, y1: { position: "right", grid: { drawOnChartArea: false } } } }
    });
  }
  var gap = data("data-gap");
  var g = document.getElementById("chart-gap");
  if (g && gap) {
    new Chart(g, {
      type: "bar",
      data: { labels: gap.labels, datasets: [{ label: "Selisih (bezetting − kebutuhan)", data: gap.selisih,
        backgroundColor: gap.selisih.map(function (v) { return v < 0 ? "#dc3545" : "#ffc107"; }) }] },
      options: { animation: false, indexAxis: "x", plugins: { legend: { display: false } }, scales: { x: { ticks: { autoSkip: false, maxRotation: 60, minRotation: 30 } } } }
    });
  }
  var grade = data("data-grade");
  var d = document.getElementById("chart-grade");
  if (d && grade) {
    new Chart(d, {
      type: "bar",
      data: { labels: grade.labels, datasets: [{ label: "Jumlah unit", data: grade.jumlah,
        backgroundColor: ["#198754", "#20c997", "#0dcaf0", "#ffc107", "#dc3545", "#adb5bd"] }] },
      options: { animation: false, plugins: { legend: { display: false } } }
    });
  }
})();
