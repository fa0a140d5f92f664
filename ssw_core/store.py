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
from ssw_core.uploads import to_tables
from ssw_core.userstore import UserDataError, UserStore


class Store:
    """Read-only access to the shipped tables of one data directory, with the figures of the
    uploaded version in use (if any) added to `observations` and `sources` (origin
    'uploaded'). An unreadable user directory leaves the shipped data usable and is reported
    in `user_error`; it is never repaired or overwritten here."""

    def __init__(self, data_dir: Path | None = None, user_dir: Path | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
        self.user = UserStore(user_dir)
        self._lock = threading.Lock()
        self._con = duckdb.connect(":memory:")
        self.user_error: str | None = None
        self.user_version: str | None = None
        tables = {schema.name: self._read(schema) for schema in ALL_TABLES}
        try:
            self.user_version = self.user.current_id()
            if self.user_version is not None:
                self._add_uploads(tables, self.user.figures(self.user_version))
        except UserDataError as exc:
            self.user_error, self.user_version = str(exc), None
        self.fingerprint = data_fingerprint(self.data_dir, self.user.root)
        for schema in ALL_TABLES:
            # A real table (not a registered frame) so that every cursor sees it.
            self._con.from_arrow(tables[schema.name].to_arrow()).create(schema.name)

    @staticmethod
    def _add_uploads(tables: dict[str, pl.DataFrame], figures: pl.DataFrame) -> None:
        ind = tables["indicators"]
        pillar_of = dict(zip(ind["indicator_id"], ind["pillar"], strict=True))
        obs, sources = to_tables(figures, pillar_of)
        tables["observations"] = pl.concat([tables["observations"], obs])
        tables["sources"] = pl.concat(
            [
                tables["sources"],
                sources.filter(~pl.col("source_id").is_in(tables["sources"]["source_id"])),
            ]
        )

    def _read(self, schema: TableSchema) -> pl.DataFrame:
        path = self.data_dir / schema.filename
        if not path.is_file():
            raise DataError(
                f"{path}: file not found. Build the data with `python -m ssw_build`, "
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


def data_fingerprint(data_dir: Path, user_dir: Path) -> str:
    """The data a Store would read now: changes when a shipped file changes (size or
    modification time) or another uploaded version is put in use. Cheap (a few stat calls):
    callers compare it with a Store's `fingerprint` to know whether to open a new one."""
    return shipped_fingerprint(data_dir) + "|" + UserStore(user_dir).fingerprint()


def shipped_fingerprint(data_dir: Path) -> str:
    """A string that changes when any shipped data file changes (size or modification time)."""
    parts = []
    for schema in ALL_TABLES:
        p = Path(data_dir) / schema.filename
        st = p.stat() if p.exists() else None
        parts.append(f"{schema.name}:{st.st_size}:{st.st_mtime_ns}" if st else f"{schema.name}:-")
    return "|".join(parts)
