"""Bringing Kimai's users, customers, projects, activities, tags, teams and price rules over
(issue 19). Each step reads its Kimai tables, maps every row (rules/kimai_mapping.py) and
writes through data/import_store.py, remembering Kimai's id. Runs inside the import's one
write transaction (services/kimai_import.py).

`Ids` carries Kimai id -> our id per kind, for the steps after (and for the records).
"""

from __future__ import annotations

from collections import defaultdict

from kimai_tui.data import import_store as store
from kimai_tui.data.kimai_source import KimaiSource
from kimai_tui.rules import kimai_mapping as km
from kimai_tui.rules.permissions import ROLE_SUPER_ADMIN, ROLE_USER
from kimai_tui.services.import_report import ImportReport

SOURCE = "kimai"
ORDER_NUMBER_MAX = 50  # ours (Kimai validates 50 too, but its column is a TINYTEXT)


class Ids(dict):
    """kind -> {Kimai id: our id}."""

    def of(self, kind: str) -> dict[int, int]:
        """Kimai id -> our id for KIND (empty at first)."""
        return self.setdefault(kind, {})


def _meta(kimai: KimaiSource, table: str, column: str) -> dict[int, dict[str, str]]:
    out: dict[int, dict[str, str]] = defaultdict(dict)
    for row in kimai.table(table):
        out[row[column]][km.meta_name(row["name"])] = row["value"] if row["value"] is not \
            None else ""
    return out


def import_users(kimai: KimaiSource, report: ImportReport, ids: Ids, acting_user_id: int,
                 default_tz: str) -> None:
    """kimai2_users + kimai2_user_preferences -> our users (username, alias, e-mail, staff
    number, roles, enabled, time zone, hourly and internal rate, 12-hour preference)."""
    prefs: dict[int, dict[str, str]] = defaultdict(dict)
    for row in kimai.table("kimai2_user_preferences"):
        if row["user_id"] is not None:
            prefs[row["user_id"]][row["name"]] = row["value"]
    found = store.links(SOURCE, "user")
    outcome = report.outcome("user")
    for row in kimai.table("kimai2_users"):
        kid = row["id"]
        pref = prefs.get(kid, {})
        roles, unknown = km.php_roles(row["roles"])
        for name in unknown:
            report.skip("user", kid, f"role {name} is not one of ours; {row['username']} keeps "
                                     f"{', '.join(roles)}")
        tz = pref.get("timezone") or default_tz
        if km.zone(tz) is None:
            report.skip("user", kid, f"time zone {tz!r} is unknown here; UTC is used")
            tz = "UTC"
        hourly = km.money(_number(pref.get("hourly_rate")))
        internal = km.money(_number(pref.get("internal_rate")))
        values = {"username": row["username"], "alias": row["alias"] or "",
                  "email": row["email"] or "", "staff_number": row.get("account") or "",
                  "timezone": tz, "roles": ",".join(roles),
                  "hourly_rate": hourly, "internal_rate": internal,
                  "enabled": bool(row["enabled"]),
                  "time_format": km.time_format(pref)}
        adopt = None
        if str(kid) not in found.known:
            adopt = store.user_id_by_name(row["username"])
        if adopt == acting_user_id or found.known.get(str(kid), (None,))[0] == acting_user_id:
            # Never lock the admin who runs the import out of their own installation.
            kept = tuple(r for r in roles if r != ROLE_USER) + (ROLE_SUPER_ADMIN,)
            values["roles"] = ",".join(dict.fromkeys(kept))
            values["enabled"] = True
        digest = km.digest(*values.values())
        ids.of("user")[kid], _ = store.upsert(found, str(kid), values, digest, outcome, adopt)


def _number(text: str | None):
    if text is None or str(text).strip() == "":
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _budgets(row: dict) -> dict:
    return {"budget": km.budget_money(row.get("budget")),
            "time_budget": km.budget_seconds(row.get("time_budget")),
            "budget_type": km.budget_type(row.get("budget_type"))}


