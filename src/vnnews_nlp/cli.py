"""The `vnnews` command: a thin skin over the library."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__
from .errors import InputError

def _terminal_width() -> int:
    """Help text wraps to the terminal (or $COLUMNS), however wide."""
    return max(40, shutil.get_terminal_size((100, 24)).columns)


# Plain click help: it wraps words to the terminal where rich's tables cut them off.
_CONTEXT = {"max_content_width": _terminal_width(), "terminal_width": _terminal_width(),
            "help_option_names": ["-h", "--help"]}
app = typer.Typer(
    help="Vietnamese news NLP: structure, abbreviations, entities, dates and topic, as JSON.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=_CONTEXT,
)
train_app = typer.Typer(help="Train the shipped models from the shared data (reproducible, seeded).",
                        no_args_is_help=True, rich_markup_mode=None, context_settings=_CONTEXT)
app.add_typer(train_app, name="train")

# Output files of `analyze` by extension: `.json` is one JSON value, the rest are the batch formats.
JSON_SUFFIX = ".json"


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


def _output_format(output: Path) -> str:
    """`json` for `.json`, else the batch writers' format of the extension (`jsonl`, `parquet` ...)."""
    from .io.writers import output_format

    if output.name.lower().endswith(JSON_SUFFIX):
        return "json"
    try:
        return output_format(output)
    except InputError:
        raise InputError(str(output), "unsupported output type (expected .json, .jsonl, .jsonl.gz, .parquet, "
                                      ".csv or .tsv)") from None


def _check_options(output: Optional[Path], html: Optional[Path], published: Optional[str]) -> Optional[str]:
    """Everything that can be wrong with the options, found before any article is read."""
    from .api import normalise_published
    from .io.writers import check_writable

    fmt = None
    if output is not None:
        fmt = _output_format(output)
        check_writable(output)
    if html is not None:
        check_writable(html)
    normalise_published(published, "--published")
    return fmt


@app.command()
def analyze(
    paths: List[str] = typer.Argument(..., metavar="FILE", help="Article files (.txt or .html), or - for standard input."),
    output: Optional[Path] = typer.Option(
        None, "-o", "--output", metavar="PATH",
        help="Write here instead of standard output; the format follows the extension: .json (one object, "
             "or an array for several files), .jsonl, .jsonl.gz, .parquet, .csv, .tsv."),
    published: Optional[str] = typer.Option(
        None, "--published", metavar="DATE", help="Publication date (2024-03-07, 07/03/2024 or 07-03-2024; a time is ignored): "
                                  "fills the year of dates the text leaves without one."),
    tokens: bool = typer.Option(False, "--tokens", help="Add sentences and word tokens with POS."),
    with_text: bool = typer.Option(
        False, "--text", help="Put the analysed text in every document (it is there anyway when it differs "
                              "from the file: legacy encodings, BOM or NFD repaired, HTML)."),
    html: Optional[Path] = typer.Option(None, "--html", metavar="PATH", help="Also write an HTML view of the article here (one input only)."),
    explain: bool = typer.Option(
        False, "--explain", help="Say where each entity came from: source (model, rule:<step>, gazetteer:<list>, "
                                 "definition) and the rule steps that changed it (changed_by)."),
    classifier: Optional[Path] = typer.Option(
        None, "--classifier", metavar="PATH", help="A topic model folder (from `vnnews train classifier --data`) "
                                                   "instead of the shipped one."),
) -> None:
    """Analyse article files into JSON documents.

    On standard output one file gives one pretty JSON object, several give JSON Lines; with -o the
    format follows the extension. A file that cannot be read is named on standard error, the others
    are still written, and the exit status is 1.
    """
    if html is not None and len(paths) != 1:
        _fail("--html takes exactly one input file")
    if classifier is not None:
        from .errors import VnnewsError
        from .pipeline import use_classifier

        try:
            use_classifier(classifier)
        except VnnewsError as error:
            _fail(str(error))
    try:
        fmt = _check_options(output, html, published)
    except InputError as error:
        _fail(str(error))
    documents, failed = [], False
    for path in paths:
        try:
            document, text = _analyze_path(path, published, tokens, with_text)
        except OSError as error:
            typer.echo(f"vnnews: {error}", err=True)
            failed = True
            continue
        except InputError as error:
            # Name the path as given, not the document id made from it.
            typer.echo(f"vnnews: {path}: {error.cause}", err=True)
            failed = True
            continue
        document.explain = explain
        documents.append(document)
        if html is not None:
            from .view import render_html

            html.write_text(render_html(document, text), encoding="utf-8")
    try:
        _write_documents(documents, output, fmt, tokens, pretty=len(paths) == 1)
    except OSError as error:
        _fail(f"{error.filename or output}: {error.strerror or error}")
    if failed:
        raise typer.Exit(1)


