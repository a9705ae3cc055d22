"""The `vnnews` command: a thin skin over the library."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(
    help="Vietnamese news NLP: structure, abbreviations, entities, dates and topic, as JSON.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
train_app = typer.Typer(help="Train the shipped models from ../shared/data (reproducible, seeded).", no_args_is_help=True)
app.add_typer(train_app, name="train")


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"vnnews: {message}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vnnews-nlp {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Vietnamese news NLP pipeline."""


def _read_source(path: str) -> tuple[str, bytes]:
    """(document id, raw bytes) of a file or of stdin (`-`)."""
    if path == "-":
        return "stdin", sys.stdin.buffer.read()
    p = Path(path)
    if p.is_dir():
        raise OSError(f"{path}: is a directory (use `vnnews batch` for folders)")
    if not p.exists():
        raise OSError(f"{path}: no such file")
    try:
        return p.stem, p.read_bytes()
    except OSError as error:
        raise OSError(f"{path}: cannot read: {error.strerror or error}") from None


@app.command()
def analyze(
    paths: List[str] = typer.Argument(..., help="Article files (.txt or .html), or - for standard input."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of standard output."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD (fills missing years)."),
    tokens: bool = typer.Option(False, "--tokens", help="Add sentences and word tokens with POS."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write an HTML view of the article here (one input only)."),
) -> None:
    """Analyse articles: one file prints one pretty JSON object; several print JSON Lines."""
    from .api import analyze as analyze_text
    from .errors import InputError

    if html is not None and len(paths) != 1:
        _fail("--html takes exactly one input file")
    lines: list[str] = []
    failed = False
    for path in paths:
        try:
            doc_id, data = _read_source(path)
            if path.lower().endswith((".html", ".htm")):
                document, data = _analyze_html_page(data, doc_id, path, published, tokens)
            else:
                document = analyze_text(data, id=doc_id, published=published, tokens=tokens)
        except OSError as error:
            typer.echo(f"vnnews: {error}", err=True)
            failed = True
            continue
        except InputError as error:
            # Name the path as given, not the document id made from it.
            typer.echo(f"vnnews: {path}: {error.cause}", err=True)
            failed = True
            continue
        lines.append(document.to_json(indent=2 if len(paths) == 1 else None))
        if html is not None:
            _write_view(html, document, data)
    text = "\n".join(lines) + ("\n" if lines else "")
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if failed:
        raise typer.Exit(1)


def _analyze_html_page(data: bytes, doc_id: str, path: str, published: str | None, tokens: bool):
    """An HTML page: its main text analysed, with the page's title and date; offsets index that text."""
    from .api import analyze as analyze_text
    from .html import extract_html

    page = extract_html(data, source=path)
    document = analyze_text(
        page.text, id=doc_id, published=published or page.published, title=page.title, tokens=tokens
    )
    if document.author is None and page.author:
        document.author = page.author
    document.warnings.append("HTML input: offsets index the main text extracted from the page")
    return document, page.text.encode("utf-8")


def _write_view(path: Path, document, data: bytes) -> None:
    """The HTML view over the decoded input (the text the offsets index)."""
    from .decode import decode_bytes
    from .view import render_html

    text = decode_bytes(data, source=document.id or "<input>").text
    path.write_text(render_html(document, text), encoding="utf-8")


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., help="Dumps: .jsonl[.gz], .csv, .tsv, .parquet, folders of .txt/.html, or - (JSON Lines on stdin)."),
    output: Path = typer.Option(..., "-o", "--output", help="Output by extension: .jsonl, .jsonl.gz, .parquet, .csv; failures go to OUTPUT.errors.jsonl."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes, each loading the pipeline once."),
    tokens: bool = typer.Option(False, "--tokens", help="Add sentences and word tokens with POS."),
    text_field: str = typer.Option("text", "--text-field", help="Input field holding the article text."),
    id_field: str = typer.Option("id", "--id-field", help="Input field holding the record id."),
    published_field: str = typer.Option("published", "--published-field", help="Input field holding the publication date."),
    title_field: str = typer.Option("title", "--title-field", help="Input field holding the title."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted job from its checkpoint."),
    engine: str = typer.Option("local", "--engine", help="local (processes on this machine) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (default: a local cluster)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal)."),
    checkpoint_every: int = typer.Option(1000, "--checkpoint-every", min=1, help="Checkpoint at least every N records (and every 5 s)."),
) -> None:
    """Analyse every record of dumps; each yields one output record or one error entry."""
    from .batch import BatchError, report, run_batch
    from .errors import InputError
    from .io.fields import FieldMap

    if scheduler and engine != "dask":
        _fail("--scheduler needs --engine dask")
    fields = FieldMap(text=text_field, id=id_field, published=published_field, title=title_field)
    try:
        summary = run_batch(inputs, output, workers=workers, tokens=tokens, fields=fields, resume=resume,
                            engine=engine, scheduler=scheduler, progress=progress, checkpoint_every=checkpoint_every)
    except (InputError, BatchError) as error:
        _fail(str(error))
    except ImportError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{error.filename or output}: {error.strerror or error}")
    except KeyboardInterrupt:
        _fail("interrupted; rerun with --resume to continue", code=130)
    if summary.note:
        typer.echo(f"vnnews batch: {summary.note}", err=True)
    report(summary, output)


@app.command()
def abbrev(
    short: str = typer.Argument(..., help="The short form, e.g. KH or GD&ĐT."),
    context: Optional[str] = typer.Option(None, "--context", "-c", help="The sentence or article it appears in."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """The senses of a short form, best first for the given context, with the evidence for each."""
    from .abbreviations import explain_senses

    found = explain_senses(short, context)
    if not found:
        _fail(f"no sense known for {short!r} (an unknown short form gets no expansion)")
    if as_json:
        rows = [{"long": r.long, "score": r.p, "kind": r.kind, "evidence": r.evidence} for r in found]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in found:
        typer.echo(f"{r.p:6.3f}  {r.long}  ({r.kind})")
        if r.evidence:
            typer.echo("        " + "; ".join(r.evidence))


@train_app.command("classifier")
def train_classifier(
    data_dir: Path = typer.Option(Path("../shared/data/vntc"), help="Folder with VNTC train.jsonl.gz."),
    out_dir: Optional[Path] = typer.Option(None, help="Where to write the model (default: models/classifier)."),
    seed: int = typer.Option(0, help="Random seed."),
) -> None:
    """Train the topic classifier on VNTC train."""
    from .train.classifier import train

    _train_and_report(train, data_dir, out_dir, "classifier", seed)


@train_app.command("ner")
def train_ner(
    data_dir: Path = typer.Option(Path("../shared/data"), help="The shared data folder (ner/, gazetteers/)."),
    out_dir: Optional[Path] = typer.Option(None, help="Where to write the model (default: models/ner)."),
    seed: int = typer.Option(0, help="Random seed."),
) -> None:
    """Train the entity recogniser on the annotated news."""
    from .train.ner import train

    _train_and_report(train, data_dir, out_dir, "ner", seed)


def _train_and_report(train, data_dir: Path, out_dir: Optional[Path], model: str, seed: int) -> None:
    """Run a trainer into `models/<model>` (or `out_dir`) and print its figures."""
    from .paths import model_path

    metrics = train(data_dir=data_dir, out_dir=out_dir or model_path(model), seed=seed)
    typer.echo(json.dumps(metrics, ensure_ascii=False, indent=2, default=str))


def main() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":
    main()
