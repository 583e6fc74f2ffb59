"""The `ilr` command line: each command opens the workbook, calls one use case of `addin.app`
and renders the result. `IlrError`s become one plain message and exit code 2; a refresh or check
that finds error-level problems in the rows exits 1."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.status import Status

from addin.show import print_copy, print_findings, print_refresh, print_snapshot, save_packet
from sheets_templates.errors import IlrError, UsageError
from sheets_templates.files import check_new_file
from sheets_templates.findings import Severity

if TYPE_CHECKING:
    from addin.rollup import RollupResult
    from addin.rollup import SchoolSource as RollupSource
    from sync.backend import Backend

COLLECTOR_THRESHOLDS = (100_000, 50, 100)  # see `main`

app = typer.Typer(
    name="ilr",
    help="ILR Sheets: walkthrough coverage, trends and de-identified coaching copies from "
    "the workbook your leadership team already keeps.\n\n"
    "Start with [bold]ilr demo[/bold], then [bold]ilr refresh YOUR-BOOK.xlsx[/bold].",
    no_args_is_help=True,
    rich_markup_mode="rich",
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)


def _as_of_date(text: str) -> dt.datetime:
    """`--as-of` as a date, or the one sentence that says how to write it."""
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError:
        raise typer.BadParameter(
            f"'{text}' is not a date this tool reads here: write the date as 2026-11-20."
        ) from None


AsOf = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of",
        parser=_as_of_date,
        metavar="YYYY-MM-DD",
        help="Compute as if today were this date (YYYY-MM-DD). Default: today.",
    ),
]
Target = Annotated[str, typer.Argument(help="An .xlsx/.xlsm file, or a Google Sheets link or key.")]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace the file if it exists (the old one is kept as a dated backup).",
    ),
]
Credentials = Annotated[
    Path | None,
    typer.Option(
        "--credentials",
        help="Google service-account key file (Google Sheets only). "
        "Default: $ILR_GOOGLE_CREDENTIALS, then the token saved by `ilr login`.",
    ),
]


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn an `IlrError` into one plain message and exit code 2."""
    try:
        yield
    except IlrError as error:
        errors.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(2) from None


@contextmanager
def progress_status(first: str) -> Iterator[Status]:
    """A spinner with the current stage, so the terminal is never silent for long."""
    with console.status(first) as status:
        yield status


@contextmanager
def opened(target: str, credentials: Path | None) -> Iterator[Backend]:
    """The workbook, open until the block ends.

    Open it before importing the reports: a workbook file starts reading its input tabs at
    once, and the read goes on while Python loads pandas and the reports.
    """
    from sync.open import open_backend

    backend = open_backend(target, credentials=credentials)
    try:
        yield backend
    finally:
        backend.close()


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


@app.command()
def demo(
    path: Annotated[Path, typer.Argument(help="Where to write the demo workbook.")] = Path(
        "ilr-demo.xlsx"
    ),
    as_of: AsOf = None,
    seed: Annotated[int, typer.Option(help="Another seed gives another demo school.")] = 7,
    force: Force = False,
) -> None:
    """Write a realistic demo school workbook and refresh it.

    Example: [bold]ilr demo[/bold]  or  [bold]ilr demo ~/Desktop/demo.xlsx --as-of 2026-11-20[/bold]
    """
    from addin.app import refresh
    from sheets_templates.demo import demo_day, write_demo_workbook
    from sheets_templates.parse import check_as_of
    from sync.xlsx import XlsxBackend, XlsxOptions

    asked = _date(as_of) or dt.date.today()
    with friendly_errors():
        check_as_of(asked)
        check_new_file(path, force=force)
    day = demo_day(asked)
    if day != asked:
        console.print(
            f"{asked:%b %-d, %Y} is outside the demo's school year: it shows the year that "
            f"ended on {day:%b %-d, %Y}."
        )
    with friendly_errors(), progress_status("Writing the demo school") as status:
        write_demo_workbook(path, day, seed=seed)
        # The file was written a moment ago: a backup of it would only be clutter.
        demo_book = XlsxBackend(path, XlsxOptions(backup=False))
        result = refresh(demo_book, as_of=day, progress=status.update)
    print_refresh(console, result)
    console.print(
        f"Open [bold]{path}[/bold]: start with the Summary tab, then Coverage and Next Visits."
    )


