"""`docgen serve`: the clerk's web desk, a local web app over the same functions the
commands call (audit, reports, render, dossier, history). Presentation only: it runs
the pipeline and shows its result, never judges. guard.py keeps it to the one browser
that was given the address; desk.py keeps it to the project folders it was pointed at."""
