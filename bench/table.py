"""The benchmark's one table: measure / now (median · max of the samples) / target / met?,
then the peers side by side from the same run. Reads the results dict of run.py."""

from __future__ import annotations

from common import maximum, median

KEYPRESS = 0.030  # issue #18: keypress -> screen after a write, in 30 ms
NAVIGATION = 0.050  # issue #7: moves and views in 50 ms
FIRST_PAINT = 0.4
CLI = {"status": 0.060, "status --format": 0.060, "start": 0.075, "stop": 0.075, "list": 0.080}
PEAK_RSS_MB = 80
REPORT, REVIEW, INVOICE, EXPORT = 0.100, 0.200, 3.0, 3.0


def duration(seconds) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def section(self, title: str) -> None:
        self.rows.append((f"— {title}", "", "", ""))

    def add(self, name: str, now: str, target: str = "", met: str = "") -> None:
        self.rows.append((name, now, target, met))

    def time(self, name: str, samples, target: float | None = None, note: str = "",
             target_text: str | None = None) -> None:
        """A timed row: median · max of its samples, met when the median is within target."""
        if isinstance(samples, dict) and ("error" in samples or "skipped" in samples):
            self.add(name, "FAILED" if "error" in samples else "skipped", "",
                     (samples.get("error") or samples.get("skipped"))[-110:])
            return
        mid, top = median(samples), maximum(samples)
        if mid is None:
            self.add(name, "no samples", "", "?")
            return
        runs = samples.get("runs") if isinstance(samples, dict) else samples
        count = len(runs) if isinstance(runs, list) else 1
        now = f"{duration(mid)} · max {duration(top)}" if count > 1 else duration(mid)
        if note:
            now += f" ({note})"
        if target is None:
            self.add(name, now, target_text or "", "")
        else:
            self.add(name, now, target_text or f"≤ {duration(target)}",
                     "met" if mid <= target else "MISSED")

    def print(self) -> None:
        width = max(len(r[0]) for r in self.rows)
        now_width = min(max(len(r[1]) for r in self.rows), 60)
        print(f"\n{'measure'.ljust(width)}  {'now (median · max)'.ljust(now_width)}  "
              f"{'target':16}  met?")
        for name, now, target, met in self.rows:
            if name.startswith("— "):
                print(f"\n{name}")
                continue
            print(f"{name.ljust(width)}  {now.ljust(now_width)}  {target:16}  {met}")


def print_all(results: dict) -> None:
    table = Table()
    first_paint_rows(table, results)
    probe_rows(table, results.get("tui"))
    probe_rows(table, results.get("tui_proposed"), "[proposed] ")
    cli_rows(table, results.get("cli"))
    billing_rows(table, results)
    other_rows(table, results)
    table.print()
    peer_rows(results)
    plans = results.get("query_plans") or {}
    if plans:
        print("\nquery plans (one run each):")
        for name, plan in plans.items():
            if isinstance(plan, dict):
                print(f"  {name}: {plan.get('ms', 0):.1f} ms  {' | '.join(plan.get('plan', []))}")


def first_paint_rows(table: Table, results: dict) -> None:
    terminal = results.get("terminal_first_paint") or {}
    first = results.get("tui_first_paint")
    if not (terminal or first):
        return
    records = results["database"]["records"]
    table.section(f"TUI first paint ({records:,}-record database; the view it opens on: "
                  f"{(results.get('tui') or {}).get('opens_on', '?')})")
    for install in ("normal", "editable"):
        if install in terminal:
            table.time(f"tmux: spawn → first record rows visible ({install} install)",
                       terminal[install], FIRST_PAINT)
    if first and "error" not in first:
        table.time("headless: spawn → end of the first rows' frame", first["from_spawn_s"],
                   FIRST_PAINT)
        table.time("headless: make_app → end of the first rows' frame", first["make_app_s"])
        table.add("peak memory at first paint (ru_maxrss)",
                  f"{median(first['peak_rss_mb']):.0f} MB · max "
                  f"{maximum(first['peak_rss_mb']):.0f} MB", f"≤ {PEAK_RSS_MB} MB",
                  "met" if median(first["peak_rss_mb"]) <= PEAK_RSS_MB else "MISSED")
    elif first:
        table.time("headless first paint", first)


