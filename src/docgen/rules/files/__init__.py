"""file.* — the filed documents themselves: present, inside the archive folder,
readable, not password-protected, not empty, as many pages as the ledger says, and
not one set of bytes filed under two 档号. One module per rule; all read ctx.archive
(scanned, linked and inspected beforehand) and word findings through the catalogue."""
