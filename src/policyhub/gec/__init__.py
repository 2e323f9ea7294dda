"""policyhub.gec."""
