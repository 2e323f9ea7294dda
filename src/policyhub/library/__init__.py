"""policyhub.library."""
