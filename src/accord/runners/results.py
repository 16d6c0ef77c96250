"""Tournament results on disk: one Parquet part per finished chunk, merged at the end.

While a tournament runs, each finished chunk is written to ``OUT.parts/part-<id>.parquet``
(written to a temporary name, then renamed, so a part is either whole or absent). The
run ids found in the parts and in an existing ``OUT`` are the finished runs that a
restarted tournament skips. At the end the rows of the plan are merged, in plan order,
into the single file ``OUT`` and the parts are removed.

The schema is flat (no list or struct columns), so pandas, Polars and DuckDB read the
file as it is.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

ROLE_FIELDS = ("party", "agent", "utility", "discounted", "model_tau", "model_pearson")


def schema(roles: int) -> pa.Schema:
    """The results table's columns for a tournament with at most ``roles`` parties."""
    import pyarrow as pa

    fields = [
        ("run_id", pa.string()),
        ("scenario", pa.string()),
        ("protocol", pa.string()),
        ("protocol_options", pa.string()),
        ("n_parties", pa.int32()),
        ("repetition", pa.int32()),
        ("seed", pa.int64()),
        ("deadline", pa.int32()),
        ("agreement", pa.bool_()),
        ("timeout", pa.bool_()),
        ("error", pa.string()),
        ("outcome", pa.int64()),
        ("rounds", pa.int32()),
        ("ending", pa.string()),
        ("distance_pareto", pa.float64()),
        ("distance_nash", pa.float64()),
        ("welfare", pa.float64()),
        ("time", pa.float64()),
    ]
    kinds = {"party": pa.string(), "agent": pa.string()}
    for i in range(1, roles + 1):
        fields.extend((f"{name}_{i}", kinds.get(name, pa.float64())) for name in ROLE_FIELDS)
    return pa.schema(fields)


def parts_dir(out: Path) -> Path:
    """Where the parts of ``out`` are kept until the tournament is merged."""
    return out.with_name(out.name + ".parts")


def write_part(out: Path, chunk_id: str, rows: Sequence[dict[str, Any]], roles: int) -> Path:
    """Write one chunk's rows as a Parquet part (atomically) and return its path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = parts_dir(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"part-{chunk_id}.parquet"
    temporary = folder / f".part-{chunk_id}.parquet.tmp"
    pq.write_table(pa.Table.from_pylist(list(rows), schema=schema(roles)), temporary)
    os.replace(temporary, path)
    return path


def _sources(out: Path) -> list[Path]:
    folder = parts_dir(out)
    parts = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
    return ([out] if out.is_file() else []) + parts


def finished(out: Path) -> set[str]:
    """Run ids already written to ``out`` or its parts."""
    import pyarrow.parquet as pq

    done: set[str] = set()
    for path in _sources(out):
        done.update(pq.read_table(path, columns=["run_id"]).column("run_id").to_pylist())
    return done


def merge(out: Path, order: Sequence[str], roles: int) -> pa.Table:
    """Merge ``out`` and its parts into ``out``: the rows of the runs in ``order``, in that
    order, each once; then remove the parts. Returns the merged table."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    target = schema(roles)
    tables = []
    for path in _sources(out):
        table = pq.read_table(path)
        columns = [
            table.column(f.name).cast(f.type)
            if f.name in table.column_names
            else pa.nulls(table.num_rows, f.type)
            for f in target
        ]
        tables.append(pa.Table.from_arrays(columns, schema=target))
    combined = pa.concat_tables(tables) if tables else target.empty_table()
    position = {run_id: i for i, run_id in enumerate(order)}
    ids = combined.column("run_id").to_pylist()
    keep: dict[str, int] = {}
    for row, run_id in enumerate(ids):
        if run_id in position and run_id not in keep:
            keep[run_id] = row
    rows = sorted(keep.values(), key=lambda r: position[ids[r]])
    merged = combined.take(pa.array(rows, type=pa.int64())) if rows else target.empty_table()
    if merged.num_rows and pc.any(pc.is_null(merged.column("run_id"))).as_py():
        raise ValueError("a result row has no run id")
    temporary = out.with_name(f".{out.name}.tmp")
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(merged, temporary)
    os.replace(temporary, out)
    shutil.rmtree(parts_dir(out), ignore_errors=True)
    return merged


def columns(table: pa.Table) -> dict[str, Any]:
    """The table as numpy columns for :func:`accord.tournament.scoring.rank`: text as
    object arrays (``None`` for missing), numbers as floats (``nan`` for missing)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    out: dict[str, Any] = {}
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_floating(column.type) or pa.types.is_integer(column.type):
            numbers = pc.fill_null(column.cast(pa.float64(), safe=False), float("nan"))
            out[name] = np.asarray(numbers.to_numpy(), dtype=float)
        elif pa.types.is_boolean(column.type):
            flags = pc.fill_null(column, False)
            out[name] = np.asarray(flags.to_numpy(zero_copy_only=False), dtype=bool)
        else:
            out[name] = np.array(column.to_pylist(), dtype=object)
    return out