@app.command()
def template(
    path: Annotated[Path, typer.Argument(help="Where to write the empty workbook.")],
    excel: Annotated[
        bool, typer.Option("--excel", help="A macro-enabled .xlsm with a Refresh button.")
    ] = False,
    force: Force = False,
) -> None:
    """Write an empty, ready-to-use workbook with every input tab.

    Example: [bold]ilr template walkthroughs.xlsx[/bold]
    """
    with friendly_errors():
        check_new_file(path, force=force)
        if excel:
            from addin.excel.workbook import build_template_xlsm

            build_template_xlsm(path)
        else:
            from sheets_templates.template import build_template

            build_template(path)
    console.print(f"Wrote {path}. Fill in Roster, Framework and Settings, then log visits.")


@app.command()
def refresh(target: Target, as_of: AsOf = None, credentials: Credentials = None) -> None:
    """Check the input tabs and rewrite the output tabs.

    Example: [bold]ilr refresh walkthroughs.xlsx --as-of 2026-11-20[/bold]
    """
    with (
        friendly_errors(),
        progress_status("Opening the workbook") as status,
        opened(target, credentials) as backend,
    ):
        from addin.rollup import is_district

        if is_district(backend):  # a School List tab: the district's workbook rolls up
            _finish_rollup(_refresh_district(backend, as_of, credentials))
            return
        from addin.app import refresh as run_refresh

        result = run_refresh(backend, as_of=_date(as_of), progress=status.update)
    print_refresh(console, result)
    if result.count(Severity.ERROR):
        raise typer.Exit(1)


@app.command()
def check(
    target: Target,
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="Findings as JSON.")] = False,
    credentials: Credentials = None,
) -> None:
    """List every problem in the input tabs, without writing anything.

    Example: [bold]ilr check walkthroughs.xlsx[/bold]   (exit code 1 if any error)
    """
    # Progress goes to stderr, so `--json` output stays clean on stdout.
    with (
        friendly_errors(),
        errors.status("Opening the workbook") as status,
        opened(target, credentials) as backend,
    ):
        from addin.app import check as run_check

        result = run_check(backend, as_of=_date(as_of), progress=status.update)
    if as_json:
        report = json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str)
        sys.stdout.write(report + "\n")
    else:
        from reports.tabs.summary import share_text

        stats = result.stats
        print_findings(console, result.findings)
        console.print(
            f"Rows checked: {sum(stats.rows.values()):,}. Errors: {stats.errors}. "
            f"Warnings: {stats.warnings}. Rows clean: {share_text(stats.rows_clean)}."
        )
        if result.year_note:
            console.print(result.year_note, markup=False)
    if not result.valid:
        raise typer.Exit(1)


@app.command()
def packet(
    target: Target,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write it: a .pdf or .html file.")
    ] = Path("ilt-packet.pdf"),
    as_of: AsOf = None,
    credentials: Credentials = None,
    force: Force = False,
) -> None:
    """Write the two-page ILT meeting packet (team figures only; no teacher is named).

    Example: [bold]ilr packet walkthroughs.xlsx -o packet.pdf[/bold]
    """
    with friendly_errors(), progress_status("Opening the workbook") as status:
        check_new_file(output, force=force)
        with opened(target, credentials) as backend:
            from addin.app import packet as draw_packet
            from reports.exports.packet import PacketFormat

            drawn = draw_packet(
                backend,
                PacketFormat.for_file(output),
                as_of=_date(as_of),
                progress=status.update,
            )
        save_packet(output, drawn.data, keep_old=force)
    console.print(f"Wrote {output}: print both pages for the meeting.")


