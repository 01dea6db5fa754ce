"""Locust scenario for `bench/b_load.py`: employees, unit heads and BKD staff at once.

Not run on its own: b_load writes a JSON plan (users, passwords, pages per user, a pool of
requests waiting for BKD approval) and passes its path as BENCH_LOAD_PLAN. Each simulated
user logs in through the real login form (CSRF token from the form), then loops over its
role's pages (weighted), thinking 1–5 s between requests. BKD users also approve requests
from the shared pool while it lasts.
"""

from __future__ import annotations

import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8").read())
APPROVALS = list(PLAN.get("approvals", []))
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_ACCOUNTS = {role: iter(list(v) * 1000) for role, v in PLAN["accounts"].items()}
# Every response time, unrounded (locust's CSV percentiles are bucketed to 2 digits), with
# when it ended: b_load computes the percentiles from these, for the whole run and for the
# steady state after every user has started (and logged in).
_SAMPLES = []
_SPAWNED = {"at": None}


@events.request.add_listener
def _record(request_type, name, response_time, exception, **_kw):
    _SAMPLES.append([name, round(response_time, 2), exception is not None,
                     round(time.time(), 3)])


@events.spawning_complete.add_listener
def _spawned(user_count, **_kw):
    _SPAWNED["at"] = time.time()


@events.quitting.add_listener
def _dump(**_kw):
    with open(os.environ["BENCH_LOAD_SAMPLES"], "w", encoding="utf-8") as f:
        json.dump({"samples": _SAMPLES, "spawned_at": _SPAWNED["at"]}, f)


class _Role(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 5)

    def on_start(self):
        acct = next(_ACCOUNTS[self.role])
        self.pages = acct["pages"]
        self.weights = [p[2] for p in self.pages]
        r = self.client.get(PLAN["login_url"], name="masuk (form)")
        m = _CSRF.search(r.text)
        if not m:
            raise RuntimeError("formulir login tanpa csrfmiddlewaretoken")
        with self.client.post(
            PLAN["login_url"],
            data={"username": acct["username"], "password": PLAN["password"],
                  "csrfmiddlewaretoken": m.group(1), "next": ""},
            name="masuk (POST)", allow_redirects=False, catch_response=True,
        ) as resp:
            if resp.status_code != 302:
                resp.failure(f"login {acct['username']} gagal: {resp.status_code}")

    @task(10)
    def page(self):
        name, url, _w = random.choices(self.pages, weights=self.weights)[0]
        self.client.get(url, name=name)


class Pegawai(_Role):
    role = "pegawai"
    weight = PLAN["weights"]["pegawai"]


class KepalaUnit(_Role):
    role = "kepala"
    weight = PLAN["weights"]["kepala"]


class StafBkd(_Role):
    role = "bkd"
    weight = PLAN["weights"]["bkd"]

    @task(1)
    def approve(self):
        if not APPROVALS:
            return
        pk = APPROVALS.pop()
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            PLAN["approve_url"].replace("/0/", f"/{pk}/"),
            data={"csrfmiddlewaretoken": token, "approve-catatan": ""},
            headers={"Referer": self.host + PLAN["login_url"]},
            name="bkd: persetujuan (POST)", allow_redirects=False, catch_response=True,
        ) as resp:
            if resp.status_code != 302:
                resp.failure(f"persetujuan #{pk}: {resp.status_code}")
