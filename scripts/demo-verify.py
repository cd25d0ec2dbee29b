#!/usr/bin/env python3
"""Checks the simulator's final state after the demo loop (used by the e2e test).

Usage: demo-verify.py users.yaml tenant.json sim-state.json
Asserts: every desired user has exactly one account, active, with the desired
names, title and email; no externalId or email is held by two accounts; every
other keyed account (leavers) is deactivated, except the protected break-glass
admin; the connector users (ignored) are exactly as seeded. Prints one line
per failed check and exits 1 if any failed.
"""
import json
import sys

import yaml


def main():
    desired_path, tenant_path, state_path = sys.argv[1:4]
    desired = yaml.safe_load(open(desired_path, encoding="utf-8"))["users"]
    tenant = json.load(open(tenant_path, encoding="utf-8"))["users"]
    state = json.load(open(state_path, encoding="utf-8"))
    failures = []
    by_ext = {}
    by_email = {}
    for u in state:
        if u.get("externalId"):
            by_ext.setdefault(u["externalId"].lower(), []).append(u)
        if u.get("email"):
            by_email.setdefault(u["email"].lower(), []).append(u)
    for key, users in list(by_ext.items()) + list(by_email.items()):
        if len(users) > 1:
            failures.append(f"duplicate accounts for {key}: ids {[u['id'] for u in users]}")
    wanted = {d["externalId"].lower(): d for d in desired}
    for key, d in wanted.items():
        accounts = by_ext.get(key, [])
        if len(accounts) != 1:
            failures.append(f"{key}: expected one account, found {len(accounts)}")
            continue
        u = accounts[0]
        if u.get("isLocked") != 0 or u.get("userEndDate"):
            failures.append(f"{key}: not active (isLocked {u.get('isLocked')}, userEndDate {u.get('userEndDate')})")
        for field in ("firstName", "lastName", "email", "title"):
            if (u.get(field) or "") != (d.get(field) or ""):
                failures.append(f"{key}: {field} is {u.get(field)!r}, desired {d.get(field)!r}")
        if not u.get("divisionId") or not u.get("cityId"):
            failures.append(f"{key}: legacy fields still missing")
    for key, accounts in by_ext.items():
        if key in wanted:
            continue
        for u in accounts:
            protected = key == "ja-breakglass"
            if protected and u.get("isLocked") != 0:
                failures.append(f"{key}: protected account was deactivated")
            if not protected and u.get("isLocked") == 0:
                failures.append(f"{key}: not desired but still active")
    seeded_connectors = {u["id"]: u for u in tenant if u.get("roleId") == 12}
    live = {u["id"]: u for u in state}
    for uid, seeded in seeded_connectors.items():
        now = live.get(uid)
        if now is None or any(now.get(k) != v for k, v in seeded.items()):
            failures.append(f"connector user {uid} was changed")
    for f in failures:
        print("demo-verify:", f)
    print(f"demo-verify: {len(wanted)} desired users, {len(state)} accounts, {len(failures)} problems")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
