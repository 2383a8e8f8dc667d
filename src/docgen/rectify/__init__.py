"""`docgen rectify`: the 整改 sheets the units send back, read, checked and recorded."""