def probe_rows(table: Table, tui: dict | None, label: str = "") -> None:
    """The rows of one run of tui_probe.py (LABEL: "[proposed] " for the --proposed run)."""
    if not tui:
        return
    if "error" in tui:
        table.add(f"{label}TUI probe", "FAILED", "", tui["error"][-200:])
        return
    failed = tui.get("failed", {})
    table.section(f"{label}TUI keypress → last affected widget repainted (after the write)")
    for key, name in (("tui_start_s", "start: s, picker, Enter (bar + table row)"),
                      ("tui_switch_s", "switch: w, picker, Enter (bar + both rows)"),
                      ("tui_stop_s", "stop: x (bar + table row)"),
                      ("editor_save_s", "editor save: e, description, Ctrl+S (row)"),
                      ("filter_search_enter_s", "filter change: / words Enter (rows)"),
                      ("filter_search_changed_s", "filter change: words (after debounce)"),
                      ("filter_customer_s", "filter change: customer (after debounce)")):
        parts = [f"{part} {duration(median(tui[f'{key}:{part}']))}"
                 for part in ("write", "bar", "table") if f"{key}:{part}" in tui]
        tui_row(table, tui, failed, key, name, KEYPRESS, ", ".join(parts))
    for key, name in (("picker_open_s_s", "open the start picker: s → choices drawn"),
                      ("picker_open_w_s", "open the switch picker: w → choices drawn"),
                      ("editor_open_s", "open the record editor: e → its choices loaded"),
                      ("mode_calendar_s", "mode switch: 2 calendar (1st builds it)"),
                      ("mode_reports_s", "mode switch: 8 reports (1st builds it)"),
                      ("mode_back_to_timesheet_s", "mode switch: 1 back to the timesheet")):
        tui_row(table, tui, failed, key, name, None, target_text="(reported)")
    table.section(f"{label}TUI navigation (issue #7: ≤ 50 ms)")
    for key, name in (("period_shift_s", "previous week ([)"),
                      ("month_period_s", "week → month (p)"),
                      ("page_down_month_s", "page down (month)"),
                      ("calendar_month_view_s", "calendar: month view"),
                      ("calendar_week_view_s", "calendar: week view"),
                      ("calendar_month_shift_s", "calendar: previous month"),
                      ("team_table_first_paint_s",
                       f"team table first paint ({tui.get('team_rows', 0):,} rows)"),
                      ("team_page_down_s", "team: page down"),
                      ("team_jump_end_s", "team: jump to end"),
                      ("team_page_up_after_end_s", "team: page up after end"),
                      ("team_jump_middle_s", "team: jump to a middle row"),
                      ("team_jump_home_s", "team: jump home"),
                      ("team_search_s", "team: search (all records)")):
        tui_row(table, tui, failed, key, name, NAVIGATION)
    table.add(f"{label}TUI peak memory over the whole probe (ru_maxrss)", f"{tui['peak_rss_mb']:.0f} MB",
              f"≤ {PEAK_RSS_MB} MB", "met" if tui["peak_rss_mb"] <= PEAK_RSS_MB else "MISSED")
    pauses = tui.get("gc_full_pauses_s") or []
    table.add(f"{label}  full GC collections during the probe",
              f"{len(pauses)}, longest {duration(max(pauses) if pauses else None)}")
    along = tui.get("rss_mb_along", {})
    if along:
        table.add("  … after each part", " ".join(f"{k} {v:.0f}" for k, v in along.items()))


def tui_row(table: Table, tui: dict, failed: dict, key: str, name: str, target, note="",
            target_text=None) -> None:
    """A row of the probe, or why it failed (the part that raised StepFailed)."""
    if key in tui:
        table.time(name, tui[key], target, note, target_text)
        return
    reason = failed.get(key) or next((why for part, why in failed.items()), "not measured")
    table.add(name, "FAILED", "", reason[-110:])


def cli_rows(table: Table, cli: dict | None) -> None:
    if not cli:
        return
    table.section("CLI as whole processes (status timed while a record runs)")
    table.time("python -c pass (the venv's interpreter: the floor)",
               cli["floor python -c pass"])
    table.time(f"python3 -c pass ({cli.get('python3 on PATH')})", cli["floor python3 -c pass"])
    for install in ("normal", "editable"):
        data = cli.get(install)
        if not data:
            continue
        if "error" in data:
            table.add(f"CLI ({install} install)", "skipped", "", data["error"][-110:])
            continue
        for command, target in CLI.items():
            table.time(f"{command} ({install})", data[command], target)
    imports = cli.get("imports", {})
    for name in ("status", "list"):
        if name in imports:
            found = imports[name]
            table.add(f"  imports of {name} ({imports.get('install')})",
                      f"{found['modules']} modules; {', '.join(found['slowest'][:3])}")