@app.command()
def snapshot(
    target: Target,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write it: a .pdf or .html file.")
    ] = Path("staff-snapshot.pdf"),
    month: Annotated[
        dt.datetime | None,
        typer.Option(
            "--month",
            formats=["%Y-%m"],
            help="The month to show (YYYY-MM). Default: the last full month.",
        ),
    ] = None,
    current: Annotated[
        bool, typer.Option("--current", help="The month still running, so far.")
    ] = False,
    as_of: AsOf = None,
    credentials: Credentials = None,
    force: Force = False,
) -> None:
    """Write the one-page staff snapshot of a month: what the leaders saw, no one named.

    Example: [bold]ilr snapshot walkthroughs.xlsx -o staff.pdf --month 2026-11[/bold]
    """
    with friendly_errors(), progress_status("Opening the workbook") as status:
        check_new_file(output, force=force)
        with opened(target, credentials) as backend:
            from addin.app import snapshot as draw_snapshot
            from reports.exports.packet import PacketFormat

            drawn = draw_snapshot(
                backend,
                PacketFormat.for_file(output, "the snapshot"),
                month=_date(month),
                current=current,
                as_of=_date(as_of),
                progress=status.update,
            )
        save_packet(output, drawn.data, "the snapshot", keep_old=force)
    print_snapshot(console, output, drawn.month)


@app.command()
def deidentify(
    target: Target,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The new .xlsx workbook to share.")
    ],
    as_of: AsOf = None,
    tab: Annotated[str, typer.Option("--tab", help="The log to copy.")] = "Coaching",
    min_group: Annotated[
        int | None,
        typer.Option("--min-group", help="Smallest group shown. Default: Settings (5)."),
    ] = None,
    keep_coach: Annotated[
        bool, typer.Option("--keep-coach", help="Keep the Coach column.")
    ] = False,
    pseudonyms: Annotated[
        bool,
        typer.Option("--pseudonyms", help="Add a keyed pseudonym per teacher (links rows)."),
    ] = False,
    key_file: Annotated[
        Path | None,
        typer.Option("--key-file", help="The pseudonym key. Default: $ILR_PSEUDONYM_KEY."),
    ] = None,
    share: Annotated[
        list[str] | None,
        typer.Option("--share", help="Google Sheets: give this email edit access to the copy."),
    ] = None,
    force: Force = False,
    credentials: Credentials = None,
) -> None:
    """Write a de-identified copy of the coaching log into a new workbook, to share.

    Example: [bold]ilr deidentify walkthroughs.xlsx -o shared-coaching.xlsx[/bold]
    """
    from addin.pseudonym_key import load_key
    from sync.open import google_key

    with friendly_errors(), progress_status("Opening the workbook") as status:
        if share and google_key(target) is None:
            raise UsageError("--share works with Google Sheets only: share the new file yourself.")
        if google_key(target) is None:
            check_new_file(output, force=force)
        key = load_key(key_file) if pseudonyms else None
        with opened(target, credentials) as backend:
            from addin.app import deidentify as make_copy
            from reports.exports.deidentified import DeidentifyOptions

            options = DeidentifyOptions(min_group, keep_coach, key, tab, dt.datetime.now())
            copy = make_copy(
                backend, str(output), options, as_of=_date(as_of), progress=status.update
            )
            _share_copy(backend, share or [], copy.location)
    print_copy(console, copy, tab)


@app.command()
def rollup(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="School workbooks (.xlsx/.xlsm), folders of them, Google Sheets links or "
            "keys, or a .txt file listing them (one per line; a name, a tab, then the workbook)."
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "-o", "--output", help="The district workbook: an .xlsx file or a Google Sheets link."
        ),
    ],
    as_of: AsOf = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Processes computing schools. Default: one per core."
        ),
    ] = None,
    credentials: Credentials = None,
) -> None:
    """Roll every school's workbook up into one district workbook (no teacher is named).

    A new district file gets a School List tab of the schools, so [bold]ilr refresh
    district.xlsx[/bold] rolls it up again. The schools' workbooks are only read.

    Example: [bold]ilr rollup schools/ -o district.xlsx --as-of 2027-05-14[/bold]
    """
    from addin.rollup import RollupOptions, school_sources
    from addin.rollup import rollup as run_rollup

    with friendly_errors():
        found = school_sources(sources)
        options = RollupOptions(workers=workers, credentials=credentials)
        with _district_workbook(output, found, credentials) as district:
            result = run_rollup(
                district, found, as_of=_date(as_of), progress=_plain, options=options
            )
    _finish_rollup(result)


