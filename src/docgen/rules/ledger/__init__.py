"""Rules on the ledger workbook (归档文件目录), after DA/T 22-2015: one module per rule id;
their wording lives in docgen.catalogue.ledger."""