def billing_rows(table: Table, results: dict) -> None:
    processes = results.get("processes") or {}
    billing = results.get("billing") or {}
    table.section(f"Reports, review queue, invoice (month {processes.get('month', '?')})")
    if "error" in billing:
        table.add("billing probe (in-process)", "FAILED", "", billing["error"][-110:])
    for name, row in (billing.get("reports") or {}).items():
        table.time(f"report {name}, service", row, REPORT)
    for name, row in (billing.get("review") or {}).items():
        table.time(f"review queue {name}, service", row, REVIEW)
    invoice = billing.get("invoice")
    if invoice:
        table.time(f"invoice of {invoice['records']:,} records: create, service",
                   invoice["create_s"])
        table.time(f"invoice of {invoice['records']:,} records ({invoice['lines']:,} lines): "
                   "PDF", invoice["pdf_s"], INVOICE)
    for name, row in processes.items():
        if name == "month":
            continue
        target = INVOICE if name.startswith("invoice") else None
        table.time(f"{name} (process)", row, target)


def other_rows(table: Table, results: dict) -> None:
    table.section("Export, import, demo build")
    exp = results.get("export")
    if exp and "runs" in exp:
        table.time(f"CSV export {exp['rows']:,} records (process)", exp, EXPORT,
                   target_text="≤ 3 s (100k)")
    kim = results.get("kimai_import")
    if kim and "first_s" in kim:
        table.add(f"import kimai {kim['records']:,} records / {kim['users']} users (MariaDB)",
                  f"{kim['first_s']:.1f} s ({kim['records_per_s']:,.0f} rec/s)",
                  "≤ 120 s (1M)",
                  "met" if kim["first_s"] <= 120 or kim["records"] < 1_000_000 else "MISSED")
        table.add("import kimai totals = Kimai's", "equal" if kim.get("totals_match")
                  else "DIFFER", "equal", "met" if kim.get("totals_match") else "MISSED")
        table.add("import kimai re-run (nothing changed)", f"{kim['rerun_s']:.1f} s")
        table.add("import kimai peak memory (ru_maxrss)", f"{kim['peak_rss_mb']:.0f} MB")
    elif kim:
        table.add("import kimai", "skipped", "",
                  (kim.get("skipped") or kim.get("error", ""))[-110:])
    info = results["database"]
    table.add(f"demo build {info['records']:,} records / {info['users']} users (cached)",
              f"{info['build_s']:.1f} s", "≤ 60 s (1M)",
              "met" if info["build_s"] <= 60 or info["records"] < 1_000_000 else "MISSED")


def peer_rows(results: dict) -> None:
    """start, stop and a month's summary: kimai-tui (both installs, and inside the running
    TUI) beside Watson and Timewarrior, medians of the same run."""
    peers, cli = results.get("peers"), results.get("cli") or {}
    if not peers:
        return
    tui = results.get("tui") or {}
    processes = results.get("processes") or {}
    ours = {
        "start": [cli.get("normal", {}).get("start"), cli.get("editable", {}).get("start"),
                  tui.get("tui_start_s")],
        "stop": [cli.get("normal", {}).get("stop"), cli.get("editable", {}).get("stop"),
                 tui.get("tui_stop_s")],
        "month summary": [processes.get("report (projects, own month)"), None, None],
    }
    theirs = {name: peers.get(name, {}) for name in ("watson", "timewarrior")}
    print(f"\npeers ({peers['records']:,} records each; medians of this run; kimai-tui "
          f"normal / editable install as processes, and in the running TUI to the frame)")
    header = ["", "kimai-tui normal", "editable", "in the TUI", "Watson", "Timewarrior"]
    print("  ".join(h.ljust(18) for h in header))
    for op, mine in ours.items():
        cells = [op] + [duration(median(v)) if v and "error" not in v else "-" for v in mine]
        for peer in theirs.values():
            value = peer.get(op)
            cells.append(duration(median(value)) if value else
                         ("skipped" if "skipped" in peer else "-"))
        print("  ".join(c.ljust(18) for c in cells))
    for peer, data in theirs.items():
        if "skipped" in data:
            print(f"  {peer} skipped: {data['skipped']}")
