"""Loading: read the project folder into plain data (docgen.model). Loading never judges."""
