"""Everything `cchcsite import` reads: other systems' files → content files.

- `sources/`: one module per `cchcsite import SOURCE` (the extension point; see its docstring).
- `readers`: CSV, XLSX and JSON files → rows (`read_source`, `table_records`, `Columns`, `source_files`).
- `parse`: cleaned text, số ký hiệu (`legal_number`, `legal_basis`), Vietnamese dates (`parse_date`,
  `find_date`: "ngày 20 tháng 11 năm 2014", "20/11/2014", epoch milliseconds) and amounts (`number_of`).
- `content_files`: writing content files, `--update` merges (`merge`, `read_existing`), `ImportResult`.
- `portal`, `procedure_rows`, `procedure_fields`, `procedures`, `reconcile`: the procedure catalogue.

Nothing that builds the site imports this package (tests/test_layers.py).
"""
