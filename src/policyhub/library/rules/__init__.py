"""Rules from the compilation that a program decides: negative list, R&D application limits, stamp duty."""
