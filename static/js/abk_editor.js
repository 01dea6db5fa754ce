// Live totals of the ABK task editor: the same formulas as bebankerja/abk.py
// (minutes/year = volume × norma, converted; need = Σ ÷ WKE; rounding per the periode).
(function () {
  var root = document.getElementById("abk-editor");
  if (!root) return;
  var wke = parseFloat(root.dataset.wke);
  var mode = root.dataset.pembulatan;
  var bezetting = parseInt(root.dataset.bezetting, 10);
  var fmt = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });
  var fmt4 = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 4, maximumFractionDigits: 4 });
  function num(el) {
    if (!el) return 0;
    var v = parseFloat(String(el.value).replace(",", "."));
    return isNaN(v) || v < 0 ? 0 : v;
  }
  function field(row, name) { return row.querySelector("[name$='-" + name + "']"); }
  function recompute() {
    var total = 0, ceilSum = 0;
    root.querySelectorAll("tr.tugas-row").forEach(function (row) {
      var del = field(row, "DELETE");
      var vol = num(field(row, "volume")), norma = num(field(row, "norma_waktu"));
      if (field(row, "periode_volume") && field(row, "periode_volume").value === "bulan") vol *= 12;
      if (field(row, "satuan_norma") && field(row, "satuan_norma").value === "jam") norma *= 60;
      var menit = vol * norma;
      var need = menit / wke;
      row.querySelector("[data-cell=menit]").textContent = fmt.format(menit);
      row.querySelector("[data-cell=kebutuhan]").textContent = fmt4.format(need);
      row.classList.toggle("text-decoration-line-through", !!(del && del.checked));
      if (del && del.checked) return;
      total += menit;
      ceilSum += Math.ceil(need - 1e-12);
    });
    var exact = total / wke;
    var bulat = mode === "ceil_jabatan" ? Math.ceil(exact - 1e-12)
      : mode === "ceil_tugas" ? ceilSum : Math.floor(exact + 0.5 + 1e-12);
    function set(name, text) { root.querySelectorAll("[data-total=" + name + "]").forEach(function (el) { el.textContent = text; }); }
    set("menit", fmt.format(total));
    set("kebutuhan", fmt4.format(exact));
    set("exact", fmt4.format(exact));
    set("bulat", String(bulat));
    var selisih = bezetting - bulat;
    set("selisih", (selisih > 0 ? "+" : "") + selisih + (selisih < 0 ? " (kekurangan)" : selisih > 0 ? " (kelebihan)" : ""));
    set("ej", bezetting > 0 ? fmt4.format(total / (bezetting * wke)) : "— (jabatan kosong)");
  }
  root.addEventListener("input", recompute);
  root.addEventListener("change", recompute);
  var add = document.getElementById("tambah-baris");
  if (add) {
    add.addEventListener("click", function () {
      var totalForms = root.querySelector("[name$='-TOTAL_FORMS']");
      var idx = parseInt(totalForms.value, 10);
      var html = document.getElementById("tugas-template").innerHTML.replace(/__prefix__/g, idx);
      root.querySelector("#tabel-tugas tbody").insertAdjacentHTML("beforeend", html);
      totalForms.value = idx + 1;
      recompute();
    });
  }
  recompute();
})();
