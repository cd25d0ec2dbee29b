#!/usr/bin/env python3
"""Builds the demo's Jira Align tenant (a jira-align-sim seed) around a desired
state, so the first plan shows every kind of action:

  most desired users already have active accounts (some with a stale title),
  some have deactivated accounts (isLocked -1, a few legacy 1)  -> reactivate
                              (the demo policy says locked: reactivate)
  some have pre-integration accounts with no externalId        -> link
  some have connector accounts lacking divisionId/cityId       -> repair first
  some have no account at all                                  -> create
  leavers: active accounts nobody desires                      -> deactivate
  connector "Integrated Users" (roleId 12, no externalId)      -> ignored
  a break-glass admin (protected)                              -> left alone

Usage: demo-tenant.py users.yaml tenant.json [--seed N]
Deterministic for a given input and seed.
"""
import json
import random
import sys

import yaml


def main():
    args = sys.argv[1:]
    seed = 7
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i : i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    desired_path, out_path = args
    with open(desired_path, encoding="utf-8") as f:
        desired = yaml.safe_load(f)["users"]
    rng = random.Random(seed)
    regions = {"AMER": (1, 11), "EMEA": (2, 21), "APAC": (3, 31)}
    users = []

    def account(d, **over):
        region, city = regions.get((d.get("region") or "AMER").upper(), (1, 11))
        u = {
            "externalId": d["externalId"],
            "firstName": d["firstName"],
            "lastName": d["lastName"],
            "email": d["email"],
            "title": d.get("title", ""),
            "roleId": 7,
            "costCenterId": 100,
            "divisionId": 200,
            "regionId": region,
            "cityId": city,
            "isExternal": 0,
            "isLocked": 0,
        }
        u.update(over)
        users.append(u)

    for d in desired:
        r = rng.random()
        if r < 0.08:
            continue  # no account yet -> create
        elif r < 0.14:
            account(d, isLocked=-1, userEndDate="2026-06-30T00:00:00Z")
        elif r < 0.15:
            account(d, isLocked=1)  # the legacy value the seed script never re-enables
        elif r < 0.18:
            account(d, externalId=None)  # made before the integration -> link by email
        elif r < 0.20:
            account(d, divisionId=None, cityId=None)  # connector-made -> repair
        elif r < 0.28:
            account(d, title="Former " + (d.get("title") or "Intern"))  # stale title -> update
        else:
            account(d)
    for i in range(20):  # leavers: still active, not in the directory group
        account(
            {
                "externalId": f"leaver{i:02d}",
                "firstName": "Former",
                "lastName": f"Employee{i:02d}",
                "email": f"leaver{i:02d}@corp.example.com",
                "title": "Analyst",
                "region": rng.choice(list(regions)),
            }
        )
    for i in range(8):  # connector "Integrated Users": ignored by the policy
        users.append(
            {
                "externalId": None,
                "firstName": "Jira",
                "lastName": f"Integration{i}",
                "email": f"jira-bot{i}@corp.example.com",
                "roleId": 12,
                "isLocked": 0,
                "costCenterId": 100,
                "regionId": 1,
            }
        )
    users.append(
        {
            "externalId": "ja-breakglass",
            "firstName": "Break",
            "lastName": "Glass",
            "email": "ja-breakglass@corp.example.com",
            "roleId": 9,
            "isLocked": 0,
            "costCenterId": 100,
            "divisionId": 200,
            "regionId": 1,
            "cityId": 11,
        }
    )
    tenant = {
        "regions": [{"id": 1, "name": "AMER"}, {"id": 2, "name": "EMEA"}, {"id": 3, "name": "APAC"}],
        "cities": [
            {"id": 11, "name": "AMER – Remote", "regionId": 1},
            {"id": 21, "name": "EMEA – Remote", "regionId": 2},
            {"id": 31, "name": "APAC – Remote", "regionId": 3},
        ],
        "costCenters": [{"id": 100, "name": "Engineering"}, {"id": 101, "name": "Sales"}],
        "divisions": [{"id": 200, "name": "Corporate"}, {"id": 201, "name": "Field"}],
        "users": [
            dict({"id": 1001 + i}, **{k: v for k, v in u.items() if v is not None})
            for i, u in enumerate(users)
        ],
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(tenant, f, indent=1, ensure_ascii=False)
    print(f"demo-tenant: {len(tenant['users'])} accounts for {len(desired)} desired users -> {out_path}")


if __name__ == "__main__":
    main()