@app.command("excel-setup")
def excel_setup(
    workbook: Annotated[
        Path | None, typer.Argument(help="The .xlsm workbook with the Refresh button.")
    ] = None,
    perform: Annotated[
        bool,
        typer.Option("--perform", help="Do the steps through Excel (Windows with Excel only)."),
    ] = False,
) -> None:
    """Print (or, on Windows with Excel, perform) the one-time set-up of the Refresh button.

    Example: [bold]ilr excel-setup "ILR Sheets.xlsm"[/bold]
    """
    from addin.excel.setup import perform_setup, setup_steps

    with friendly_errors():
        if perform:
            if workbook is None:
                raise UsageError(
                    "Name the .xlsm workbook to set up, e.g. ilr excel-setup Book.xlsm"
                )
            done = perform_setup(workbook)
            for line in done:
                console.print(f"[green]Done:[/green] {line}")
            return
    console.print("One-time set-up of the Refresh button, in Excel:")
    for number, step in enumerate(setup_steps(workbook), start=1):
        console.print(f"{number}. {step}", soft_wrap=True)


@app.command()
def login(
    client_secrets: Annotated[
        Path,
        typer.Option(
            "--client-secrets",
            help="The OAuth client file ('Desktop app') from the school's Google Cloud project.",
        ),
    ],
) -> None:
    """Sign in to Google in your browser, so the tool can refresh the sheets you can edit.

    Example: [bold]ilr login --client-secrets client.json[/bold]
    """
    from sync.google import login as sign_in

    with friendly_errors():
        saved = sign_in(client_secrets)
    console.print(f"Signed in. The sign-in is saved in {saved}; `ilr refresh LINK` now uses it.")


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on: 0.0.0.0 in a container.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="Port to listen on.")] = 8080,
    credentials: Annotated[
        Path | None,
        typer.Option(
            "--credentials",
            help="The service account's key file. Default: $ILR_GOOGLE_CREDENTIALS "
            "(never the `ilr login` token).",
        ),
    ] = None,
    sheet_password: Annotated[
        str | None,
        typer.Option(
            "--sheet-password",
            metavar="LINK",
            help="Print the password of this sheet for its ILR > Set up..., then stop.",
        ),
    ] = None,
) -> None:
    """Run the web endpoint that the sheet's ILR > Refresh menu calls.

    Set ILR_SERVE_SECRET (a random secret of 32 characters or more, kept on the server: each
    sheet's password is made from it), or ILR_SERVE_AUDIENCE, ILR_SERVE_ALLOW (emails or
    domains) and ILR_SERVE_SPREADSHEETS to accept Google sign-in instead.

    Example: [bold]ILR_SERVE_SECRET=... ilr serve --host 0.0.0.0 --port 8080[/bold]  and for
    each sheet: [bold]ILR_SERVE_SECRET=... ilr serve --sheet-password LINK[/bold]
    """
    import logging

    from addin.google.jobs import google_refresher
    from addin.google.passwords import password_for
    from addin.google.server import ServeSettings, make_server

    settings = ServeSettings.from_environment()
    if sheet_password is not None:
        with friendly_errors():
            password = password_for(settings.secret or "", sheet_password)
        console.print(password, soft_wrap=True, highlight=False)
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with friendly_errors():
        settings.check()  # what callers need is said before what the server needs
        server = make_server(settings, google_refresher(credentials), host=host, port=port)
    console.print(f"Serving refreshes at {server.url} (Ctrl-C stops).")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.print("Stopped.")
    finally:
        server.server_close()


