"""The parts of the HTML report (report/html_report.py) and the CSS and script it inlines."""
