"""policyhub.digital."""