def _analyze_path(path: str, published: Optional[str], tokens: bool, with_text: bool):
    """(document, the text its offsets index) of one file or stdin; a `.html`/`.htm` page is analysed
    through its extracted article text."""
    from .api import RecordError, analyze_record

    doc_id, data = _read_source(path)
    key = "html" if path.lower().endswith((".html", ".htm")) else "text"
    # The view needs the text the offsets index: ask for it when it would not be there anyway.
    result = analyze_record({key: data, "id": doc_id, "published": published}, 0, tokens, include_text=True)
    if isinstance(result, RecordError):
        raise InputError(path, result.error)
    text = result.text
    if not with_text and key == "text" and text.encode("utf-8", "surrogatepass") == data:
        result.text = None  # the file itself is the text the offsets index
    return result, text


def _write_documents(documents: list, output: Optional[Path], fmt: Optional[str], tokens: bool, pretty: bool) -> None:
    """Standard output (one pretty object, or JSON Lines), or `output` in the format of its extension."""
    if output is None or fmt == "json":
        if output is not None and not pretty:
            text = json.dumps([d.to_dict() for d in documents], ensure_ascii=False, indent=2) + "\n"
        else:
            text = "".join(d.to_json(indent=2 if pretty else None) + "\n" for d in documents)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
        return
    from .io.writers import finalize

    staging = output.with_name(output.name + ".part")
    with open(staging, "w", encoding="utf-8") as handle:
        handle.writelines(d.to_json() + "\n" for d in documents)
    finalize(staging, output, fmt, tokens)


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., metavar="INPUT", help="Dumps: .jsonl[.gz], .csv, .tsv, .parquet, folders of .txt/.html, or - (JSON Lines on stdin); with --engine dask and a folder output also globs and fsspec URLs."),
    output: str = typer.Option(..., "-o", "--output", metavar="PATH", help="Output by extension: .jsonl, .jsonl.gz, .parquet, .csv; failures go to OUTPUT.errors.jsonl. With --engine dask, a folder (out/) gets one part file per input file and a manifest."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, metavar="N", help="Worker processes, each loading the pipeline once."),
    tokens: bool = typer.Option(False, "--tokens", help="Add sentences and word tokens with POS."),
    text_field: str = typer.Option("text", "--text-field", metavar="NAME", help="Input field holding the article text."),
    id_field: str = typer.Option("id", "--id-field", metavar="NAME", help="Input field holding the record id."),
    published_field: str = typer.Option("published", "--published-field", metavar="NAME", help="Input field holding the publication date."),
    title_field: str = typer.Option("title", "--title-field", metavar="NAME", help="Input field holding the title."),
    with_text: bool = typer.Option(
        False, "--text", help="Put the analysed text in every document (it is there anyway when it differs "
                              "from the input: decoded files, HTML)."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted job from its checkpoint."),
    engine: str = typer.Option("local", "--engine", metavar="local|dask", help="local (processes on this machine) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a local cluster)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal)."),
    checkpoint_every: int = typer.Option(1000, "--checkpoint-every", min=1, metavar="N", help="Checkpoint at least every N records (and every 5 s)."),
    part_format: str = typer.Option("jsonl.gz", "--part-format", metavar="FORMAT", help="Part files of a folder output: jsonl.gz, jsonl, parquet, csv or tsv."),
) -> None:
    """Analyse every record of dumps: one output record or one error entry each.

    Exit status: 0 every record analysed; 3 some records failed, 4 all did (each in OUTPUT.errors.jsonl,
    or OUT/_errors/ for a folder);
    1 the job could not run (an input missing or without its text field, an output that cannot be written).
    """
    from .batch import report, run_batch
    from .io.fields import FieldMap

    if scheduler and engine != "dask":
        _fail("--scheduler needs --engine dask")
    fields = FieldMap(text=text_field, id=id_field, published=published_field, title=title_field)
    if _is_folder(output):
        if engine != "dask":
            _fail(f"{output}: a folder of part files is written by --engine dask; give a file (.jsonl, .parquet ...) "
                  f"for a job on this machine")
        return _batch_to_folder(inputs, output, workers, tokens, fields, with_text, resume, scheduler, progress,
                                part_format)
    output = Path(output)
    _run_job(lambda: run_batch(inputs, output, workers=workers, tokens=tokens, fields=fields, include_text=with_text,
                               resume=resume, engine=engine, scheduler=scheduler, progress=progress,
                               checkpoint_every=checkpoint_every),
             output, lambda summary: report(summary, output))


