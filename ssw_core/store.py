"""The only place that holds a DuckDB connection.

A `Store` reads each Parquet file once, checks it against its schema (a bad file fails here
with a message naming file, column and expected type) and registers it as a DuckDB table.
Queries take values only as parameters, run on their own cursor (a DuckDB connection is not
thread-safe; Streamlit serves sessions on threads) and return Polars frames.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import duckdb
import polars as pl

from ssw_core import paths
from ssw_core.schema import ALL_TABLES, DataError, TableSchema, check_frame


class Store:
    """Read-only access to the shipped tables of one data directory."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
        self._lock = threading.Lock()
        self._con = duckdb.connect(":memory:")
        self.fingerprint = fingerprint(self.data_dir)
        for schema in ALL_TABLES:
            # A real table (not a registered frame) so that every cursor sees it.
            self._con.from_arrow(self._read(schema).to_arrow()).create(schema.name)

    def _read(self, schema: TableSchema) -> pl.DataFrame:
        path = self.data_dir / schema.filename
        if not path.is_file():
            raise DataError(
                f"{path}: file not found. Build the data with `python -m ssw_core.build`, "
                f"or point {paths.DATA_DIR_ENV} at a directory that has it."
            )
        try:
            df = cast(
                pl.DataFrame,
                self._con.sql("SELECT * FROM read_parquet(?)", params=[str(path)]).pl(),
            )
        except duckdb.Error as exc:
            raise DataError(f"{path}: not a readable Parquet file ({exc})") from exc
        check_frame(df, schema, str(path))
        return df

    def query(self, sql: str, params: Sequence[object] = ()) -> pl.DataFrame:
        """Run one parameterised query (values as `?` placeholders) on its own cursor."""
        with self._lock:
            cur = self._con.cursor()
        try:
            return cast(pl.DataFrame, cur.sql(sql, params=list(params)).pl())
        finally:
            cur.close()

    def close(self) -> None:
        self._con.close()


def fingerprint(data_dir: Path) -> str:
    """A string that changes when any data file changes (size or modification time)."""
    parts = []
    for schema in ALL_TABLES:
        p = Path(data_dir) / schema.filename
        st = p.stat() if p.exists() else None
        parts.append(f"{schema.name}:{st.st_size}:{st.st_mtime_ns}" if st else f"{schema.name}:-")
    return "|".join(parts)
