"""Pure core of the GEC registry: no I/O, no database, no CLI."""