def _run_job(job, output, report_summary) -> None:
    """Run a batch job; a job that cannot run exits 1 with its reason, one with failed records 3 or 4."""
    from .batch import BatchError

    try:
        summary = job()
    except (InputError, BatchError, ImportError) as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{error.filename or output}: {error.strerror or error}")
    except KeyboardInterrupt:
        _fail("interrupted; rerun with --resume to continue", code=130)
    if summary.note:
        typer.echo(f"vnnews batch: {summary.note}", err=True)
    report_summary(summary)
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


def _is_folder(output: str) -> bool:
    """`out/`, an existing folder, or a name without an extension: the output of a cluster job."""
    return output.endswith(("/", "\\")) or Path(output).is_dir() or not Path(output.rstrip("/")).suffix


def _batch_to_folder(inputs: List[str], output: str, workers: int, tokens: bool, fields, with_text: bool,
                     resume: bool, scheduler: Optional[str], progress: Optional[bool], part_format: str) -> None:
    """A cluster job: workers read their own input files and write their own parts into `output`."""

    def job():
        from .cluster import analyze_files

        return analyze_files(inputs, output, scheduler=scheduler, workers=workers, tokens=tokens, fields=fields,
                             include_text=with_text, part_format=part_format, resume=resume, progress=progress)

    def report_summary(summary) -> None:
        from .cluster.job import report

        report(summary)

    _run_job(job, output, report_summary)


@app.command()
def abbrev(
    short: str = typer.Argument(..., metavar="SHORT", help="The short form, e.g. KH or GD&ĐT."),
    context: Optional[str] = typer.Option(None, "--context", "-c", metavar="TEXT",
                                          help="The sentence or article it appears in."),
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
    data_dir: Optional[Path] = typer.Option(None, metavar="PATH", help="The shared data folder with vntc/ and modern/ (default: data of the shared data).", show_default=False),
    data: Optional[Path] = typer.Option(None, "--data", metavar="FILE", help="Train on your own labelled dump (JSONL, CSV/TSV, Parquet) instead."),
    label_field: str = typer.Option("label", "--label-field", metavar="NAME", help="With --data: the field holding the label (records without one are skipped)."),
    text_field: str = typer.Option("text", "--text-field", metavar="NAME", help="With --data: the field holding the article text."),
    out_dir: Optional[Path] = typer.Option(
        None, metavar="PATH", help="Where to write the model (default: models/classifier; with --data a new folder "
                   "./classifier-YYYYMMDD-HHMMSS).", show_default=False),
    overwrite: bool = typer.Option(False, "--overwrite", help="With --data: write over a non-empty --out-dir."),
    seed: int = typer.Option(0, metavar="N", help="Random seed."),
) -> None:
    """Train the topic classifier (VNTC + modern news, or --data); prints held-out accuracy and calibration.

    A seeded, stratified fifth of the articles (VnExpress and Dân Trí for the shipped model) is held out,
    never trained on, and reported; its ids are written beside the model. Use the model with
    `vnnews analyze --classifier PATH` or `vnnews_nlp.load(classifier=PATH)`.
    """
    if data is None:
        from .train.classifier import train

        _train_and_report(train, _shared_data(data_dir, "data"), out_dir, "classifier", seed)
        return
    from .paths import model_path
    from .train.classifier import train_dump

    if not data.is_file():
        _fail(f"{data}: no such file (the labelled dump for --data)")
    if out_dir is not None and out_dir.resolve() == model_path("classifier").resolve():
        _fail(f"{out_dir}: is the shipped model; train your own into a new folder")
    target = _new_model_dir("classifier", out_dir, overwrite)
    try:
        metrics = train_dump(data, label_field, target, seed, text_field)
    except InputError as error:
        _fail(str(error))
    typer.echo(json.dumps(metrics, ensure_ascii=False, indent=2, default=str))


