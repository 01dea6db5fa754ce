// "Pilih" in the "Di mana Anda dibutuhkan" panel (mutasi/_saran_unit.html): with JavaScript
// it fills the form's selects in place, keeping what the employee already typed in Alasan
// and Justifikasi; without JavaScript it stays a link that reloads the form prefilled.
document.addEventListener("click", function (ev) {
  var a = ev.target.closest("a[data-pilih-unit]");
  if (!a) return;
  var form = document.querySelector("form select[name=unit_tujuan]");
  var jab = document.querySelector("form select[name=jabatan_tujuan]");
  if (!form || !jab) return;
  var unit = form.querySelector('option[value="' + a.dataset.pilihUnit + '"]');
  if (!unit) return; // not in this form's choices: follow the link
  ev.preventDefault();
  form.value = a.dataset.pilihUnit;
  jab.value = a.dataset.pilihJabatan;
  form.dispatchEvent(new Event("change", { bubbles: true }));
  form.focus();
  var pesan = document.getElementById("saran-unit-dipilih");
  if (pesan) pesan.textContent = a.dataset.pilihTeks;
});
