"""Chinese official forms docgen reads and writes in more than one place: the 成文日期
(dates.py) and the 发文字号 (doc_number.py)."""
