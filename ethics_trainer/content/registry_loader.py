"""Loading the sources registry (the legal documents courses cite) before the courses.

Two forms are read: ``sources/<id>.md`` files (one document each) and the older
``documents.yaml``; lessons and questions cite documents by id, so the registry must be
complete before any course is loaded.
"""

from __future__ import annotations

import yaml

from ethics_trainer.content.file_reader import ContentReader
from ethics_trainer.content.meta_values import as_tags
from ethics_trainer.content.model import Document
from ethics_trainer.content.sources import parse_source
from ethics_trainer.content.text import ProblemSink
from ethics_trainer.i18n import tr

DOCUMENT_KEYS = {"title", "in_force", "replaced_by", "amended_by", "url", "issued", "note"}


def load_documents(reader: ContentReader) -> dict[str, Document]:
    """The registry: ``sources/<id>.md`` files, plus the older ``documents.yaml``."""
    docs = load_documents_yaml(reader)
    folder = reader.root / "sources"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name.startswith((".", "_")) or path.name.lower() == "readme.md":
            continue
        opened = reader.open_doc(path)
        if opened is None:
            continue
        sink, doc, lines = opened
        source = parse_source(doc.meta, doc.body, path.stem, sink, lines)
        if source is None:
            continue
        if source.id in docs:
            sink.error(1, tr("content.duplicate_id", id=source.id, first=docs[source.id].path))
            continue
        docs[source.id] = source
    for source in docs.values():
        if source.replaced_by and source.replaced_by not in docs:
            ProblemSink(source.path, reader.problems).warning(
                source.line,
                tr(
                    "content.document_replaced_unknown",
                    document=source.id,
                    replaced_by=source.replaced_by,
                ),
            )
    return docs


def load_documents_yaml(reader: ContentReader) -> dict[str, Document]:
    path = reader.root / "documents.yaml"
    if not path.is_file():
        return {}
    sink = reader.sink(path)
    text = reader.read(path, sink)
    if text is None:
        return {}
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", exc)
        sink.error(mark.line + 1 if mark else 1, tr("content.invalid_yaml", problem=problem))
        return {}
    if not isinstance(data, dict):
        sink.error(1, tr("content.documents_not_mapping"))
        return {}
    lines: dict[str, int] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw and not raw[0].isspace() and ":" in raw:
            lines.setdefault(raw.split(":", 1)[0].strip(), number)
    docs: dict[str, Document] = {}
    for ident, details in data.items():
        line = lines.get(str(ident), 1)
        if not isinstance(details, dict) or not details.get("title"):
            sink.error(line, tr("content.document_no_title", document=ident))
            continue
        for key in details:
            if key not in DOCUMENT_KEYS:
                sink.warning(line, tr("content.document_unknown_key", key=key, document=ident))
        docs[str(ident)] = Document(
            id=str(ident),
            title=str(details["title"]),
            in_force=str(details.get("in_force") or ""),
            replaced_by=str(details.get("replaced_by") or ""),
            amended_by=as_tags(details.get("amended_by")),
            path=reader.rel(path),
            line=line,
        )
    return docs
