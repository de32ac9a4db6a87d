"""Looking after the database and the program from the shell: demo data, migrations, the
benchmark, the keys, and shell completion."""

from __future__ import annotations

import click

from crm_tui import db_file, paths
from crm_tui.twin.common import DB_OPTION, USER_OPTION, database_url

SHELLS = ("bash", "zsh", "fish")


@click.command(name="demo", help="Fill a database with realistic demo data (refused where it holds records, "
               "unless --force).")
@click.option("--size", type=click.Choice(("small", "large")), default="small", show_default=True,
              help="small: 300 accounts, 900 contacts, 4,000 activities; large: 100,000 accounts, "
                   "300,000 contacts, 1,000,000 activities")
@click.option("--force", is_flag=True, help="add demo data even if the database holds records")
@DB_OPTION
@USER_OPTION
@click.pass_context
def demo_command(ctx, size, force, db, user):
    from crm_tui import commands

    return commands.demo(database_url(ctx, db), size, force, user or ctx.find_root().params.get("user"))


@click.command(name="migrate", help="Apply pending schema migrations and say what was done (a SQLite file is "
               "copied aside first).")
@DB_OPTION
@click.pass_context
def migrate_command(ctx, db):
    from crm_tui import commands

    return commands.migrate(database_url(ctx, db))


def _beside_checked(ctx, param, value: str | None) -> str | None:
    """An existing file (another run's JSON, or a SQLite database) or a PostgreSQL URL: never a new
    SQLite file made by opening a mistyped path."""
    from pathlib import Path

    if value is None or paths.is_postgres_url(value) or Path(value).is_file():
        return value
    if value.startswith("sqlite:") and db_file.sqlite_path(value).is_file():
        return value
    raise click.BadParameter(f"{value!r} is neither a file nor a PostgreSQL URL")


@click.command(name="bench", help="Measure list, timeline, search, launch, keys and the data commands against "
               "their budgets (exit 1 if one is missed).")
@click.option("--size", type=click.Choice(("small", "large")), default="large", show_default=True,
              help="the demo set to build when the database is empty")
@click.option("--runs", type=click.IntRange(1, 1000), default=30, show_default=True, help="repetitions of each figure")
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON")
@click.option("--markdown", "as_markdown", is_flag=True, help="print the figures as a Markdown table")
@click.option("--data-only", is_flag=True, help="only the figures read in this process: lists, timelines, search, "
              "queues, duplicates, My day (no launch, terminal or whole-command figures)")
@click.option("--beside", callback=_beside_checked, metavar="DB|FILE.json",
              help="another database holding the same set (a SQLite file or a PostgreSQL URL), whose list "
                   "pages and search are measured in turn with these, or another run's figures (--json): "
                   "these are judged within 2x of them (PostgreSQL beside SQLite)")
@DB_OPTION
@click.pass_context
def bench_command(ctx, size, runs, as_json, as_markdown, data_only, beside, db):
    from crm_tui import commands

    return commands.bench(database_url(ctx, db), size, runs, as_json, as_markdown, data_only, beside)


@click.command(name="keys", help="List every key: its id, its keys (as your settings have them) and what it does.")
@click.option("--markdown", is_flag=True, help="print the key tables of README.md (the default keys)")
def keys_command(markdown):
    from crm_tui import commands

    return commands.keys(markdown)


@click.command(name="completion", help="Print the shell completion script: eval \"$(crm-tui completion bash)\" in "
               "~/.bashrc (zsh: the same with zsh in ~/.zshrc; fish: crm-tui completion fish > "
               "~/.config/fish/completions/crm-tui.fish). Commands, record types, actions and options complete.")
@click.argument("shell", type=click.Choice(SHELLS), default="bash")
@click.pass_context
def completion_command(ctx, shell):
    from click.shell_completion import get_completion_class

    every_command = ctx.find_root().command
    script = get_completion_class(shell)(every_command, {}, "crm-tui", paths.COMPLETE_ENV).source()
    click.echo(script)