@app.command()
def watch(
    target: Annotated[str, typer.Argument(help="A Google Sheets link or key.")],
    every: Annotated[
        float, typer.Option("--every", min=5, help="Seconds between two looks at the box.")
    ] = 30,
    once: Annotated[bool, typer.Option("--once", help="Look once, then stop.")] = False,
    as_of: AsOf = None,
    credentials: Credentials = None,
) -> None:
    """Refresh a Google Sheet whenever its Refresh Now box (on the Settings tab) is ticked.

    The mode with no server: keep it running on any computer. After each refresh the box is
    unticked again (the only cell of your tabs the tool ever writes).

    Example: [bold]ilr watch https://docs.google.com/spreadsheets/d/KEY/edit --every 30[/bold]
    """
    from addin.google.watch import Watcher
    from sync.google import GoogleOptions, GoogleSheetsBackend

    with friendly_errors():
        backend = GoogleSheetsBackend.open(target, GoogleOptions(credentials=credentials))
        watcher = Watcher(backend, as_of=_date(as_of), say=_plain)
        try:
            if not once:
                watcher.look()  # no Settings tab or no box: say so now, not at the first poll
                console.print(
                    f"Watching {backend.location}: tick Refresh Now on the Settings tab to "
                    "refresh (Ctrl-C stops)."
                )
            watcher.watch(every, polls=1 if once else None)
        except KeyboardInterrupt:
            console.print("Stopped watching.")
        finally:
            backend.close()


def _share_copy(backend: object, emails: list[str], link: str) -> None:
    """Give each email edit access to a new Google Sheet. Raises `AccessError`."""
    from sync.google import GoogleSheetsBackend

    if isinstance(backend, GoogleSheetsBackend):
        for email in emails:
            backend.share(email, link)
            console.print(f"Shared {link} with {email}.", soft_wrap=True)


@contextmanager
def _district_workbook(
    output: str, sources: list[RollupSource], credentials: Path | None
) -> Iterator[Backend]:
    """The district workbook to write into; a new .xlsx file gets a School List of `sources`
    (paths relative to its folder), so a later refresh rolls the same schools up."""
    import os

    from sheets_templates.district import build_district_workbook
    from sync.open import google_key

    path = Path(output).expanduser()
    if google_key(output) is None and not path.exists():
        folder = path.resolve().parent
        listed = [
            (
                s.school,
                s.workbook if google_key(s.workbook) else os.path.relpath(s.workbook, folder),
            )
            for s in sources
        ]
        build_district_workbook(path, listed)
        console.print(f"Wrote a new district workbook, {path}, with a School List tab.")
    with opened(output, credentials) as backend:
        from sheets_templates.district import has_school_list
        from sheets_templates.schema import ROSTER, WALKTHROUGHS, input_sheets

        names = [info.name for info in backend.tabs()]
        school = {ROSTER.key, WALKTHROUGHS.key} & set(input_sheets(names))
        if school and has_school_list(names) is None:  # a school's workbook: only ever read
            raise UsageError(
                f"'{output}' is a school's workbook (it has a Roster or Walkthroughs tab): name "
                "a new file for the district, and ilr rollup makes it."
            )
        yield backend


def _refresh_district(
    backend: Backend, as_of: dt.datetime | None, credentials: Path | None
) -> RollupResult:
    from addin.rollup import RollupOptions, refresh_district

    options = RollupOptions(credentials=credentials)
    return refresh_district(backend, as_of=_date(as_of), progress=_plain, options=options)


def _finish_rollup(result: RollupResult) -> None:
    """The roll-up's one line; exit 1 when a school could not be read."""
    console.print(result.summary_line(), markup=False)
    for problem in result.problems:
        console.print(f"Not read: {problem.school}. {problem.reason}", markup=False)
    console.print(f"Open {result.location}: start with the District Summary tab.", markup=False)
    if result.problems:
        raise typer.Exit(1)


def _plain(line: str) -> None:
    console.print(line, markup=False, highlight=False)


def main() -> None:
    """Entry point of the `ilr` console script."""
    # A refresh makes millions of small objects that live until it ends. Python looks for
    # reference cycles every 700 new ones by default, scanning the survivors again and again;
    # every 100,000 is plenty for a command that ends in seconds.
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    app()
