"""The data build: data/raw/ (and the shared sources kept verbatim there) into the Parquet files
and the maps' boundaries the dashboard serves. Run by whoever updates the data, never at run time:
nothing in ssw_core, ui or the pages imports it (tests/app/test_structure.py checks).

    python -m ssw_build             # write data/*.parquet       (ssw_build.data)
    python -m ssw_build --check     # exit 1 if the committed files differ from a fresh build
    python -m ssw_build.geo         # write data/geo/ and static/geo/ (the boundaries)
"""
