"""The keys the project supplies to a template (docgen templates says so), in the
order context.BUILDERS builds them. Apart from context.py so that render/ can name
them without importing the view (which imports render's filters)."""

FIELDS = (
    "city",
    "guide",
    "years",
    "year",
    "today",
    "date",
    "problems",
    "problem_counts",
    "units",
    "indicators",
    "indicator",
    "indicator_summary",
    "circular",
    "prerequisites",
    "prerequisite_summary",
    "audit",
)