def import_customers(kimai: KimaiSource, report: ImportReport, ids: Ids,
                     meta_names: dict[str, set[str]]) -> None:
    """kimai2_customers (+ _meta) -> our customers; the currency of every amount."""
    meta = _meta(kimai, "kimai2_customers_meta", "customer_id")
    found = store.links(SOURCE, "customer")
    outcome = report.outcome("customer")
    for row in kimai.table("kimai2_customers"):
        kid = row["id"]
        currency = (row["currency"] or "").strip().upper()
        if not km.known_currency(currency):
            report.skip("customer", kid, f"currency {row['currency']!r} is not an ISO 4217 "
                                         "code we know; kept as it is")
        tz = row.get("timezone") or "UTC"
        if km.zone(tz) is None:
            report.skip("customer", kid, f"time zone {tz!r} is unknown here; UTC is used")
            tz = "UTC"
        values = {"name": row["name"], "number": row.get("number") or "",
                  "comment": row.get("comment") or "", "company": row.get("company") or "",
                  "vat_id": row.get("vat_id") or "", "contact": row.get("contact") or "",
                  "email": row.get("email") or "",
                  "phone": row.get("phone") or row.get("mobile") or "",
                  "address": km.address(row), "timezone": tz, "currency": currency[:3],
                  "color": km.color(row.get("color")), "visible": bool(row["visible"]),
                  "billable": km.flag(row.get("billable")), **_budgets(row)}
        values_meta = meta.get(kid, {})
        meta_names["customer"].update(values_meta)
        digest = km.digest(*values.values(), sorted(values_meta.items()))
        local, wrote = store.upsert(found, str(kid), values, digest, outcome)
        ids.of("customer")[kid] = local
        if wrote:
            store.set_meta("customer", local, values_meta)


def import_projects(kimai: KimaiSource, report: ImportReport, ids: Ids,
                    meta_names: dict[str, set[str]]) -> None:
    """kimai2_projects (+ _meta) -> our projects; validity dates as local dates."""
    meta = _meta(kimai, "kimai2_projects_meta", "project_id")
    found = store.links(SOURCE, "project")
    outcome = report.outcome("project")
    customers = ids.of("customer")
    for row in kimai.table("kimai2_projects"):
        kid = row["id"]
        if row["customer_id"] not in customers:
            report.skip("project", kid, f"its customer #{row['customer_id']} was not imported")
            continue
        order_number = row.get("order_number") or ""
        if len(order_number) > ORDER_NUMBER_MAX:
            report.skip("project", kid, f"order number longer than {ORDER_NUMBER_MAX} "
                                        f"characters, cut: {order_number!r}")
            order_number = order_number[:ORDER_NUMBER_MAX]
        values = {"customer": customers[row["customer_id"]], "name": row["name"],
                  "number": row.get("number") or "", "order_number": order_number,
                  "comment": row.get("comment") or "",
                  "color": km.color(row.get("color")), "visible": bool(row["visible"]),
                  "billable": km.flag(row.get("billable")),
                  "start_date": km.local_date(row.get("start"), row.get("timezone")),
                  "end_date": km.local_date(row.get("end"), row.get("timezone")),
                  "global_activities": km.flag(row.get("global_activities")), **_budgets(row)}
        values_meta = meta.get(kid, {})
        meta_names["project"].update(values_meta)
        digest = km.digest(*values.values(), sorted(values_meta.items()))
        local, wrote = store.upsert(found, str(kid), values, digest, outcome)
        ids.of("project")[kid] = local
        if wrote:
            store.set_meta("project", local, values_meta)


def import_activities(kimai: KimaiSource, report: ImportReport, ids: Ids,
                      meta_names: dict[str, set[str]]) -> None:
    """kimai2_activities (+ _meta) -> our activities; project_id NULL = global."""
    meta = _meta(kimai, "kimai2_activities_meta", "activity_id")
    found = store.links(SOURCE, "activity")
    outcome = report.outcome("activity")
    projects = ids.of("project")
    for row in kimai.table("kimai2_activities"):
        kid = row["id"]
        project = None
        if row["project_id"] is not None:
            if row["project_id"] not in projects:
                report.skip("activity", kid, f"its project #{row['project_id']} was not "
                                             "imported")
                continue
            project = projects[row["project_id"]]
        values = {"project": project, "name": row["name"], "number": row.get("number") or "",
                  "comment": row.get("comment") or "", "color": km.color(row.get("color")),
                  "visible": bool(row["visible"]), "billable": km.flag(row.get("billable")),
                  **_budgets(row)}
        values_meta = meta.get(kid, {})
        meta_names["activity"].update(values_meta)
        digest = km.digest(*values.values(), sorted(values_meta.items()))
        local, wrote = store.upsert(found, str(kid), values, digest, outcome)
        ids.of("activity")[kid] = local
        if wrote:
            store.set_meta("activity", local, values_meta)


