"""A realistic synthetic council for demonstrations: no real person's data, ever.

`generator.Council` streams a council's year of sharing as recordings in ledger order;
`writer.DemoWriter` appends them through the store; `measure.measure` reports the mix.
`disclosure demo` (lineage/cli/demo.py) and `bin/run` put them together.
"""