@train_app.command("ner")
def train_ner(
    data_dir: Optional[Path] = typer.Option(None, metavar="PATH", help="The shared data folder with ner/ (default: data of the shared data).", show_default=False),
    out_dir: Optional[Path] = typer.Option(
        None, metavar="PATH", help="Where to write the model (default: a new folder ./ner-YYYYMMDD-HHMMSS; the shipped "
                   "models/ner is replaced only with --overwrite).", show_default=False),
    overwrite: bool = typer.Option(False, "--overwrite", help="Write over the shipped models/ner, or over a "
                                                              "non-empty --out-dir."),
    seed: int = typer.Option(0, metavar="N", help="Random seed."),
) -> None:
    """Train the entity recogniser on the annotated news (into a new folder unless --overwrite)."""
    from .train.ner import train

    data = _shared_data(data_dir, "data")
    _train_and_report(train, data, _new_model_dir("ner", out_dir, overwrite), "ner", seed)


def _shared_data(data_dir: Optional[Path], *parts: str) -> Path:
    """`data_dir`, or the folder under the shared data (`../shared` beside the checkout, `$VNNEWS_SHARED`)."""
    from .errors import VnnewsError
    from .paths import shared_path

    if data_dir is None:
        try:
            data_dir = shared_path(*parts)
        except VnnewsError as error:
            _fail(f"{error}; or name the data folder with --data-dir")
    if not data_dir.is_dir():
        _fail(f"{data_dir}: no such directory (the training data; set --data-dir or VNNEWS_SHARED)")
    return data_dir


def _new_model_dir(model: str, out_dir: Optional[Path], overwrite: bool) -> Path:
    """Where a trainer writes: never over a model (the shipped one, or any non-empty folder) without --overwrite."""
    import time

    from .paths import model_path

    if out_dir is None:
        if overwrite:
            return model_path(model)
        out_dir = Path.cwd() / f"{model}-{time.strftime('%Y%m%d-%H%M%S')}"
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())) and not overwrite:
        _fail(f"{out_dir}: exists and is not empty; pass --overwrite to replace it, or name a new folder")
    if not out_dir.parent.is_dir():
        _fail(f"{out_dir.parent}: no such directory (create it first)")
    typer.echo(f"vnnews train: writing the {model} model to {out_dir}", err=True)
    return out_dir


def _train_and_report(train, data_dir: Path, out_dir: Optional[Path], model: str, seed: int) -> None:
    """Run a trainer into `models/<model>` (or `out_dir`) and print its figures."""
    from .paths import model_path

    metrics = train(data_dir=data_dir, out_dir=out_dir or model_path(model), seed=seed)
    typer.echo(json.dumps(metrics, ensure_ascii=False, indent=2, default=str))


def main() -> None:
    """Console entry point."""
    app(prog_name="vnnews")


if __name__ == "__main__":
    main()