def import_tags(kimai: KimaiSource, report: ImportReport, ids: Ids) -> None:
    """kimai2_tags -> our tags (by name; Kimai's colour and visibility have no place here)."""
    found = store.links(SOURCE, "tag")
    outcome = report.outcome("tag")
    for row in kimai.table("kimai2_tags"):
        kid = row["id"]
        values = {"name": row["name"]}
        adopt = store.named_id("tag", row["name"]) if str(kid) not in found.known else None
        ids.of("tag")[kid], _ = store.upsert(found, str(kid), values, km.digest(row["name"]),
                                             outcome, adopt)


def import_teams(kimai: KimaiSource, report: ImportReport, ids: Ids) -> None:
    """kimai2_teams with members (teamlead flag: several leads) and the customers, projects
    and activities each team restricts."""
    members: dict[int, dict[int, bool]] = defaultdict(dict)
    for row in kimai.table("kimai2_users_teams", order="team_id, user_id"):
        user = ids.of("user").get(row["user_id"])
        if user is None:
            report.skip("team", row["team_id"], f"member user #{row['user_id']} was not "
                                                "imported")
            continue
        members[row["team_id"]][user] = bool(row.get("teamlead"))
    links: dict[str, dict[int, list[int]]] = {}
    for kind in ("customer", "project", "activity"):
        table = {"customer": "kimai2_customers_teams", "project": "kimai2_projects_teams",
                 "activity": "kimai2_activities_teams"}[kind]
        per_team: dict[int, list[int]] = defaultdict(list)
        for row in kimai.table(table, order=f"team_id, {kind}_id"):
            local = ids.of(kind).get(row[f"{kind}_id"])
            if local is not None:
                per_team[row["team_id"]].append(local)
        links[kind] = per_team
    found = store.links(SOURCE, "team")
    outcome = report.outcome("team")
    for row in kimai.table("kimai2_teams"):
        kid = row["id"]
        team_members = members.get(kid, {})
        if team_members and not any(team_members.values()):
            report.skip("team", kid, f"team {row['name']!r} has no lead in Kimai; imported "
                                     "without one (add a lead with `team edit`)")
        restrict = [sorted(links[k].get(kid, [])) for k in ("customer", "project", "activity")]
        digest = km.digest(row["name"], sorted(team_members.items()), *restrict)
        adopt = store.named_id("team", row["name"]) if str(kid) not in found.known else None
        local, wrote = store.upsert(found, str(kid), {"name": row["name"]}, digest, outcome,
                                    adopt)
        ids.of("team")[kid] = local
        if wrote:
            store.set_team(local, team_members, *restrict)


def import_rates(kimai: KimaiSource, report: ImportReport, ids: Ids) -> None:
    """kimai2_{customers,projects,activities}_rates -> our price rules (user NULL = the
    catch-all; fixed = a price per record; internal rate as stored)."""
    found = store.links(SOURCE, "rate")
    outcome = report.outcome("rate")
    for level in ("customer", "project", "activity"):
        table = {"customer": "kimai2_customers_rates", "project": "kimai2_projects_rates",
                 "activity": "kimai2_activities_rates"}[level]
        for row in kimai.table(table):
            key = f"{level}:{row['id']}"
            entity = ids.of(level).get(row[f"{level}_id"])
            user = None
            if entity is None:
                report.skip("rate", key, f"its {level} #{row[f'{level}_id']} was not imported")
                continue
            if row["user_id"] is not None:
                user = ids.of("user").get(row["user_id"])
                if user is None:
                    report.skip("rate", key, f"its user #{row['user_id']} was not imported")
                    continue
            values = {"customer": None, "project": None, "activity": None, level: entity,
                      "user": user, "rate": km.money(row["rate"]),
                      "internal_rate": km.money(row.get("internal_rate")),
                      "fixed": bool(row["fixed"])}
            adopt = store.find_price_rule(level, entity, user) \
                if key not in found.known else None
            store.upsert(found, key, values, km.digest(*values.values()), outcome, adopt)
