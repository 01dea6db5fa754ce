"""A small HTTP client that uses the app as a browser does: login form, CSRF, redirects.

Standard library only (urllib + a cookie jar), one instance per simulated user and thread.
Every answer is classified the way the user would read it: the action's page shows a
success message ("ok"), an error message ("refused"), or the request failed (a 5xx, a
refused connection, a timeout: "error"). An action whose POST went through but whose result
page could not be loaded is "unknown": the user does not know, and must look again.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_PK = re.compile(r'name="permohonan" value="(\d+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int  # HTTP status; 0 when no answer came (refused, reset, timeout)
    body: str
    location: str
    ms: float
    error: str = ""


@dataclass
class Outcome:
    kind: str  # "ok", "refused", "error", "unknown"
    ms: float
    detail: str = ""


class Browser:
    def __init__(self, base_url, timeout=20):
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def _send(self, method, path, data=None):
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, method=method)
        t0 = time.perf_counter()
        try:
            with self.opener.open(req, timeout=self.timeout) as r:
                text = r.read().decode("utf-8", "replace")
                return Answer(r.status, text, r.headers.get("Location", ""),
                               (time.perf_counter() - t0) * 1000)
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace") if e.fp else ""
            return Answer(e.code, text, e.headers.get("Location", "") if e.headers else "",
                           (time.perf_counter() - t0) * 1000)
        except (OSError, http.client.HTTPException) as e:
            return Answer(0, "", "", (time.perf_counter() - t0) * 1000, repr(e))

    def get(self, path):
        return self._send("GET", path)

    def csrf(self):
        for c in self.jar:
            if c.name == "csrftoken":
                return c.value
        return ""

    def post(self, path, data):
        return self._send("POST", path, {**data, "csrfmiddlewaretoken": self.csrf()})

    def login(self, username, password, login_path="/masuk/"):
        r = self.get(login_path)
        m = _CSRF.search(r.body)
        if r.status != 200 or not m:
            raise RuntimeError(f"formulir login tidak terbuka: {r.status} {r.error}")
        r = self._send("POST", login_path, {"username": username, "password": password,
                                            "csrfmiddlewaretoken": m.group(1), "next": ""})
        if r.status != 302:
            raise RuntimeError(f"login {username} gagal: HTTP {r.status}")

    def _follow(self, answer, t0, sukses):
        """Read the page a POST redirected to, as the browser does, and classify."""
        if answer.status != 302:
            return Outcome("error", answer.ms, f"HTTP {answer.status} {answer.error}".strip())
        page = self.get(answer.location)
        ms = (time.perf_counter() - t0) * 1000
        if page.status != 200:
            return Outcome("unknown", ms, f"halaman hasil HTTP {page.status} {page.error}")
        if sukses(page.body):
            return Outcome("ok", ms)
        if "alert-danger" in page.body:
            return Outcome("refused", ms, _alert(page.body))
        return Outcome("unknown", ms, "halaman hasil tanpa pesan")

    def approve(self, pk):
        """BKD's approval of request `pk` through the detail page's action form."""
        t0 = time.perf_counter()
        r = self.post(f"/mutasi/{pk}/aksi/approve/", {"approve-catatan": ""})
        return self._follow(r, t0, lambda body: "alert-success" in body and f"#{pk}:" in body)

    def sk_candidates(self):
        """Ids of approved requests still waiting for a decree (the SK form's checkboxes)."""
        r = self.get("/mutasi/sk/terbitkan/")
        if r.status != 200:
            return None
        return {int(x) for x in _PK.findall(r.body)}

    def issue_sk(self, ids, tanggal, tmt):
        """One decree for `ids` (confirmed at once), dated `tanggal`, effective `tmt`."""
        t0 = time.perf_counter()
        r = self.post("/mutasi/sk/terbitkan/", {
            "permohonan": [str(i) for i in ids], "tanggal": tanggal.isoformat(),
            "tmt": tmt.isoformat(), "konfirmasi": "1"})
        if r.status == 200:
            return Outcome("refused", r.ms, _alert(r.body) or "formulir SK tidak valid")
        return self._follow(r, t0, lambda body: "alert-success" in body and "SK nomor" in body)


def _alert(body):
    m = re.search(r'alert-danger[^>]*>(.*?)<button', body, re.S)
    return re.sub(r"\s+", " ", m.group(1)).strip()[:200] if m else ""
