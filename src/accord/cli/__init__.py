"""The ``accord`` command line: parse arguments, call the core, print."""
