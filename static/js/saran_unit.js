// "Pilih" in the "Di mana Anda dibutuhkan" panel (mutasi/_saran_unit.html): with JavaScript
// it fills the form's selects in place, keeping what the employee already typed in Alasan
// and Justifikasi; without JavaScript it stays a link that reloads the form prefilled.
document.addEventListener("click", function (ev) {
  var a = ev.target.closest("a[data-pilih-unit]");
  if (!a) return;
  var unit = document.querySelector("form select[name=unit_tujuan]");
  var jab = document.querySelector("form select[name=jabatan_tujuan]");
  if (!unit || !jab) return;
  if (!unit.querySelector('option[value="' + a.dataset.pilihUnit + '"]')) return; // follow the link
  ev.preventDefault();
  unit.value = a.dataset.pilihUnit;
  jab.value = a.dataset.pilihJabatan;
  unit.dispatchEvent(new Event("change", { bubbles: true }));
  unit.focus();
  var pesan = document.getElementById("saran-unit-dipilih");
  if (pesan) pesan.textContent = a.dataset.pilihTeks;
});
